/*
 * x86-64 nested page tables (AMD NPT): one 4-level table per domain.
 *
 * Design: the NPT has the host long-mode format; the CPU walks it as a
 * user-mode access, so every entry carries P and U, RW for writable pages
 * and NX for non-executable ones (host EFER.NXE is set in svm.c). RAM is
 * write-back; device pages are PCD|PWT (uncached). Ranges whose guest and
 * host addresses and size are 2 MiB aligned use 2 MiB entries, the rest
 * 4 KiB ones. Tables come from the pool the core gave hal_as_create(),
 * handed out page by page and never freed (unmap clears leaf entries
 * only). Flushing is lazy: hal_as_flush() bumps the address space's
 * generation and each pCPU flushes the ASID before its next VMRUN when
 * the generation it last saw is older (vcpu.c).
 * hal_ram_scrub() zeroes a domain's RAM with REP STOSQ (caches are
 * coherent with every guest access: nothing to clean).
 *
 * Locking: the core serialises calls on one address space.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <hal/as.h>
#include <lib/string.h>

#include "npt.h"
#include "pio.h"
#include "vioapic.h"

#define NPT_P (1ULL << 0)
#define NPT_RW (1ULL << 1)
#define NPT_US (1ULL << 2)
#define NPT_PWT (1ULL << 3)
#define NPT_PCD (1ULL << 4)
#define NPT_PS (1ULL << 7)
#define NPT_NX (1ULL << 63)
#define NPT_ADDR 0x000ffffffffff000ULL
#define NPT_TABLE (NPT_P | NPT_RW | NPT_US)
#define NPT_ENTRIES 512U
#define BLOCK_2M (2ULL << 20)

static inline unsigned npt_index(uint64_t gpa, unsigned level)
{
	unsigned shift = 12U + 9U * level;

	return (unsigned)(gpa >> shift) & (NPT_ENTRIES - 1U);
}

size_t hal_as_pool_size(uint64_t pages)
{
	uint64_t pts = (pages + NPT_ENTRIES - 1U) / NPT_ENTRIES;

	/* root + PDPTs + PDs + PTs, with room for sparse ranges. */
	return (size_t)((1U + 4U + 2U * (pts / NPT_ENTRIES + 4U) + pts + 8U) * HAL_PAGE_SIZE);
}

static uint64_t *npt_alloc_table(struct as_arch *as)
{
	uint64_t *t;

	if (as->pool_used + HAL_PAGE_SIZE > as->pool_size) {
		return NULL;
	}
	t = (uint64_t *)(void *)(as->pool + as->pool_used);
	as->pool_used += HAL_PAGE_SIZE;
	(void)memset(t, 0, HAL_PAGE_SIZE);
	return t;
}

static uint64_t *npt_table_at(uint64_t entry)
{
	return hal_pa_to_va(entry & NPT_ADDR);
}

/* [impl->dsn~x86-npt~1] */
int hal_as_create(struct as_arch *as, unsigned vmid, void *pool, size_t pool_size)
{
	uint64_t *root;

	if (vmid == 0U || vmid >= x86_npt_max_asid() || pool == NULL ||
	    ((uintptr_t)pool & (HAL_PAGE_SIZE - 1U)) != 0U) {
		return -HAL_EINVAL;
	}
	(void)memset(as, 0, sizeof(*as));
	as->pool = pool;
	as->pool_size = pool_size;
	as->asid = vmid;
	as->generation = 1;
	root = npt_alloc_table(as);
	if (root == NULL) {
		return -HAL_ENOMEM;
	}
	as->npt_root = hal_va_to_pa(root);
	x86_vioapic_reset(as);
	return 0;
}

/* [impl->dsn~x86-tsc-native~1] */
int hal_as_set_clock(struct as_arch *as, enum hal_as_clock clock)
{
	if (clock != HAL_AS_CLOCK_DOMAIN && clock != HAL_AS_CLOCK_NATIVE) {
		return -HAL_EINVAL;
	}
	as->tsc_native = clock == HAL_AS_CLOCK_NATIVE;
	return 0;
}

/* The entry at `level` (0 = PTE .. 3 = PML4E) for gpa, creating tables down to it. */
static uint64_t *npt_walk_create(struct as_arch *as, uint64_t gpa, unsigned level)
{
	uint64_t *table = hal_pa_to_va(as->npt_root);

	for (unsigned l = 3U; l > level; l--) {
		uint64_t *e = &table[npt_index(gpa, l)];

		if ((*e & NPT_P) == 0U) {
			uint64_t *next = npt_alloc_table(as);

			if (next == NULL) {
				return NULL;
			}
			*e = hal_va_to_pa(next) | NPT_TABLE;
		} else if ((*e & NPT_PS) != 0U) {
			return NULL; /* a block already covers it */
		} else {
			/* a table is present: descend into it */
		}
		table = npt_table_at(*e);
	}
	return &table[npt_index(gpa, level)];
}

/* The leaf entry for gpa and its level, or NULL when nothing maps it. */
static uint64_t *npt_walk(const struct as_arch *as, uint64_t gpa, unsigned *level_out)
{
	uint64_t *table = hal_pa_to_va(as->npt_root);

	for (unsigned n = 0U; n < 4U; n++) {
		unsigned l = 3U - n; /* levels 3 (PML4) down to 0 (PT) */
		uint64_t *e = &table[npt_index(gpa, l)];

		if ((*e & NPT_P) == 0U) {
			return NULL;
		}
		if (l == 0U || ((*e & NPT_PS) != 0U && l == 1U)) {
			*level_out = l;
			return e;
		}
		table = npt_table_at(*e);
		if (table == NULL) {
			return NULL;
		}
	}
	return NULL; /* not reached: level 0 always returns above */
}

uint64_t x86_npt_leaf_bits(unsigned perm, enum hal_mem_type type)
{
	uint64_t bits = NPT_P | NPT_US;

	if ((perm & HAL_AS_W) != 0U) {
		bits |= NPT_RW;
	}
	if ((perm & HAL_AS_X) == 0U) {
		bits |= NPT_NX;
	}
	if (type == HAL_MEM_DEVICE) {
		bits |= NPT_PCD | NPT_PWT;
	}
	return bits;
}

/* Bytes of the aligned span around gpa that nothing maps (the span of the
 * first entry the walk finds absent), or 0 when gpa is mapped. */
static uint64_t npt_free_span(const struct as_arch *as, uint64_t gpa)
{
	const uint64_t *table = hal_pa_to_va(as->npt_root);

	for (unsigned n = 0U; n < 4U; n++) {
		unsigned l = 3U - n;
		uint64_t e = table[npt_index(gpa, l)];

		if ((e & NPT_P) == 0U) {
			uint64_t span_shift = 12ULL + (9ULL * (uint64_t)l);

			return 1ULL << span_shift;
		}
		if (l == 0U || (e & NPT_PS) != 0U) {
			return 0;
		}
		table = npt_table_at(e);
		if (table == NULL) {
			return 0;
		}
	}
	return 0;
}

/* Nothing in [gpa, gpa + size) is mapped; absent tables are skipped whole
 * (a fresh 16 MiB range: 8 walks, not 4096). */
static bool npt_range_free(const struct as_arch *as, uint64_t gpa, uint64_t size)
{
	uint64_t off = 0;

	while (off < size) {
		uint64_t span = npt_free_span(as, gpa + off);

		if (span == 0U) {
			return false;
		}
		off = (((gpa + off) | (span - 1U)) + 1U) - gpa;
	}
	return true;
}

static bool npt_args_ok(uint64_t gpa, uint64_t pa, uint64_t size)
{
	uint64_t mask = HAL_PAGE_SIZE - 1U;

	return ((gpa | pa | size) & mask) == 0U && size != 0U && gpa + size > gpa &&
	       gpa + size <= X86_NPT_GPA_LIMIT && pa + size > pa && pa + size <= X86_NPT_GPA_LIMIT;
}

/* [impl->dsn~x86-npt~1] */
int hal_as_map(struct as_arch *as, uint64_t gpa, uint64_t pa, uint64_t size, unsigned perm,
               enum hal_mem_type type)
{
	uint64_t bits = x86_npt_leaf_bits(perm, type);
	uint64_t off = 0;

	if (x86_pio_is_range(pa)) {
		return x86_pio_grant(as, gpa, pa, size); /* I/O ports, not memory (pio.c) */
	}
	if (!npt_args_ok(gpa, pa, size) || perm == 0U) {
		return -HAL_EINVAL;
	}
	if (!npt_range_free(as, gpa, size)) {
		return -HAL_EEXIST;
	}
	while (off < size) {
		bool block = ((gpa + off) & (BLOCK_2M - 1U)) == 0U &&
		             ((pa + off) & (BLOCK_2M - 1U)) == 0U && size - off >= BLOCK_2M;
		uint64_t *e = npt_walk_create(as, gpa + off, block ? 1U : 0U);

		if (e == NULL) {
			(void)hal_as_unmap(as, gpa, off); /* nothing stays mapped */
			return -HAL_ENOMEM;
		}
		*e = (pa + off) | bits | (block ? NPT_PS : 0U);
		off += block ? BLOCK_2M : HAL_PAGE_SIZE;
	}
	return 0;
}

/* Replace the 2 MiB block *e by a table of 512 4 KiB entries with its bits. */
static int npt_split_block(struct as_arch *as, uint64_t *e)
{
	uint64_t *pt = npt_alloc_table(as);
	uint64_t base = *e & NPT_ADDR & ~(BLOCK_2M - 1U);
	uint64_t bits = *e & ~NPT_ADDR & ~NPT_PS;

	if (pt == NULL) {
		return -HAL_ENOMEM;
	}
	for (unsigned i = 0; i < NPT_ENTRIES; i++) {
		pt[i] = (base + (uint64_t)i * HAL_PAGE_SIZE) | bits;
	}
	*e = hal_va_to_pa(pt) | NPT_TABLE;
	return 0;
}

int hal_as_unmap(struct as_arch *as, uint64_t gpa, uint64_t size)
{
	uint64_t off = 0;

	if (((gpa | size) & (HAL_PAGE_SIZE - 1U)) != 0U || gpa + size < gpa) {
		return -HAL_EINVAL;
	}
	while (off < size) {
		unsigned level = 0;
		uint64_t *e = npt_walk(as, gpa + off, &level);
		uint64_t at = gpa + off;

		if (e != NULL && level == 1U &&
		    ((at & (BLOCK_2M - 1U)) != 0U || size - off < BLOCK_2M)) {
			if (npt_split_block(as, e) != 0) {
				return -HAL_ENOMEM;
			}
			continue; /* walk again, now to a 4 KiB entry */
		}
		if (e != NULL) {
			*e = 0;
		}
		off += (e != NULL && level == 1U) ? BLOCK_2M : HAL_PAGE_SIZE;
	}
	return 0;
}

int hal_as_translate(const struct as_arch *as, uint64_t gpa, struct hal_as_page *out)
{
	unsigned level = 0;
	const uint64_t *e;
	uint64_t span;
	unsigned perm;

	if (gpa >= X86_NPT_GPA_LIMIT || as->npt_root == 0U) {
		return -HAL_ENOENT;
	}
	e = npt_walk(as, gpa, &level);
	if (e == NULL) {
		return -HAL_ENOENT;
	}
	span = level == 1U ? BLOCK_2M : HAL_PAGE_SIZE;
	out->pa = (*e & NPT_ADDR & ~(span - 1U)) + (gpa & (span - 1U));
	perm = HAL_AS_R;
	if ((*e & NPT_RW) != 0U) {
		perm |= HAL_AS_W;
	}
	if ((*e & NPT_NX) == 0U) {
		perm |= HAL_AS_X;
	}
	out->perm = perm;
	out->type = (*e & NPT_PCD) != 0U ? HAL_MEM_DEVICE : HAL_MEM_NORMAL;
	return 0;
}

/* [impl->dsn~x86-asid-flush~1] */
void hal_as_flush(struct as_arch *as)
{
	__atomic_add_fetch(&as->generation, 1U, __ATOMIC_SEQ_CST);
	x86_npt_flush_remote(as);
}

/* [impl->dsn~bench-boot-scrub~1] */
void hal_ram_scrub(uint64_t pa, uint64_t size)
{
	void *dst = hal_pa_to_va(pa);
	uint64_t n = size / 8U;

	__asm__ volatile("cld\n\trep stosq" : "+D"(dst), "+c"(n) : "a"(0ULL) : "memory", "cc");
}

void hal_ram_sync(uint64_t pa, uint64_t size)
{
	(void)pa;
	(void)size; /* caches and instruction fetch are coherent with stores */
}
