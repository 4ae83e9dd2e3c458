/*
 * EL2 stage-1 identity-map builder (see arm64/pt.h).
 *
 * Design: level-1 entries are 1 GiB; an aligned whole GiB in a free slot
 * becomes one block, anything else takes a level-2 table from the caller's
 * pool and 2 MiB blocks. Runs with the MMU off on the boot pCPU, so it uses
 * no atomics and only aligned 64-bit stores.
 *
 * Locking: the caller's; the tables are built once before any other pCPU
 * runs.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <arm64/pt.h>

#define L1_BLOCK (1ULL << ARM64_PT_L1_SHIFT)
#define L2_BLOCK (1ULL << ARM64_PT_L2_SHIFT)
#define VA_LIMIT (1ULL << ARM64_PT_VA_BITS)

static uint64_t flags_for(enum arm64_mem_type type)
{
	if (type == ARM64_MEM_DEVICE) {
		return ARM64_DESC_ATTR(ARM64_ATTR_DEVICE_nGnRE) | ARM64_DESC_AF | ARM64_DESC_XN;
	}
	return ARM64_DESC_ATTR(ARM64_ATTR_NORMAL_WB) | ARM64_DESC_SH_INNER | ARM64_DESC_AF;
}

static bool range_ok(uint64_t base, uint64_t size)
{
	return size != 0U && (base % L2_BLOCK) == 0U && (size % L2_BLOCK) == 0U &&
	       base < VA_LIMIT && size <= VA_LIMIT - base;
}

/* The level-2 table under addr's level-1 slot, taken from the pool if new. */
static int l2_for(struct arm64_pt *pt, uint64_t addr, uint64_t **l2)
{
	uint64_t *l1e = &pt->l1[addr >> ARM64_PT_L1_SHIFT];

	if ((*l1e & ARM64_DESC_TYPE_MASK) == ARM64_DESC_TABLE) {
		*l2 = (uint64_t *)(uintptr_t)(*l1e & ARM64_DESC_ADDR_MASK);
		return 0;
	}
	if (*l1e != 0U) {
		return ARM64_PT_EINVAL; /* inside a level-1 block */
	}
	if (pt->l2_used == pt->l2_max) {
		return ARM64_PT_ENOMEM;
	}
	*l2 = pt->l2_pool[pt->l2_used++];
	*l1e = (uint64_t)(uintptr_t)*l2 | ARM64_DESC_TABLE;
	return 0;
}

int arm64_pt_map(struct arm64_pt *pt, uint64_t base, uint64_t size, enum arm64_mem_type type)
{
	uint64_t flags = flags_for(type) | ARM64_DESC_BLOCK;
	uint64_t end = base + size;

	if (!range_ok(base, size)) {
		return ARM64_PT_EINVAL;
	}
	for (uint64_t addr = base; addr < end;) {
		size_t slot = (size_t)(addr >> ARM64_PT_L1_SHIFT);
		uint64_t *l2;

		if ((addr % L1_BLOCK) == 0U && end - addr >= L1_BLOCK && pt->l1[slot] == 0U) {
			pt->l1[slot] = addr | flags;
			addr += L1_BLOCK;
			continue;
		}
		int err = l2_for(pt, addr, &l2);

		if (err != 0) {
			return err;
		}
		l2[(addr >> ARM64_PT_L2_SHIFT) % ARM64_PT_ENTRIES] = addr | flags;
		addr += L2_BLOCK;
	}
	return 0;
}
