/*
 * Stage-2 address spaces: the guest-physical to host-physical tables of the
 * HAL contract (hal/as.h), without the system registers (s2_hw.c).
 *
 * Design: a 39-bit IPA walked from level 1: a 4 KiB root (the pool's first
 * page), level-2 and level-3 tables bump-allocated from the rest of the pool
 * and never freed (unmap clears leaves only, a later map reuses the
 * tables). Every mapping is a 4 KiB level-3 page with AF set: Normal memory
 * write-back inner shareable, device memory Device-nGnRE and never
 * executable; S2AP and XN carry the HAL permissions. hal_as_map() first
 * checks the whole range (a page already mapped, tables needed against the
 * pool left), so an error changes nothing. Addresses are physical and
 * identity-mapped at EL2, so tables are used through their PA.
 *
 * Locking: the core serialises calls on one address space.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <arm64/s2.h>
#include <hal/as.h>
#include <lib/string.h>

#define PAGE HAL_PAGE_SIZE
#define PAGE_BYTES ((size_t)4096U)
#define L1_SHIFT 30U
#define L2_SHIFT 21U
#define L2_SPAN (1ULL << L2_SHIFT)
#define L1_SPAN (1ULL << L1_SHIFT)
#define TABLE_LEVELS 2U /* levels 1 and 2 hold table descriptors */

static uint64_t *table_at(uint64_t pa)
{
	return (uint64_t *)(uintptr_t)pa;
}

static size_t s2_index(uint64_t gpa, unsigned shift)
{
	return (size_t)((gpa >> shift) % ARM64_S2_ENTRIES);
}

static bool is_table(uint64_t desc)
{
	return (desc & S2_TYPE_MASK) == S2_TABLE;
}

/* [impl->dsn~arm64-stage2~1] */
size_t hal_as_pool_size(uint64_t pages)
{
	uint64_t l2 = (pages < ARM64_S2_ENTRIES) ? pages : ARM64_S2_ENTRIES;

	/* the root, then in the worst case (no two pages share a table) one
	 * level-3 table per page and one level-2 table per root entry used */
	return (size_t)((1U + l2 + pages) * PAGE);
}

int hal_as_create(struct as_arch *as, unsigned vmid, void *pool, size_t pool_size)
{
	uint64_t base = (uint64_t)(uintptr_t)pool;

	if (pool == NULL || vmid >= 256U || (base % PAGE) != 0U) {
		return -HAL_EINVAL;
	}
	if (pool_size < PAGE) {
		return -HAL_ENOMEM;
	}
	(void)memset(pool, 0, PAGE_BYTES);
	as->root_pa = base;
	as->pool_next = base + PAGE;
	as->pool_end = base + (pool_size - (pool_size % PAGE));
	as->vmid = vmid;
	as->created = true;
	return 0;
}

/* The level-3 slot for gpa, or NULL when a table on the way is missing. */
static uint64_t *find_leaf(uint64_t root_pa, uint64_t gpa)
{
	static const unsigned shifts[TABLE_LEVELS] = {L1_SHIFT, L2_SHIFT};
	uint64_t *table = table_at(root_pa);

	for (unsigned lvl = 0; lvl < TABLE_LEVELS; lvl++) {
		uint64_t desc = table[s2_index(gpa, shifts[lvl])];

		if (!is_table(desc)) {
			return NULL; /* no blocks are ever made */
		}
		table = table_at(desc & S2_ADDR_MASK);
	}
	return &table[s2_index(gpa, 12U)];
}

/* The level-3 slot for gpa, taking missing tables from the pool.
 * @pre tables_needed() found the pool large enough. */
static uint64_t *make_leaf(struct as_arch *as, uint64_t gpa)
{
	static const unsigned shifts[TABLE_LEVELS] = {L1_SHIFT, L2_SHIFT};
	uint64_t *table = table_at(as->root_pa);

	for (unsigned lvl = 0; lvl < TABLE_LEVELS; lvl++) {
		uint64_t *slot = &table[s2_index(gpa, shifts[lvl])];

		if (!is_table(*slot)) {
			(void)memset(table_at(as->pool_next), 0, PAGE_BYTES);
			*slot = as->pool_next | S2_TABLE;
			as->pool_next += PAGE;
		}
		table = table_at(*slot & S2_ADDR_MASK);
	}
	return &table[s2_index(gpa, 12U)];
}

/*
 * Tables a map of [gpa, end) must take from the pool, in *need.
 * @return 0, or -HAL_EEXIST when a page of the range is mapped already.
 */
static int tables_needed(const struct as_arch *as, uint64_t gpa, uint64_t end, uint64_t *need)
{
	const uint64_t *root = table_at(as->root_pa);

	*need = 0;
	for (uint64_t p = gpa; p < end; p += PAGE) {
		bool first_in_l2 = p == gpa || (p % L2_SPAN) == 0U;
		uint64_t l1e = root[s2_index(p, L1_SHIFT)];

		if (!is_table(l1e)) {
			bool first_in_l1 = p == gpa || (p % L1_SPAN) == 0U;

			*need += (first_in_l1 ? 1U : 0U) + (first_in_l2 ? 1U : 0U);
			continue;
		}
		uint64_t l2e = table_at(l1e & S2_ADDR_MASK)[s2_index(p, L2_SHIFT)];

		if (!is_table(l2e)) {
			*need += first_in_l2 ? 1U : 0U;
		} else if ((table_at(l2e & S2_ADDR_MASK)[s2_index(p, 12U)] & S2_VALID) != 0U) {
			return -HAL_EEXIST;
		} else {
			/* the level-3 table exists and this page is free */
		}
	}
	return 0;
}

static uint64_t leaf_desc(uint64_t pa, unsigned perm, enum hal_mem_type type)
{
	uint64_t desc = pa | S2_PAGE | S2_AF;

	desc |= ((perm & HAL_AS_R) != 0U) ? S2_AP_R : 0U;
	desc |= ((perm & HAL_AS_W) != 0U) ? S2_AP_W : 0U;
	if (type == HAL_MEM_DEVICE) {
		desc |= S2_MEMATTR_DEVICE_nGnRE | S2_XN;
	} else {
		desc |= S2_MEMATTR_NORMAL_WB | S2_SH_INNER;
		desc |= ((perm & HAL_AS_X) != 0U) ? 0U : S2_XN;
	}
	return desc;
}

static bool s2_range_ok(uint64_t gpa, uint64_t size)
{
	return ((gpa | size) % PAGE) == 0U && size > 0U && gpa < ARM64_S2_IPA_LIMIT &&
	       size <= ARM64_S2_IPA_LIMIT - gpa;
}

static bool map_args_ok(const struct as_arch *as, uint64_t gpa, uint64_t pa, uint64_t size,
                        unsigned perm, enum hal_mem_type type)
{
	return as->created && s2_range_ok(gpa, size) && (pa % PAGE) == 0U &&
	       pa < ARM64_S2_PA_LIMIT && size <= ARM64_S2_PA_LIMIT - pa && perm != 0U &&
	       (perm & ~(HAL_AS_R | HAL_AS_W | HAL_AS_X)) == 0U &&
	       (type == HAL_MEM_NORMAL || type == HAL_MEM_DEVICE);
}

/* [impl->dsn~arm64-stage2~1] */
int hal_as_map(struct as_arch *as, uint64_t gpa, uint64_t pa, uint64_t size, unsigned perm,
               enum hal_mem_type type)
{
	uint64_t need = 0;

	if (!map_args_ok(as, gpa, pa, size, perm, type)) {
		return -HAL_EINVAL;
	}
	int err = tables_needed(as, gpa, gpa + size, &need);

	if (err != 0) {
		return err;
	}
	if (need > (as->pool_end - as->pool_next) / PAGE) {
		return -HAL_ENOMEM;
	}
	for (uint64_t off = 0; off < size; off += PAGE) {
		*make_leaf(as, gpa + off) = leaf_desc(pa + off, perm, type);
	}
	return 0;
}

int hal_as_unmap(struct as_arch *as, uint64_t gpa, uint64_t size)
{
	if (!as->created || !s2_range_ok(gpa, size)) {
		return -HAL_EINVAL;
	}
	for (uint64_t p = gpa; p < gpa + size; p += PAGE) {
		uint64_t *slot = find_leaf(as->root_pa, p);

		if (slot != NULL) {
			*slot = 0;
		}
	}
	return 0;
}

int hal_as_translate(const struct as_arch *as, uint64_t gpa, struct hal_as_page *out)
{
	if (!as->created || gpa >= ARM64_S2_IPA_LIMIT) {
		return -HAL_ENOENT;
	}
	const uint64_t *slot = find_leaf(as->root_pa, gpa);

	if (slot == NULL || (*slot & S2_VALID) == 0U) {
		return -HAL_ENOENT;
	}
	uint64_t desc = *slot;

	out->pa = (desc & S2_ADDR_MASK) | (gpa % PAGE);
	unsigned perm = 0U;

	if ((desc & S2_AP_R) != 0U) {
		perm |= HAL_AS_R;
	}
	if ((desc & S2_AP_W) != 0U) {
		perm |= HAL_AS_W;
	}
	if ((desc & S2_XN) == 0U) {
		perm |= HAL_AS_X;
	}
	out->perm = perm;
	out->type = ((desc & S2_MEMATTR_MASK) == S2_MEMATTR_DEVICE_nGnRE) ? HAL_MEM_DEVICE
	                                                                  : HAL_MEM_NORMAL;
	return 0;
}
