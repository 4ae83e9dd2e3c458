/*
 * G-stage translation for guests: Sv48x4 or Sv39x4 page tables, VMIDs,
 * fences.
 *
 * Design: one table per address space, four levels (Sv48x4, 50
 * guest-physical bits) when the hart implements it, else three (Sv39x4,
 * 41 bits); chosen once at boot. The root has 2048 entries (16 KiB, 16 KiB
 * aligned, RISC-V privileged spec "Guest physical address translation");
 * the lower levels are ordinary 4 KiB tables. Where the guest and host
 * addresses are 2 MiB aligned and the range covers 2 MiB, a level-1 leaf
 * (megapage) maps it, elsewhere 4 KiB leaves; unmapping part of a megapage
 * splits it break-before-make (invalid, fenced on every hart that has the
 * address space loaded, then a table of the same pages). Leaves have U set
 * (the G-stage treats all guest accesses as user accesses) and A/D preset,
 * so no hart depends on hardware A/D updates. Sv39 has no memory-type bits
 * without Svpbmt: the platform's PMAs decide; the HAL type is kept in the
 * software bit RSW0 so hal_as_translate() can report it. Tables come from
 * the pool the core hands to hal_as_create(), bump-allocated and never
 * freed (unmap clears leaves only).
 *
 * hal_as_map() checks the whole range first (already mapped pages, tables
 * needed versus pool left), so an error changes nothing.
 *
 * VMIDs: hgatp.VMID holds the core's vmid when the hart implements enough
 * VMID bits (probed at boot); otherwise VMID 0 and every activation fences.
 * Activation always fences this hart's G-stage TLB (entries for invalid
 * PTEs may be cached, and a map needs no flush by the HAL contract). Flush
 * fences this hart, and through SBI RFENCE remote_hfence_gvma only the
 * other harts whose hgatp holds this address space now (loaded_as[], set
 * at activation): a hart that activates it later fences at activation
 * anyway. Fencing every hart made each XENMEM_add_to_physmap wait for all
 * of them in OpenSBI, which under QEMU -icount could starve the hart that
 * had to answer (the evtchn bench hung on RISC-V).
 *
 * hal_ram_scrub() zeroes a domain's RAM with unrolled doubleword stores
 * (QEMU 7.2 has no Zicboz cbo.zero); RISC-V caches are coherent with
 * every guest access, so nothing needs cleaning.
 *
 * Locking: the core serialises calls on one address space.
 */
#include <stddef.h>

#include <hal/as.h>
#include <hal/cpu.h>
#include <lib/string.h>
#include <plat_config.h>

#include "csr.h"
#include "gstage.h"
#include "pcpu.h"
#include "sbi.h"

#define PTE_V (1ULL << 0)
#define PTE_R (1ULL << 1)
#define PTE_W (1ULL << 2)
#define PTE_X (1ULL << 3)
#define PTE_U (1ULL << 4)
#define PTE_A (1ULL << 6)
#define PTE_D (1ULL << 7)
#define PTE_DEVICE (1ULL << 8) /* RSW0: HAL_MEM_DEVICE */
#define PTE_PPN_SHIFT 10U
#define PTE_PPN_MASK 0x003ffffffffffc00ULL
#define TABLE_ENTRIES 512U
#define ROOT_ENTRIES 2048U
#define TABLE_BYTES ((size_t)4096U) /* one table below the root: a page */
#define ROOT_BYTES ((size_t)16384U) /* the root table (GS_ROOT_SIZE) */
_Static_assert(TABLE_BYTES == HAL_PAGE_SIZE, "table size");
_Static_assert(ROOT_BYTES == GS_ROOT_SIZE, "root table size");

static unsigned vmid_bits;
/* The address space each pCPU's hgatp selects (NULL: none yet). */
static struct as_arch *loaded_as[HAL_MAX_CPUS];
static unsigned top_level = 2U; /* 2: Sv39x4, 3: Sv48x4 */
static uint64_t hgatp_mode = HGATP_MODE_SV39X4;

unsigned rv_gstage_vmid_bits(void)
{
	return vmid_bits;
}

uint64_t rv_gstage_gpa_limit(void)
{
	unsigned shift = 12U + 9U * top_level + 11U;

	return 1ULL << shift;
}

/* [impl->dsn~riscv64-gstage~1] */
void rv_gstage_probe(void)
{
	uint64_t old = csr_read(hgatp);

	/* hgatp.MODE is WARL: an unsupported mode does not stick. */
	csr_write(hgatp, HGATP_MODE_SV48X4 << HGATP_MODE_SHIFT);
	if ((csr_read(hgatp) >> HGATP_MODE_SHIFT) == HGATP_MODE_SV48X4) {
		top_level = 3U;
		hgatp_mode = HGATP_MODE_SV48X4;
	}
	csr_write(hgatp, HGATP_VMID_MASK << HGATP_VMID_SHIFT);
	uint64_t v = (csr_read(hgatp) >> HGATP_VMID_SHIFT) & HGATP_VMID_MASK;

	csr_write(hgatp, old);
	vmid_bits = 0;
	while (vmid_bits < 14U && ((v >> vmid_bits) & 1U) != 0U) {
		vmid_bits++;
	}
}

static uint64_t *table_at(uint64_t pa)
{
	return (uint64_t *)(uintptr_t)pa;
}

static unsigned index_at(uint64_t gpa, unsigned level)
{
	uint64_t entries = (level == top_level) ? (uint64_t)ROOT_ENTRIES : (uint64_t)TABLE_ENTRIES;
	unsigned shift = 12U + 9U * level;

	return (unsigned)((gpa >> shift) & (entries - 1U));
}

static uint64_t pte_pa(uint64_t pte)
{
	return ((pte & PTE_PPN_MASK) >> PTE_PPN_SHIFT) << HAL_PAGE_SHIFT;
}

static bool pte_is_leaf(uint64_t pte)
{
	return (pte & (PTE_R | PTE_W | PTE_X)) != 0U;
}

size_t hal_as_pool_size(uint64_t pages)
{
	uint64_t below_root = pages < ROOT_ENTRIES ? pages : ROOT_ENTRIES;

	/* root + slack to align it to 16 KiB + one table per page at every
	 * level below the root in the worst case (no two pages share one). */
	return (size_t)(GS_ROOT_SIZE + GS_ROOT_SIZE - HAL_PAGE_SIZE +
	                (below_root + ((uint64_t)top_level - 1U) * pages) * HAL_PAGE_SIZE);
}

/* [impl->dsn~riscv64-gstage~1] */
int hal_as_create(struct as_arch *as, unsigned vmid, void *pool, size_t pool_size)
{
	uint64_t base = (uint64_t)(uintptr_t)pool;
	uint64_t root = (base + GS_ROOT_SIZE - 1U) & ~(GS_ROOT_SIZE - 1U);

	if (pool == NULL || vmid >= 256U || (base & (HAL_PAGE_SIZE - 1U)) != 0U) {
		return -HAL_EINVAL;
	}
	if (root + GS_ROOT_SIZE > base + pool_size || root < base) {
		return -HAL_ENOMEM;
	}
	(void)memset(as->sbi_console, 0, sizeof(as->sbi_console));
	(void)memset(as->vcpus, 0, sizeof(as->vcpus));
	as->multi_vcpu = false;
	(void)memset(table_at(root), 0, ROOT_BYTES);
	as->root_pa = root;
	as->pool_next = root + GS_ROOT_SIZE;
	as->pool_end = base + pool_size;
	as->vmid = vmid;
	as->created = true;
	return 0;
}

uint64_t rv_gstage_hgatp(const struct as_arch *as)
{
	uint64_t vmid = as->vmid < (1U << vmid_bits) ? as->vmid : 0U;

	return (hgatp_mode << HGATP_MODE_SHIFT) | (vmid << HGATP_VMID_SHIFT) |
	       (as->root_pa >> HAL_PAGE_SHIFT);
}

#define MEGA_SPAN (1ULL << 21) /* a level-1 leaf: 2 MiB */

/* Read-only walk: the PTE that maps gpa (a level-1 2 MiB leaf or a level-0
 * page slot) and its level, or NULL when a table on the way is missing. */
static uint64_t *find_leaf(uint64_t root_pa, uint64_t gpa, unsigned *level_out)
{
	uint64_t *t = table_at(root_pa);

	for (unsigned level = top_level; level > 0U; level--) {
		uint64_t *e = &t[index_at(gpa, level)];

		if ((*e & PTE_V) == 0U) {
			return NULL;
		}
		if (pte_is_leaf(*e)) {
			*level_out = level; /* only level 1 leaves are ever made */
			return e;
		}
		t = table_at(pte_pa(*e));
	}
	*level_out = 0U;
	return &t[index_at(gpa, 0U)];
}

/* The slot at `lowest` (1 or 0) for gpa, allocating missing tables above.
 * @pre plan_map() said the pool has enough and no leaf is on the way. */
static uint64_t *make_slot(struct as_arch *as, uint64_t gpa, unsigned lowest)
{
	uint64_t *t = table_at(as->root_pa);

	for (unsigned level = top_level; level > lowest; level--) {
		uint64_t *e = &t[index_at(gpa, level)];

		if ((*e & PTE_V) == 0U) {
			(void)memset(table_at(as->pool_next), 0, TABLE_BYTES);
			*e = ((as->pool_next >> HAL_PAGE_SHIFT) << PTE_PPN_SHIFT) | PTE_V;
			as->pool_next += HAL_PAGE_SIZE;
		}
		t = table_at(pte_pa(*e));
	}
	return &t[index_at(gpa, lowest)];
}

/* Tables missing on the way to p's slot at `lowest`, not yet counted
 * (last[l]: the region of the last level-l table counted); -1 when a leaf
 * above `lowest` maps p already. */
static int64_t missing_tables(const struct as_arch *as, uint64_t p, unsigned lowest, uint64_t *last)
{
	const uint64_t *t = table_at(as->root_pa);
	int64_t need = 0;

	for (unsigned level = top_level; level > lowest; level--) {
		uint64_t e = t[index_at(p, level)];

		if ((e & PTE_V) == 0U) {
			for (unsigned l = level; l > lowest; l--) {
				unsigned shift = 12U + (9U * l);
				uint64_t key = p >> shift;

				if (key != last[l - 1U]) {
					need++;
					last[l - 1U] = key;
				}
			}
			return need;
		}
		if (pte_is_leaf(e)) {
			return -1;
		}
		t = table_at(pte_pa(e));
	}
	return (t[index_at(p, lowest)] & PTE_V) != 0U ? -1 : 0;
}

/* A 2 MiB leaf maps [gpa, gpa + 2 MiB) when both addresses are aligned and
 * the range covers it. */
static bool mega_fits(uint64_t gpa, uint64_t pa, uint64_t left)
{
	return ((gpa | pa) & (MEGA_SPAN - 1U)) == 0U && left >= MEGA_SPAN;
}

/*
 * Walk [gpa, gpa + size) as hal_as_map() fills it (2 MiB leaves where
 * mega_fits() and the level-1 slot is free, 4 KiB pages elsewhere).
 * @return the tables it must take from the pool, or -1 when a page of the
 *         range is mapped already.
 */
static int64_t plan_map(const struct as_arch *as, uint64_t gpa, uint64_t pa, uint64_t size)
{
	int64_t need = 0;
	uint64_t last[4] = {~0ULL, ~0ULL, ~0ULL, ~0ULL};
	uint64_t off = 0;

	while (off < size) {
		uint64_t p = gpa + off;
		int64_t mega =
		        mega_fits(p, pa + off, size - off) ? missing_tables(as, p, 1U, last) : -1;

		if (mega >= 0) {
			need += mega;
			off += MEGA_SPAN;
			continue;
		}
		int64_t page = missing_tables(as, p, 0U, last);

		if (page < 0) {
			return -1;
		}
		need += page;
		off += HAL_PAGE_SIZE;
	}
	return need;
}

static uint64_t leaf_pte(uint64_t pa, unsigned perm, enum hal_mem_type type)
{
	uint64_t pte = ((pa >> HAL_PAGE_SHIFT) << PTE_PPN_SHIFT) | PTE_V | PTE_U | PTE_A | PTE_D;

	pte |= (perm & HAL_AS_R) != 0U ? PTE_R : 0U;
	pte |= (perm & HAL_AS_W) != 0U ? (PTE_W | PTE_R) : 0U; /* W without R is reserved */
	pte |= (perm & HAL_AS_X) != 0U ? PTE_X : 0U;
	pte |= type == HAL_MEM_DEVICE ? PTE_DEVICE : 0U;
	return pte;
}

static bool range_ok(uint64_t gpa, uint64_t size)
{
	uint64_t limit = rv_gstage_gpa_limit();

	return ((gpa | size) & (HAL_PAGE_SIZE - 1U)) == 0U && size > 0U && gpa < limit &&
	       size <= limit - gpa;
}

int hal_as_map(struct as_arch *as, uint64_t gpa, uint64_t pa, uint64_t size, unsigned perm,
               enum hal_mem_type type)
{
	uint64_t off = 0;

	if (!as->created || !range_ok(gpa, size) || (pa & (HAL_PAGE_SIZE - 1U)) != 0U ||
	    pa + size < pa || perm == 0U || (perm & ~(HAL_AS_R | HAL_AS_W | HAL_AS_X)) != 0U) {
		return -HAL_EINVAL;
	}
	int64_t need = plan_map(as, gpa, pa, size);

	if (need < 0) {
		return -HAL_EEXIST;
	}
	if ((uint64_t)need * HAL_PAGE_SIZE > as->pool_end - as->pool_next) {
		return -HAL_ENOMEM;
	}
	while (off < size) {
		uint64_t *e1 = make_slot(as, gpa + off, 1U);

		if (mega_fits(gpa + off, pa + off, size - off) && (*e1 & PTE_V) == 0U) {
			*e1 = leaf_pte(pa + off, perm, type);
			off += MEGA_SPAN;
		} else {
			*make_slot(as, gpa + off, 0U) = leaf_pte(pa + off, perm, type);
			off += HAL_PAGE_SIZE;
		}
	}
	__asm__ volatile("fence rw, rw" : : : "memory");
	return 0;
}

/* Replace the 2 MiB leaf *e1 by a table of the same 512 pages,
 * break-before-make (invalid, fenced on every hart using it, the table). */
static int split_mega(struct as_arch *as, uint64_t *e1)
{
	if (as->pool_end - as->pool_next < HAL_PAGE_SIZE) {
		return -HAL_ENOMEM;
	}
	uint64_t table = as->pool_next;
	uint64_t *t = table_at(table);
	uint64_t ppn = (*e1 & PTE_PPN_MASK) >> PTE_PPN_SHIFT;
	uint64_t bits = *e1 & ~PTE_PPN_MASK;

	as->pool_next += HAL_PAGE_SIZE;
	for (uint64_t i = 0; i < TABLE_ENTRIES; i++) {
		t[i] = ((ppn + i) << PTE_PPN_SHIFT) | bits;
	}
	*e1 = 0;
	__asm__ volatile("fence rw, rw" : : : "memory");
	hal_as_flush(as);
	*e1 = ((table >> HAL_PAGE_SHIFT) << PTE_PPN_SHIFT) | PTE_V;
	return 0;
}

int hal_as_unmap(struct as_arch *as, uint64_t gpa, uint64_t size)
{
	uint64_t p = gpa;

	if (!as->created || !range_ok(gpa, size)) {
		return -HAL_EINVAL;
	}
	while (p < gpa + size) {
		unsigned level = 0;
		uint64_t *slot = find_leaf(as->root_pa, p, &level);

		if (slot != NULL && level == 1U) {
			if ((p & (MEGA_SPAN - 1U)) == 0U && gpa + size - p >= MEGA_SPAN) {
				*slot = 0;
				p += MEGA_SPAN;
			} else if (split_mega(as, slot) != 0) {
				return -HAL_ENOMEM;
			} else {
				/* walk again, now to a 4 KiB slot */
			}
			continue;
		}
		if (slot != NULL) {
			*slot = 0;
		}
		p += HAL_PAGE_SIZE;
	}
	__asm__ volatile("fence rw, rw" : : : "memory");
	return 0;
}

static int translate_console_window(const struct as_arch *as, uint64_t gpa, struct hal_as_page *out)
{
	uint64_t off = gpa - GS_SBI_CONSOLE_GPA;

	if (gpa < GS_SBI_CONSOLE_GPA || off >= sizeof(as->sbi_console)) {
		return -HAL_ENOENT;
	}
	out->pa = (uint64_t)(uintptr_t)as->sbi_console + off;
	out->perm = HAL_AS_R | HAL_AS_W;
	out->type = HAL_MEM_NORMAL;
	return 0;
}

int hal_as_translate(const struct as_arch *as, uint64_t gpa, struct hal_as_page *out)
{
	if (!as->created) {
		return -HAL_ENOENT;
	}
	if (gpa >= rv_gstage_gpa_limit()) {
		return translate_console_window(as, gpa, out);
	}
	unsigned level = 0;
	const uint64_t *slot = find_leaf(as->root_pa, gpa, &level);

	if (slot == NULL || (*slot & PTE_V) == 0U) {
		return -HAL_ENOENT;
	}
	uint64_t span = (level == 1U) ? MEGA_SPAN : HAL_PAGE_SIZE;

	out->pa = pte_pa(*slot) | (gpa & (span - 1U));
	unsigned perm = 0U;

	if ((*slot & PTE_R) != 0U) {
		perm |= HAL_AS_R;
	}
	if ((*slot & PTE_W) != 0U) {
		perm |= HAL_AS_W;
	}
	if ((*slot & PTE_X) != 0U) {
		perm |= HAL_AS_X;
	}
	out->perm = perm;
	out->type = (*slot & PTE_DEVICE) != 0U ? HAL_MEM_DEVICE : HAL_MEM_NORMAL;
	return 0;
}

void hal_as_activate(struct as_arch *as)
{
	unsigned self = hal_cpu_id();

	if (self < HAL_MAX_CPUS) {
		__atomic_store_n(&loaded_as[self], as, __ATOMIC_SEQ_CST);
	}
	csr_write(hgatp, rv_gstage_hgatp(as));
	rv_hfence_gvma_all();
	rv_hfence_vvma_all(); /* VS-stage entries of the previous guest (same VMID 0) */
}

/* [impl->dsn~riscv64-gstage-flush~1]
 * Reviewed false positive: cppcheck would make `as` const (it is only
 * compared here), but hal/as.h fixes the signature for every backend. */
/* cppcheck-suppress constParameter */
void hal_as_flush(struct as_arch *as)
{
	unsigned self = hal_cpu_id();

	rv_hfence_gvma_all();
	for (unsigned cpu = 0; cpu < HAL_MAX_CPUS; cpu++) {
		if (cpu != self && __atomic_load_n(&loaded_as[cpu], __ATOMIC_SEQ_CST) == as) {
			/* hart_mask 1 at base hartid: that hart; start 0, size all ones. */
			(void)sbi_call5(SBI_EXT_RFENCE, SBI_RFENCE_HFENCE_GVMA, 1UL,
			                rv_pcpus[cpu].hartid, 0UL, ~0UL, 0UL);
		}
	}
}

void *hal_pa_to_va(uint64_t pa)
{
	if (pa < PLAT_HV_LOAD_BASE || pa >= PLAT_RAM_BASE + PLAT_RAM_SIZE) {
		return NULL;
	}
	return (void *)(uintptr_t)pa;
}

uint64_t hal_va_to_pa(const void *va)
{
	return (uint64_t)(uintptr_t)va;
}

/* [impl->dsn~bench-boot-scrub~1] */
void hal_ram_scrub(uint64_t pa, uint64_t size)
{
	uint64_t p = (uint64_t)(uintptr_t)hal_pa_to_va(pa);
	uint64_t end = p + size;

	if (size == 0U) {
		return;
	}
	/* 128 bytes per loop; size is a multiple of the 4 KiB page. */
	__asm__ volatile("1:\n\t"
	                 ".set off, 0\n\t"
	                 ".rept 16\n\t"
	                 "sd zero, off(%0)\n\t"
	                 ".set off, off + 8\n\t"
	                 ".endr\n\t"
	                 "addi %0, %0, 128\n\t"
	                 "bltu %0, %1, 1b"
	                 : "+r"(p)
	                 : "r"(end)
	                 : "memory");
	__asm__ volatile("fence rw, rw" : : : "memory");
}

void hal_ram_sync(uint64_t pa, uint64_t size)
{
	(void)pa;
	(void)size;
	/* Data caches are coherent; instruction fetch on this hart sees the
	 * stores after FENCE.I. Not done: a remote FENCE.I for other harts
	 * that ran the domain's previous code at these addresses (after a
	 * reset; the vCPUs are pinned, usually to this hart's peers), since
	 * OpenSBI's remote fences wait for every target hart. */
	__asm__ volatile("fence.i" : : : "memory");
}

/* The guest's time offset is per domain; a native counter is not offered yet. */
int hal_as_set_clock(struct as_arch *as, enum hal_as_clock clock)
{
	(void)as;
	return clock == HAL_AS_CLOCK_DOMAIN ? 0 : -HAL_EINVAL;
}
