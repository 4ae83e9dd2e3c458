/*
 * Boot hand-off: from entry.S to the core, on the boot pCPU and on each
 * secondary.
 *
 * Design: the boot pCPU's C entry prints the EL2 state it reads back (the
 * `arm64:` line), fills struct hal_boot_info from the platform file (RAM,
 * system image window) and the linker script (image footprint), then calls
 * core_boot_primary(). Secondaries go straight to core_boot_secondary(). A
 * pCPU that entered at the wrong exception level prints why and stops,
 * without locks or the MMU. The per-pCPU stack slots live here.
 *
 * Locking: boot_info is written once before the core runs.
 */
#include <stdint.h>

#include <arm64/arm64.h>
#include <arm64/guest.h>
#include <arm64/layout.h>
#include <arm64/psci.h>
#include <arm64/sysreg.h>
#include <hal/boot.h>
#include <hal/console.h>
#include <hal/cpu.h>
#include <lib/print.h>
#include <lib/string.h>
#include <plat_config.h>

#define SCTLR_M (1ULL << 0)
#define SCTLR_C (1ULL << 2)
#define SCTLR_I (1ULL << 12)

_Static_assert(ARM64_EXC_STACK_TOP == ARM64_GUARD_SIZE + ARM64_EXC_STACK_SIZE, "layout.h");
_Static_assert(ARM64_MAIN_GUARD == ARM64_EXC_STACK_TOP, "layout.h");
_Static_assert(ARM64_MAIN_STACK_TOP == ARM64_MAIN_GUARD + ARM64_GUARD_SIZE + ARM64_STACK_SIZE,
               "layout.h");
_Static_assert(ARM64_STACK_SLOT == ARM64_MAIN_STACK_TOP, "layout.h");

/* The stacks of each pCPU (layout in arm64/layout.h; guards unmapped). */
uint8_t arm64_stacks[HAL_MAX_CPUS][ARM64_STACK_SLOT] __attribute__((aligned(4096)));

_Static_assert(PLAT_IMAGE_SIZE > 0U && PLAT_IMAGE_SIZE <= PLAT_RAM_SIZE &&
                       PLAT_IMAGE_ADDR - PLAT_RAM_BASE <= PLAT_RAM_SIZE - PLAT_IMAGE_SIZE,
               "the system image window (PLAT_IMAGE_ADDR/SIZE) must lie in RAM");

static struct hal_boot_info boot_info;

const char *hal_arch_name(void)
{
	return "arm64";
}

const char *hal_platform_name(void)
{
	return BH_PLATFORM;
}

/*
 * RAM at physical 0 (ZCU102): its first 2 MiB (below the image) are not
 * handed to the core, so no allocation has address 0, which would read as
 * NULL through the identity map.
 */
#define RAM_HOLD_AT_ZERO (PLAT_RAM_BASE == 0U ? 0x200000ULL : 0ULL)

static void fill_boot_info(uint64_t firmware_arg)
{
	boot_info.ram[0].base = PLAT_RAM_BASE + RAM_HOLD_AT_ZERO;
	boot_info.ram[0].size = PLAT_RAM_SIZE - RAM_HOLD_AT_ZERO;
	boot_info.nr_ram = 1U;
	boot_info.hv_image.base = (uint64_t)(uintptr_t)__image_start;
	boot_info.hv_image.size =
	        (uint64_t)(uintptr_t)__image_end - (uint64_t)(uintptr_t)__image_start;
	boot_info.firmware_blob = (const void *)(uintptr_t)firmware_arg;
	/* [impl->dsn~arm64-boot-info~1] */
	boot_info.system_image.base = PLAT_IMAGE_ADDR;
	boot_info.system_image.size = PLAT_IMAGE_SIZE;
	if (PLAT_IMAGE_ADDR < boot_info.hv_image.base + boot_info.hv_image.size &&
	    boot_info.hv_image.base < PLAT_IMAGE_ADDR + PLAT_IMAGE_SIZE) {
		panic("arm64: PLAT_IMAGE_ADDR/SIZE overlaps the hypervisor image\n");
	}
}

static const char *on_off(uint64_t reg, uint64_t bit)
{
	return (reg & bit) != 0U ? "on" : "off";
}

/* One line of what the hardware state really is, read back, not assumed. */
static void report_el2_state(void)
{
	uint64_t sctlr = READ_SYSREG(sctlr_el2);
	uint64_t psci = (uint64_t)arm64_psci_call(PSCI_VERSION, 0, 0, 0);
	uint64_t el = (READ_SYSREG(CurrentEL) >> 2) & 3U;

	printk("arm64: EL%llu, MMU %s, D-cache %s, I-cache %s, PSCI %llu.%llu\n",
	       (unsigned long long)el, on_off(sctlr, SCTLR_M), on_off(sctlr, SCTLR_C),
	       on_off(sctlr, SCTLR_I), (unsigned long long)((psci >> 16) & 0xffffU),
	       (unsigned long long)(psci & 0xffffU));
}

/* @pre MMU on, vectors installed, UART initialised; pCPU 0. */
_Noreturn void arm64_boot_primary(uint64_t firmware_arg)
{
	report_el2_state();
	fill_boot_info(firmware_arg);
	arm64_gic_init_primary();
	arm64_gic_init_cpu(0);
	core_boot_primary(&boot_info);
}

/* @pre MMU on, vectors installed; TPIDR_EL2 = cpu. */
_Noreturn void arm64_boot_secondary(unsigned cpu)
{
	arm64_gic_init_cpu(cpu);
	core_boot_secondary(cpu);
}

void arm64_puts(const char *s)
{
	hal_console_write(s, strlen(s));
}

/*
 * @pre  current_el is CurrentEL (EL in bits [3:2]), not EL2; MMU off.
 * @post the reason is on the console and this pCPU never returns.
 * [impl->dsn~arm64-el2-check~1]
 */
_Noreturn void arm64_boot_wrong_el(uint64_t current_el)
{
	static const char *const names[4] = {"0", "1", "2", "3"};

	arm64_puts("Bulkhead: entered at EL");
	arm64_puts(names[(current_el >> 2) & 3U]);
	arm64_puts(", EL2 required (use -M ...,virtualization=on)\n");
	hal_cpu_halt();
}
