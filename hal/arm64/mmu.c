/*
 * EL2 stage-1 translation: the hypervisor's own view of memory.
 *
 * Design: an identity map (VA == PA) with a 4 KiB granule and a 39-bit VA
 * (T0SZ = 25, walks start at level 1). The platform's RAM is Normal
 * write-back, inner shareable; its MMIO window is Device-nGnRE and never
 * executable. Whole aligned GiBs become level-1 blocks, the rest 2 MiB
 * level-2 blocks from a small static pool; everything else is unmapped, so a
 * stray pointer faults instead of touching the unknown. The tables live in
 * BSS and are built once by the boot pCPU with the MMU still off (so this
 * file must not use atomics or unaligned accesses); every pCPU then loads
 * the same registers from arm64_mmu_regs.
 *
 * Locking: written once before any secondary starts, read-only afterwards.
 */
#include <stdbool.h>
#include <stdint.h>

#include <arm64/arm64.h>
#include <arm64/sysreg.h>
#include <hal/console.h>
#include <lib/string.h>
#include <plat_config.h>

#define PAGE_ENTRIES 512U
#define L1_SHIFT 30U
#define L2_SHIFT 21U
#define L1_BLOCK (1ULL << L1_SHIFT)
#define L2_BLOCK (1ULL << L2_SHIFT)
#define VA_BITS 39U
#define L2_POOL 8U

/* Descriptor bits (Arm ARM D8.3, stage 1, EL2 regime). */
#define DESC_BLOCK 0x1ULL
#define DESC_TABLE 0x3ULL
#define DESC_ATTR(i) ((uint64_t)(i) << 2)
#define DESC_SH_INNER (3ULL << 8)
#define DESC_AF (1ULL << 10)
#define DESC_XN (1ULL << 54)
#define DESC_ADDR_MASK 0x0000fffffffff000ULL

/* MAIR_EL2 attribute indexes. */
#define ATTR_DEVICE_nGnRnE 0U
#define ATTR_DEVICE_nGnRE 1U
#define ATTR_NORMAL_WB 2U
#define MAIR_VALUE                                                                                 \
	((0x00ULL << (8U * ATTR_DEVICE_nGnRnE)) | (0x04ULL << (8U * ATTR_DEVICE_nGnRE)) |          \
	 (0xffULL << (8U * ATTR_NORMAL_WB)))

/* TCR_EL2 (E2H = 0): RES1 bits 31 and 23, WBWA walks, inner shareable. */
#define TCR_RES1 ((1ULL << 31) | (1ULL << 23))
#define TCR_T0SZ (64ULL - VA_BITS)
#define TCR_IRGN0_WBWA (1ULL << 8)
#define TCR_ORGN0_WBWA (1ULL << 10)
#define TCR_SH0_INNER (3ULL << 12)
#define TCR_PS_SHIFT 16U
#define PARANGE_48BIT 5ULL

#define NORMAL_FLAGS (DESC_ATTR(ATTR_NORMAL_WB) | DESC_SH_INNER | DESC_AF)
#define DEVICE_FLAGS (DESC_ATTR(ATTR_DEVICE_nGnRE) | DESC_AF | DESC_XN)

_Static_assert((PLAT_RAM_BASE | PLAT_RAM_SIZE) % L2_BLOCK == 0, "RAM must be 2 MiB aligned");
_Static_assert((PLAT_MMIO_BASE | PLAT_MMIO_SIZE) % L2_BLOCK == 0,
               "MMIO window must be 2 MiB aligned");
_Static_assert(PLAT_RAM_BASE + PLAT_RAM_SIZE <= (1ULL << VA_BITS), "RAM beyond the 39-bit map");
_Static_assert(PLAT_MMIO_BASE + PLAT_MMIO_SIZE <= (1ULL << VA_BITS), "MMIO beyond the 39-bit map");

struct arm64_mmu_regs {
	uint64_t mair;
	uint64_t tcr;
	uint64_t ttbr0;
};

/* Read by entry.S on every pCPU (offsets 0, 8, 16). */
struct arm64_mmu_regs arm64_mmu_regs;

static uint64_t l1_table[PAGE_ENTRIES] __attribute__((aligned(4096)));
static uint64_t l2_pool[L2_POOL][PAGE_ENTRIES] __attribute__((aligned(4096)));
static unsigned l2_used;

/* MMU is off: no printk (its lock is atomic), write and stop. */
static _Noreturn void early_fail(const char *msg)
{
	hal_console_write(msg, strlen(msg));
	for (;;) {
		__asm__ volatile("wfi");
	}
}

static uint64_t *l2_for(uint64_t addr)
{
	uint64_t *l1e = &l1_table[addr >> L1_SHIFT];

	if ((*l1e & DESC_TABLE) == DESC_TABLE) {
		return (uint64_t *)(uintptr_t)(*l1e & DESC_ADDR_MASK);
	}
	if (*l1e != 0U || l2_used == L2_POOL) {
		early_fail("Bulkhead: EL2 page tables: overlapping regions or L2 pool exhausted\n");
	}
	uint64_t *l2 = l2_pool[l2_used++];

	*l1e = (uint64_t)(uintptr_t)l2 | DESC_TABLE;
	return l2;
}

/* Identity-map [base, base + size) with the given attributes. */
static void map_region(uint64_t base, uint64_t size, uint64_t flags)
{
	uint64_t addr = base;
	uint64_t end = base + size;

	while (addr < end) {
		bool whole_gib = (addr % L1_BLOCK) == 0U && end - addr >= L1_BLOCK;

		if (whole_gib && l1_table[addr >> L1_SHIFT] == 0U) {
			l1_table[addr >> L1_SHIFT] = addr | flags | DESC_BLOCK;
			addr += L1_BLOCK;
			continue;
		}
		uint64_t *l2 = l2_for(addr);

		l2[(addr >> L2_SHIFT) % PAGE_ENTRIES] = addr | flags | DESC_BLOCK;
		addr += L2_BLOCK;
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

/*
 * @pre  boot pCPU, MMU off, BSS zero.
 * @post arm64_mmu_regs holds the values that turn the identity map on.
 * [impl->dsn~arm64-el2-mmu~1]
 */
void arm64_mmu_build_tables(void)
{
	if (!in_ram((uint64_t)(uintptr_t)__image_start) ||
	    !in_ram((uint64_t)(uintptr_t)__image_end - 1U)) {
		early_fail("Bulkhead: image not inside the platform's RAM (PLAT_RAM_BASE/SIZE)\n");
	}
	map_region(PLAT_RAM_BASE, PLAT_RAM_SIZE, NORMAL_FLAGS);
	map_region(PLAT_MMIO_BASE, PLAT_MMIO_SIZE, DEVICE_FLAGS);
	arm64_mmu_regs.mair = MAIR_VALUE;
	arm64_mmu_regs.tcr = tcr_value();
	arm64_mmu_regs.ttbr0 = (uint64_t)(uintptr_t)l1_table;
}
