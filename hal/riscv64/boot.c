/*
 * Boot hart: from the entry code to core_boot_primary().
 *
 * Design: entry.S has masked interrupts, set stvec and tp, cleared BSS and
 * given us stack 0. Here, in order: record the hart id as dense id 0,
 * initialise the UART (so every later failure can be reported), require
 * the H extension, put the H CSRs in their boot state, build and enable
 * the Sv39 map, describe the machine in hal_boot_info (with the window
 * where QEMU's loader puts a packed system image) and hand over to the
 * core. The boot info comes from the platform file and linker symbols; the
 * DTB is passed on untouched and not parsed.
 *
 * Locking: runs before any other hart is started.
 */
#include <stdint.h>

#include <hal/boot.h>
#include <lib/print.h>
#include <plat_config.h>

#include "gstage.h"
#include "hext.h"
#include "mmu.h"
#include "pcpu.h"
#include "uart.h"
#include "vcpu.h"

_Static_assert(PLAT_IMAGE_ADDR >= PLAT_HV_LOAD_BASE &&
                       PLAT_IMAGE_ADDR + PLAT_IMAGE_SIZE <= PLAT_RAM_BASE + PLAT_RAM_SIZE,
               "the system image window must be in managed RAM");
_Static_assert(PLAT_HV_LOAD_BASE > PLAT_RAM_BASE &&
                       PLAT_HV_LOAD_BASE < PLAT_RAM_BASE + PLAT_RAM_SIZE,
               "the load address must be inside RAM");

extern char __hv_start[], __hv_end[];

static struct hal_boot_info boot_info;

/*
 * @post one RAM range above OpenSBI, the image from the linker symbols.
 * [impl->dsn~riscv64-boot-info~1]
 */
static void fill_boot_info(const void *dtb)
{
	/* OpenSBI keeps [PLAT_RAM_BASE, PLAT_HV_LOAD_BASE): not managed. */
	boot_info.ram[0].base = PLAT_HV_LOAD_BASE;
	boot_info.ram[0].size = PLAT_RAM_BASE + PLAT_RAM_SIZE - PLAT_HV_LOAD_BASE;
	boot_info.nr_ram = 1;
	boot_info.hv_image.base = (uintptr_t)__hv_start;
	boot_info.hv_image.size = (uintptr_t)__hv_end - (uintptr_t)__hv_start;
	boot_info.firmware_blob = dtb;
	/* [impl->dsn~riscv64-system-image~1] */
	boot_info.system_image.base = PLAT_IMAGE_ADDR;
	boot_info.system_image.size = PLAT_IMAGE_SIZE;
}

/* One line: what guests get on this hart (G-stage mode, VMIDs, Sstc, FP). */
static void rv_report_guest_support(void)
{
	printk("riscv64: guests: G-stage %s, %u VMID bits, %s, %s\n",
	       rv_gstage_gpa_limit() > (1ULL << 41) ? "Sv48x4" : "Sv39x4", rv_gstage_vmid_bits(),
	       rv_has_sstc ? "Sstc" : "no Sstc (guest timer emulated)", rv_has_fp ? "FP" : "no FP");
}

_Noreturn void rv_boot_primary(unsigned long hartid, const void *dtb)
{
	struct rv_pcpu *self = rv_this_pcpu();

	self->hartid = hartid;
	self->id = 0;
	uart_init();
	rv_require_h();
	rv_hs_csr_init();
	rv_gstage_probe();
	rv_report_guest_support();
	rv_mmu_build();
	rv_mmu_enable();
	fill_boot_info(dtb);
	core_boot_primary(&boot_info);
}
