/*
 * EL2 stage-1 translation: the hypervisor's own view of memory.
 *
 * Design: an identity map (VA == PA) built by pt.c. The platform's RAM is
 * Normal write-back, inner shareable, read/write and never executable,
 * except the image: its text is read-only executable, its rodata
 * read-only, and the guard pages around each pCPU's stacks are left out.
 * The MMIO window is Device-nGnRE, never executable; everything else is
 * unmapped, so a stray pointer or a stack overflow faults at once. The tables live in BSS and are built once
 * by the boot pCPU with the MMU still off (no atomics, so no printk here);
 * every pCPU then loads the same registers from arm64_mmu_regs (entry.S).
 *
 * Locking: written once before any secondary starts, read-only afterwards.
 */
#include <stdbool.h>
#include <stdint.h>

#include <arm64/arm64.h>
#include <arm64/pt.h>
#include <arm64/sysreg.h>
#include <plat_config.h>

#define TABLE_POOL 8U

/* TCR_EL2 (E2H = 0): RES1 bits 31 and 23, WBWA walks, inner shareable. */
#define TCR_RES1 ((1ULL << 31) | (1ULL << 23))
#define TCR_T0SZ (64ULL - ARM64_PT_VA_BITS)
#define TCR_IRGN0_WBWA (1ULL << 8)
#define TCR_ORGN0_WBWA (1ULL << 10)
#define TCR_SH0_INNER (3ULL << 12)
#define TCR_PS_SHIFT 16U
#define PARANGE_48BIT 5ULL

#define BLOCK_2M (1ULL << ARM64_PT_L2_SHIFT)
_Static_assert(((uint64_t)PLAT_RAM_BASE | (uint64_t)PLAT_RAM_SIZE) % BLOCK_2M == 0U,
               "RAM must be 2 MiB aligned");
_Static_assert(((uint64_t)PLAT_MMIO_BASE | (uint64_t)PLAT_MMIO_SIZE) % BLOCK_2M == 0U,
               "MMIO window must be 2 MiB aligned");
_Static_assert(PLAT_RAM_BASE + PLAT_RAM_SIZE <= (1ULL << ARM64_PT_VA_BITS),
               "RAM beyond the 39-bit map");
_Static_assert(PLAT_MMIO_BASE + PLAT_MMIO_SIZE <= (1ULL << ARM64_PT_VA_BITS),
               "MMIO beyond the 39-bit map");

struct arm64_mmu_regs arm64_mmu_regs;

static uint64_t l1_table[ARM64_PT_ENTRIES] __attribute__((aligned(4096)));
static uint64_t table_pool[TABLE_POOL][ARM64_PT_ENTRIES] __attribute__((aligned(4096)));

/* MMU is off: no printk (its lock is atomic); write and stop. */
static _Noreturn void early_fail(const char *msg)
{
	arm64_puts(msg);
	for (;;) {
		__asm__ volatile("wfi");
	}
}

/* Unsigned wrap-around makes one comparison cover both bounds. */
static bool in_ram(uint64_t addr)
{
	return addr - PLAT_RAM_BASE < PLAT_RAM_SIZE;
}

static uint64_t tcr_value(void)
{
	uint64_t parange = READ_SYSREG(id_aa64mmfr0_el1) & 0xfU;

	if (parange > PARANGE_48BIT) {
		parange = PARANGE_48BIT;
	}
	return TCR_RES1 | TCR_T0SZ | TCR_IRGN0_WBWA | TCR_ORGN0_WBWA | TCR_SH0_INNER |
	       (parange << TCR_PS_SHIFT);
}

static uint64_t addr_of(const void *p)
{
	return (uint64_t)(uintptr_t)p;
}

/* Map [start, end) read/write, leaving out every stack guard page inside. */
static int map_rw_around_guards(struct arm64_pt *pt, uint64_t start, uint64_t end)
{
	static const uint64_t guards[2] = {0, ARM64_MAIN_GUARD_OFFSET};
	uint64_t cursor = start;

	for (unsigned cpu = 0; cpu < HAL_MAX_CPUS; cpu++) {
		for (unsigned g = 0; g < 2U; g++) {
			uint64_t guard = addr_of(arm64_stacks[cpu]) + guards[g];

			if (guard > cursor &&
			    arm64_pt_map(pt, cursor, guard - cursor, ARM64_MEM_RW) != 0) {
				return -1;
			}
			cursor = guard + ARM64_GUARD_BYTES;
		}
	}
	return (end > cursor) ? arm64_pt_map(pt, cursor, end - cursor, ARM64_MEM_RW) : 0;
}

/* RAM around the image read/write; the image by parts; then the MMIO. */
static int map_all(struct arm64_pt *pt)
{
	uint64_t ram_end = PLAT_RAM_BASE + PLAT_RAM_SIZE;
	uint64_t img = addr_of(__image_start);
	uint64_t img_end = addr_of(__image_end);
	int err = 0;

	if (img > PLAT_RAM_BASE) {
		err |= arm64_pt_map(pt, PLAT_RAM_BASE, img - PLAT_RAM_BASE, ARM64_MEM_RW);
	}
	err |= arm64_pt_map(pt, img, addr_of(__text_end) - img, ARM64_MEM_TEXT);
	if (addr_of(__rodata_end) > addr_of(__rodata_start)) {
		err |= arm64_pt_map(pt, addr_of(__rodata_start),
		                    addr_of(__rodata_end) - addr_of(__rodata_start), ARM64_MEM_RO);
	}
	err |= map_rw_around_guards(pt, addr_of(__data_start), img_end);
	if (ram_end > img_end) {
		err |= arm64_pt_map(pt, img_end, ram_end - img_end, ARM64_MEM_RW);
	}
	err |= arm64_pt_map(pt, PLAT_MMIO_BASE, PLAT_MMIO_SIZE, ARM64_MEM_DEVICE);
	return err;
}

/*
 * @pre  boot pCPU, MMU off, BSS zero.
 * @post arm64_mmu_regs holds the values that turn the identity map on.
 * [impl->dsn~arm64-el2-mmu~1]
 * [impl->dsn~arm64-stacks~1]
 */
void arm64_mmu_build_tables(void)
{
	struct arm64_pt pt = {l1_table, table_pool, TABLE_POOL, 0U};

	if (!in_ram(addr_of(__image_start)) || !in_ram(addr_of(__image_end) - 1U)) {
		early_fail("Bulkhead: image not inside the platform's RAM (PLAT_RAM_BASE/SIZE)\n");
	}
	if (map_all(&pt) != 0) {
		early_fail(
		        "Bulkhead: EL2 page tables: overlapping regions or table pool exhausted\n");
	}
	arm64_mmu_regs.mair = ARM64_MAIR_VALUE;
	arm64_mmu_regs.tcr = tcr_value();
	arm64_mmu_regs.ttbr0 = addr_of(l1_table);
}
