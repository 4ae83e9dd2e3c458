/*
 * Sv39 page-table builder (see pt_sv39.h).
 *
 * Design: three levels of 512 entries; level 2 is the root (1 GiB per
 * entry), level 1 covers 2 MiB per entry, level 0 4 KiB. pt_map walks down
 * iteratively, allocating tables from the pool, and writes one leaf per
 * step; it refuses to overwrite or split an existing mapping.
 *
 * Locking: boot only, one hart; no locking.
 */
#include <stddef.h>

#include "pt_sv39.h"

#define LEVELS 3U
#define VA_BITS 39U
#define ATTR_MASK 0x3ffULL
#define LEAF_BITS (PTE_R | PTE_W | PTE_X)

static uint64_t level_shift(unsigned level)
{
	return PT_PAGE_SHIFT + 9U * level;
}

static uint64_t level_size(unsigned level)
{
	return 1ULL << level_shift(level);
}

static unsigned index_of(uint64_t va, unsigned level)
{
	return (unsigned)((va >> level_shift(level)) & (PT_ENTRIES - 1U));
}

static uint64_t *table_of(uint64_t pte)
{
	return (uint64_t *)(uintptr_t)((pte >> PTE_PPN_SHIFT) << PT_PAGE_SHIFT);
}

static uint64_t make_pte(uint64_t pa, uint64_t bits)
{
	return ((pa >> PT_PAGE_SHIFT) << PTE_PPN_SHIFT) | bits | PTE_V;
}

static uint64_t *alloc_table(struct pt_pool *pool)
{
	if (pool->used >= pool->nr) {
		return NULL;
	}
	uint64_t *t = pool->tables[pool->used++];

	for (unsigned i = 0; i < PT_ENTRIES; i++) {
		t[i] = 0;
	}
	return t;
}

uint64_t *pt_root(struct pt_pool *pool)
{
	if (pool->used == 0U) {
		return alloc_table(pool);
	}
	return pool->tables[0];
}

/* Largest level whose page fits at va/pa with size bytes left. */
static unsigned leaf_level(uint64_t va, uint64_t pa, uint64_t size)
{
	for (unsigned level = LEVELS - 1U; level > 0U; level--) {
		uint64_t sz = level_size(level);

		if ((va & (sz - 1U)) == 0U && (pa & (sz - 1U)) == 0U && size >= sz) {
			return level;
		}
	}
	return 0;
}

/* Map one page of the given level. */
static int map_one(struct pt_pool *pool, uint64_t va, uint64_t pa, unsigned leaf, uint64_t attr)
{
	uint64_t *table = pt_root(pool);

	if (table == NULL) {
		return -PT_ENOMEM;
	}
	for (unsigned level = LEVELS - 1U; level > leaf; level--) {
		uint64_t *pte = &table[index_of(va, level)];

		if ((*pte & PTE_V) == 0U) {
			uint64_t *next = alloc_table(pool);

			if (next == NULL) {
				return -PT_ENOMEM;
			}
			*pte = make_pte((uint64_t)(uintptr_t)next, 0);
		} else if ((*pte & LEAF_BITS) != 0U) {
			return -PT_EEXIST;
		} else {
			/* a table already present: walk into it */
		}
		table = table_of(*pte);
	}
	uint64_t *pte = &table[index_of(va, leaf)];

	if ((*pte & PTE_V) != 0U) {
		return -PT_EEXIST;
	}
	*pte = make_pte(pa, attr);
	return 0;
}

int pt_map(struct pt_pool *pool, uint64_t va, uint64_t pa, uint64_t size, uint64_t attr)
{
	uint64_t mask = PT_PAGE_SIZE - 1U;

	if (((va | pa | size) & mask) != 0U || (attr & LEAF_BITS) == 0U ||
	    (attr & ~ATTR_MASK) != 0U || va + size < va || va + size > (1ULL << (VA_BITS - 1U))) {
		return -PT_EINVAL;
	}
	while (size > 0U) {
		unsigned leaf = leaf_level(va, pa, size);
		int err = map_one(pool, va, pa, leaf, attr);

		if (err != 0) {
			return err;
		}
		va += level_size(leaf);
		pa += level_size(leaf);
		size -= level_size(leaf);
	}
	return 0;
}

int pt_lookup(struct pt_pool *pool, uint64_t va, uint64_t *pa, uint64_t *attr)
{
	if (pool->used == 0U || va >= (1ULL << (VA_BITS - 1U))) {
		return 0;
	}
	uint64_t *table = pool->tables[0];

	for (unsigned l = LEVELS; l > 0U; l--) {
		unsigned level = l - 1U;
		uint64_t pte = table[index_of(va, level)];

		if ((pte & PTE_V) == 0U) {
			return 0;
		}
		if ((pte & LEAF_BITS) != 0U) {
			uint64_t off = va & (level_size(level) - 1U);

			*pa = (uint64_t)(uintptr_t)table_of(pte) + off;
			*attr = pte & ATTR_MASK;
			return 1;
		}
		table = table_of(pte);
	}
	return 0;
}

uint64_t pt_satp(struct pt_pool *pool)
{
	return SATP_MODE_SV39 | ((uint64_t)(uintptr_t)pool->tables[0] >> PT_PAGE_SHIFT);
}
