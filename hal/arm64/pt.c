/*
 * EL2 stage-1 identity-map builder (see arm64/pt.h).
 *
 * Design: walk levels 1 to 3 for each address; at each level use a block
 * when the address is aligned, the rest of the range covers it and the slot
 * is empty; otherwise descend, taking a table from the caller's pool for an
 * empty slot. A slot holding a block, or a level-3 page already present, is
 * an overlap. Runs with the MMU off on the boot pCPU, so it uses no atomics
 * and only aligned 64-bit stores.
 *
 * Locking: the caller's; the tables are built once before any other pCPU
 * runs.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <arm64/pt.h>

#define PAGE (1ULL << ARM64_PT_L3_SHIFT)
#define VA_LIMIT (1ULL << ARM64_PT_VA_BITS)

static uint64_t flags_for(enum arm64_mem_type type)
{
	const uint64_t normal =
	        ARM64_DESC_ATTR(ARM64_ATTR_NORMAL_WB) | ARM64_DESC_SH_INNER | ARM64_DESC_AF;

	switch (type) {
	case ARM64_MEM_TEXT:
		return normal | ARM64_DESC_AP_RO;
	case ARM64_MEM_RO:
		return normal | ARM64_DESC_AP_RO | ARM64_DESC_XN;
	case ARM64_MEM_DEVICE:
		return ARM64_DESC_ATTR(ARM64_ATTR_DEVICE_nGnRE) | ARM64_DESC_AP_RW | ARM64_DESC_AF |
		       ARM64_DESC_XN;
	case ARM64_MEM_RW:
	default:
		return normal | ARM64_DESC_AP_RW | ARM64_DESC_XN;
	}
}

static bool range_ok(uint64_t base, uint64_t size)
{
	return size != 0U && (base % PAGE) == 0U && (size % PAGE) == 0U && base < VA_LIMIT &&
	       size <= VA_LIMIT - base;
}

/* The next-level table under *slot, taken from the pool if the slot is empty. */
static int next_table(struct arm64_pt *pt, uint64_t *slot, uint64_t **table)
{
	if ((*slot & ARM64_DESC_TYPE_MASK) == ARM64_DESC_TABLE) {
		*table = (uint64_t *)(uintptr_t)(*slot & ARM64_DESC_ADDR_MASK);
		return 0;
	}
	if (*slot != 0U) {
		return ARM64_PT_EINVAL; /* a block covers this address already */
	}
	if (pt->pool_used == pt->pool_max) {
		return ARM64_PT_ENOMEM;
	}
	*table = pt->pool[pt->pool_used];
	pt->pool_used++;
	*slot = (uint64_t)(uintptr_t)*table | ARM64_DESC_TABLE;
	return 0;
}

static size_t index_at(uint64_t addr, unsigned shift)
{
	return (size_t)((addr >> shift) % ARM64_PT_ENTRIES);
}

/* Map one descriptor at addr; *step = the bytes it covers. */
static int map_one(struct arm64_pt *pt, uint64_t addr, uint64_t end, uint64_t flags, uint64_t *step)
{
	static const unsigned shifts[2] = {ARM64_PT_L1_SHIFT, ARM64_PT_L2_SHIFT};
	uint64_t *table = pt->l1;

	for (unsigned lvl = 0; lvl < 2U; lvl++) {
		uint64_t block = 1ULL << shifts[lvl];
		uint64_t *slot = &table[index_at(addr, shifts[lvl])];

		if ((addr % block) == 0U && end - addr >= block && *slot == 0U) {
			*slot = addr | flags | ARM64_DESC_BLOCK;
			*step = block;
			return 0;
		}
		int err = next_table(pt, slot, &table);

		if (err != 0) {
			return err;
		}
	}
	uint64_t *pte = &table[index_at(addr, ARM64_PT_L3_SHIFT)];

	if (*pte != 0U) {
		return ARM64_PT_EINVAL;
	}
	*pte = addr | flags | ARM64_DESC_PAGE;
	*step = PAGE;
	return 0;
}

int arm64_pt_map(struct arm64_pt *pt, uint64_t base, uint64_t size, enum arm64_mem_type type)
{
	uint64_t flags = flags_for(type);
	uint64_t end = base + size;
	uint64_t step = 0;

	if (!range_ok(base, size)) {
		return ARM64_PT_EINVAL;
	}
	for (uint64_t addr = base; addr < end; addr += step) {
		int err = map_one(pt, addr, end, flags, &step);

		if (err != 0) {
			return err;
		}
	}
	return 0;
}
