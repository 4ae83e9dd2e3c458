/*
 * Sv39 for the hypervisor (HS-mode satp): an identity map with W^X.
 *
 * Design: the boot hart builds one set of tables that every hart uses:
 *   - the image, page by page: .text R+X, .rodata R, .data/.bss R+W;
 *   - the rest of managed RAM (PLAT_HV_LOAD_BASE .. end of RAM) R+W, no X;
 *   - the UART and the interrupt controller (PLIC, or APLIC and IMSIC
 *     files), R+W, no X (Sv39 has no memory types without
 *     Svpbmt: the platform's PMAs make these regions I/O).
 * Nothing else is mapped: OpenSBI's region below PLAT_HV_LOAD_BASE and the
 * CLINT (M-mode only under OpenSBI) fault if touched. All entries are
 * global (G) with A/D preset. Guests get their own G-stage tables later.
 *
 * Locking: built before the secondaries start; read-only afterwards.
 */
#include <stdint.h>

#include <lib/print.h>
#include <plat_config.h>

#include "csr.h"
#include "mmu.h"
#include "pt_sv39.h"

/* Root + a few lower tables: 5 used on a 1 GiB PLIC board, 7 with AIA. */
#define MMU_POOL_TABLES 10U

extern char __text_start[], __text_end[], __rodata_start[], __rodata_end[];
extern char __data_start[], __hv_end[];

static __attribute__((aligned(4096))) pt_table_t pool_tables[MMU_POOL_TABLES];
static struct pt_pool pool = {.tables = pool_tables, .nr = MMU_POOL_TABLES};

struct mmu_region {
	const char *name;
	uint64_t base;
	uint64_t end;
	uint64_t attr;
};

static void map_region(const struct mmu_region *r)
{
	int err = pt_map(&pool, r->base, r->base, r->end - r->base, r->attr);

	if (err != 0) {
		panic("Sv39: mapping %s 0x%llx-0x%llx failed (%d)\n", r->name,
		      (unsigned long long)r->base, (unsigned long long)r->end, err);
	}
}

/* [impl->dsn~riscv64-sv39~1] */
void rv_mmu_build(void)
{
	const uint64_t ram_end = PLAT_RAM_BASE + PLAT_RAM_SIZE;
	const struct mmu_region regions[] = {
	        {"text", (uintptr_t)__text_start, (uintptr_t)__text_end, PT_ATTR_RX},
	        {"rodata", (uintptr_t)__rodata_start, (uintptr_t)__rodata_end, PT_ATTR_RO},
	        {"data", (uintptr_t)__data_start, (uintptr_t)__hv_end, PT_ATTR_RW},
	        {"RAM below image", PLAT_HV_LOAD_BASE, (uintptr_t)__text_start, PT_ATTR_RW},
	        {"RAM", (uintptr_t)__hv_end, ram_end, PT_ATTR_RW},
	        {"UART", PLAT_UART_BASE, PLAT_UART_BASE + PLAT_UART_SIZE, PT_ATTR_RW},
	        {"interrupt controller", PLAT_IRQC_MMIO_BASE,
	         PLAT_IRQC_MMIO_BASE + PLAT_IRQC_MMIO_SIZE, PT_ATTR_RW},
	        {"IMSIC", PLAT_IRQC_MMIO2_BASE, PLAT_IRQC_MMIO2_BASE + PLAT_IRQC_MMIO2_SIZE,
	         PT_ATTR_RW},
	};

	for (unsigned i = 0; i < sizeof(regions) / sizeof(regions[0]); i++) {
		if (regions[i].end > regions[i].base) {
			map_region(&regions[i]);
		}
	}
}

void rv_mmu_enable(void)
{
	uint64_t satp = pt_satp(&pool);

	__asm__ volatile("sfence.vma" : : : "memory");
	csr_write(satp, satp);
	__asm__ volatile("sfence.vma" : : : "memory");
	/* satp is WARL: an unsupported mode leaves it unchanged (Bare). */
	if (csr_read(satp) != satp) {
		panic("Sv39 is not supported by this hart (satp reads 0x%lx)\n", csr_read(satp));
	}
}
