/*
 * Stage-2 address spaces: the guest-physical to host-physical tables of the
 * HAL contract (hal/as.h), without the system registers (s2_hw.c).
 *
 * Design: a 39-bit IPA walked from level 1: a 4 KiB root (the pool's first
 * page), level-2 and level-3 tables bump-allocated from the rest of the pool
 * and never freed (unmap clears leaves only, a later map reuses the
 * tables). Where the guest and host addresses are both 2 MiB aligned and
 * the range covers 2 MiB, a level-2 block maps it (a 16 MiB domain takes
 * 8 descriptors and no level-3 table), the rest are 4 KiB level-3 pages;
 * all with AF set: Normal memory write-back inner shareable, device memory
 * Device-nGnRE and never executable; S2AP and XN carry the HAL
 * permissions. hal_as_map() first walks the whole range as it will fill it
 * (a page already mapped, tables needed against the pool left), so an
 * error changes nothing. Unmapping part of a block splits it into a
 * level-3 table with the same pages, break-before-make (the block entry
 * invalid, the VMID's TLB entries flushed, then the table). For those few
 * hundred cycles the rest of the block is unmapped: another vCPU of the
 * domain touching it then (and missing its TLB) takes a stage-2 fault the
 * core treats like any access to an unmapped page, as it does for the
 * page XENMEM_add_to_physmap replaces (Xen retries such a fault under its
 * p2m lock; Bulkhead does not yet).
 * hal_as_unmap() itself is in s2_hw.c (it passes the TLB flush). Addresses are physical and
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

static bool is_block(uint64_t desc)
{
	return (desc & S2_TYPE_MASK) == S2_BLOCK;
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

/* The level-2 slot for gpa, or NULL when the level-2 table is missing. */
static uint64_t *find_l2(uint64_t root_pa, uint64_t gpa)
{
	uint64_t l1e = table_at(root_pa)[s2_index(gpa, L1_SHIFT)];

	if (!is_table(l1e)) {
		return NULL; /* no level-1 blocks are ever made */
	}
	return &table_at(l1e & S2_ADDR_MASK)[s2_index(gpa, L2_SHIFT)];
}

/* The descriptor that maps gpa (a level-2 block or a level-3 page slot),
 * or NULL when a table on the way is missing. */
static uint64_t *find_leaf(uint64_t root_pa, uint64_t gpa)
{
	uint64_t *l2 = find_l2(root_pa, gpa);

	if (l2 == NULL || is_block(*l2)) {
		return l2;
	}
	if (!is_table(*l2)) {
		return NULL;
	}
	return &table_at(*l2 & S2_ADDR_MASK)[s2_index(gpa, 12U)];
}

static uint64_t take_table(struct as_arch *as)
{
	uint64_t pa = as->pool_next;

	(void)memset(table_at(pa), 0, PAGE_BYTES);
	as->pool_next += PAGE;
	return pa;
}

/* The level-2 slot for gpa, taking the level-2 table from the pool.
 * @pre plan_map() found the pool large enough. */
static uint64_t *make_l2(struct as_arch *as, uint64_t gpa)
{
	uint64_t *l1 = &table_at(as->root_pa)[s2_index(gpa, L1_SHIFT)];

	if (!is_table(*l1)) {
		*l1 = take_table(as) | S2_TABLE;
	}
	return &table_at(*l1 & S2_ADDR_MASK)[s2_index(gpa, L2_SHIFT)];
}

/* The level-3 slot for gpa, taking missing tables from the pool.
 * @pre plan_map() found the pool large enough and no block covers gpa. */
static uint64_t *make_leaf(struct as_arch *as, uint64_t gpa)
{
	uint64_t *l2 = make_l2(as, gpa);

	if (!is_table(*l2)) {
		*l2 = take_table(as) | S2_TABLE;
	}
	return &table_at(*l2 & S2_ADDR_MASK)[s2_index(gpa, 12U)];
}

/* A 2 MiB block maps [gpa, gpa + 2 MiB) when both addresses are aligned,
 * the range covers it and the level-2 slot holds nothing yet. */
static bool block_fits(uint64_t gpa, uint64_t pa, uint64_t left, uint64_t l2e)
{
	return ((gpa | pa) % L2_SPAN) == 0U && left >= L2_SPAN && (l2e & S2_VALID) == 0U;
}

/*
 * Walk [gpa, gpa + size) as hal_as_map() will fill it; the tables it must
 * take from the pool in *need.
 * @return 0, or -HAL_EEXIST when a page of the range is mapped already.
 */
static int plan_map(const struct as_arch *as, uint64_t gpa, uint64_t pa, uint64_t size,
                    uint64_t *need)
{
	uint64_t last_l1 = UINT64_MAX, last_l2 = UINT64_MAX;
	uint64_t off = 0;

	*need = 0;
	while (off < size) {
		uint64_t p = gpa + off;
		const uint64_t *l2 = find_l2(as->root_pa, p);
		uint64_t l2e = (l2 != NULL) ? *l2 : 0U;

		if (l2 == NULL && (p >> L1_SHIFT) != last_l1) {
			*need += 1U; /* the level-2 table */
			last_l1 = p >> L1_SHIFT;
		}
		if (is_block(l2e)) {
			return -HAL_EEXIST;
		}
		if (block_fits(p, pa + off, size - off, l2e)) {
			off += L2_SPAN;
			continue;
		}
		if (!is_table(l2e) && (p >> L2_SHIFT) != last_l2) {
			*need += 1U; /* the level-3 table */
			last_l2 = p >> L2_SHIFT;
		} else if (is_table(l2e) &&
		           (table_at(l2e & S2_ADDR_MASK)[s2_index(p, 12U)] & S2_VALID) != 0U) {
			return -HAL_EEXIST;
		} else {
			/* a free page in a table that exists or is counted */
		}
		off += PAGE;
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

/* The level-2 block descriptor for the same mapping as a page descriptor. */
static uint64_t block_of(uint64_t page_desc)
{
	return (page_desc & ~S2_TYPE_MASK) | S2_BLOCK;
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
	uint64_t off = 0;

	if (!map_args_ok(as, gpa, pa, size, perm, type)) {
		return -HAL_EINVAL;
	}
	int err = plan_map(as, gpa, pa, size, &need);

	if (err != 0) {
		return err;
	}
	if (need > (as->pool_end - as->pool_next) / PAGE) {
		return -HAL_ENOMEM;
	}
	while (off < size) {
		uint64_t *l2 = make_l2(as, gpa + off);

		if (block_fits(gpa + off, pa + off, size - off, *l2)) {
			*l2 = block_of(leaf_desc(pa + off, perm, type));
			off += L2_SPAN;
		} else {
			*make_leaf(as, gpa + off) = leaf_desc(pa + off, perm, type);
			off += PAGE;
		}
	}
	return 0;
}

/*
 * Replace the block at *l2 by a level-3 table of the same 512 pages
 * (break-before-make: invalid, TLB flushed, then the table).
 * @return 0, or -HAL_ENOMEM when the pool has no table left.
 */
static int split_block(struct as_arch *as, uint64_t *l2, void (*flush)(struct as_arch *))
{
	uint64_t block = *l2;

	if (as->pool_next >= as->pool_end) {
		return -HAL_ENOMEM;
	}
	uint64_t table = take_table(as);
	uint64_t *t = table_at(table);
	uint64_t base = block & S2_ADDR_MASK & ~(L2_SPAN - 1U);
	uint64_t attrs = (block & ~S2_ADDR_MASK & ~S2_TYPE_MASK) | S2_PAGE;

	for (unsigned i = 0; i < ARM64_S2_ENTRIES; i++) {
		t[i] = (base + ((uint64_t)i * PAGE)) | attrs;
	}
	*l2 = 0;   /* break (a single-copy-atomic 64-bit store) */
	flush(as); /* its DSB orders the table's entries and the break before the TLBI */
	*l2 = table | S2_TABLE; /* make */
	return 0;
}

/* [impl->dsn~arm64-stage2~1] */
int arm64_s2_unmap(struct as_arch *as, uint64_t gpa, uint64_t size, void (*flush)(struct as_arch *))
{
	uint64_t p = gpa;

	if (!as->created || !s2_range_ok(gpa, size)) {
		return -HAL_EINVAL;
	}
	while (p < gpa + size) {
		uint64_t *l2 = find_l2(as->root_pa, p);
		bool whole = (p % L2_SPAN) == 0U && gpa + size - p >= L2_SPAN;

		if (l2 != NULL && is_block(*l2) && whole) {
			*l2 = 0;
			p += L2_SPAN;
			continue;
		}
		if (l2 != NULL && is_block(*l2) && split_block(as, l2, flush) != 0) {
			return -HAL_ENOMEM;
		}
		uint64_t *slot = find_leaf(as->root_pa, p);

		if (slot != NULL) {
			*slot = 0;
		}
		p += PAGE;
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
	uint64_t span = is_block(desc) ? L2_SPAN : PAGE;

	out->pa = (desc & S2_ADDR_MASK & ~(span - 1U)) | (gpa % span);
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

/* The virtual counter's offset is per domain; a native counter is not offered yet. */
int hal_as_set_clock(struct as_arch *as, enum hal_as_clock clock)
{
	(void)as;
	return clock == HAL_AS_CLOCK_DOMAIN ? 0 : -HAL_EINVAL;
}
