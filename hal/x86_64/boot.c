/*
 * x86-64 boot pCPU: from entry.S to core_boot_primary().
 *
 * Design: runs in long mode on pCPU 0's stack with the identity map. Order
 * matters: the console first (every later step may print), then the IDT (so
 * a fault is dumped, not a triple fault), the SVM check (halts before the
 * banner when SVM/NP is missing), the TSC calibration (IPIs and the core's
 * waits need time), the local APIC, and the RAM map from the Multiboot
 * info. A "bulkhead.selftest=pf" token on the Multiboot command line
 * (QEMU -append) provokes a page fault instead, to show the trap dump;
 * "bulkhead.selftest=stack" overflows the stack into its guard page (a #DF
 * on the IST stack); "bulkhead.selftest=poweroff" powers the machine off.
 */
#include <stddef.h>
#include <stdint.h>

#include <hal/boot.h>
#include <hal/cpu.h>
#include <lib/print.h>
#include <lib/string.h>
#include <plat_config.h>

#include "arch.h"
#include "ioapic.h"
#include "x86.h"

/* Multiboot v1 information structure (the fields used here). */
struct __attribute__((packed)) mb_info {
	uint32_t flags;
	uint32_t mem_lower;
	uint32_t mem_upper;
	uint32_t boot_device;
	uint32_t cmdline;
	uint32_t mods_count;
	uint32_t mods_addr;
	uint32_t syms[4];
	uint32_t mmap_length;
	uint32_t mmap_addr;
};

#define MB_INFO_MEM 0x001U
#define MB_INFO_CMDLINE 0x004U
#define MB_INFO_MMAP 0x040U
#define SELFTEST_PF "bulkhead.selftest=pf"
#define SELFTEST_POWEROFF "bulkhead.selftest=poweroff"
#define SELFTEST_STACK "bulkhead.selftest=stack"
/* Not mapped: the boot page tables cover only the low X86_MAPPED_GIB GiB. */
#define UNMAPPED_ADDR 0x7ffff0000000ULL

extern char __image_start[];
extern char __image_end[];

static struct hal_boot_info boot_info;

/* [impl->dsn~x86-ram-map~1] */
static void fill_ram(const struct mb_info *mb)
{
	if ((mb->flags & MB_INFO_MMAP) != 0U) {
		boot_info.nr_ram = x86_mb_parse_mmap(phys_to_virt(mb->mmap_addr), mb->mmap_length,
		                                     boot_info.ram, HAL_MAX_RAM_RANGES);
	} else if ((mb->flags & MB_INFO_MEM) != 0U) {
		/* mem_upper: KiB of contiguous RAM from 1 MiB. */
		boot_info.ram[0] = (struct hal_mem_range){0x100000U, (uint64_t)mb->mem_upper << 10};
		boot_info.nr_ram = 1;
	} else {
		/* no memory information: nr_ram stays 0, checked below */
	}
	if (boot_info.nr_ram == 0U) {
		printk("x86: Multiboot gave no memory map\n");
	}
}

bool x86_ram_contains(uint64_t pa)
{
	for (unsigned i = 0; i < boot_info.nr_ram; i++) {
		if (pa - boot_info.ram[i].base < boot_info.ram[i].size) {
			return true;
		}
	}
	return false;
}

static bool cmdline_has(const struct mb_info *mb, const char *token)
{
	const char *s;
	size_t n = strlen(token);

	if ((mb->flags & MB_INFO_CMDLINE) == 0U || mb->cmdline == 0U) {
		return false;
	}
	for (s = phys_to_virt(mb->cmdline); *s != '\0'; s++) {
		if (strncmp(s, token, n) == 0) {
			return true;
		}
	}
	return false;
}

static void run_selftest(const struct mb_info *mb)
{
	if (cmdline_has(mb, SELFTEST_PF)) {
		printk("x86 selftest: reading unmapped address 0x%llx\n", UNMAPPED_ADDR);
		(void)*(volatile uint64_t *)phys_to_virt(UNMAPPED_ADDR);
	}
	if (cmdline_has(mb, SELFTEST_STACK)) {
		uint64_t bottom = (uint64_t)(uintptr_t)&x86_cpu_stacks[0][X86_MAIN_OFF];

		printk("x86 selftest: overflowing the stack into its guard page\n");
		__asm__ volatile("mov %0, %%rsp; pushq $0" : : "r"(bottom) : "memory");
	}
	if (cmdline_has(mb, SELFTEST_POWEROFF)) {
		printk("x86 selftest: powering off\n");
		hal_machine_poweroff();
	}
}

_Noreturn void x86_primary_main(uint32_t mbi)
{
	const struct mb_info *mb = phys_to_virt(mbi);
	ptrdiff_t image_size;

	x86_uart_init();
	printk("\n"); /* SeaBIOS leaves the cursor after "Booting from ROM..." */
	x86_trap_init();
	x86_trap_load();
	x86_this_cpu()->cpu_id = 0;
	x86_tss_load(0);
	x86_mmu_unmap_stack_guards();
	x86_pic_disable();
	x86_ioapic_init(); /* every pin masked until a domain gets one */
	x86_lapic_init_cpu();
	x86_this_cpu()->apic_id = x86_lapic_id();
	x86_svm_init_cpu(0);
	x86_svm_report();
	x86_time_init();
	x86_timer_calibrate();
	fill_ram(mb);
	/* misra-deviation: D-0005 Rule 1.3 linker symbols bound the same image */
	image_size = __image_end - __image_start;
	boot_info.hv_image =
	        (struct hal_mem_range){(uint64_t)(uintptr_t)__image_start, (uint64_t)image_size};
	boot_info.firmware_blob = mb;
	/* [impl->dsn~x86-boot-image~1] Loaded by QEMU's -device loader (qemu.conf IMAGE_ADDR); the core checks it. */
	boot_info.system_image = (struct hal_mem_range){PLAT_IMAGE_ADDR, PLAT_IMAGE_SIZE};
	run_selftest(mb);
	core_boot_primary(&boot_info);
}
