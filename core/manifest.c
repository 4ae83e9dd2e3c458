/*
 * Manifest verifier: decides whether a packed image may be trusted as a
 * system description, before any of it is used.
 *
 * Design: checks run in dependency order — header fields, header checksum,
 * table placement, string table, payload checksum, then each table's rows
 * (every id they reference must exist, every range and blob must lie inside
 * its table or the payload). The first failure returns a negative errno and a
 * static reason string; nothing is written. After success, callers index
 * tables and strings without further checks (manifest_table_row and
 * manifest_string still refuse out-of-range input, returning NULL).
 * Freestanding: no allocation, no recursion, bounded loops only.
 *
 * Locking: none; the image is read-only and verified once on the boot pCPU.
 */
#include <stdbool.h>

#include <core/manifest.h>
#include <lib/string.h>

#define PAGE_MASK 0xfffULL

struct verifier {
	const uint8_t *base;
	const struct manifest_header *hdr;
	const char *reason;
};

static const uint32_t entry_sizes[MT_COUNT] = {
        [MT_DOMAINS] = sizeof(struct manifest_domain),
        [MT_MEMORY] = sizeof(struct manifest_mem_region),
        [MT_MMIO] = sizeof(struct manifest_mmio),
        [MT_IRQS] = sizeof(struct manifest_irq),
        [MT_CPUPOOLS] = sizeof(struct manifest_cpupool),
        [MT_A653_WINDOWS] = sizeof(struct manifest_a653_window),
        [MT_SHM] = sizeof(struct manifest_shm),
        [MT_SHM_MAPS] = sizeof(struct manifest_shm_map),
        [MT_EVTCHNS] = sizeof(struct manifest_evtchn),
        [MT_STRINGS] = 1,
};

static const uint32_t max_counts[MT_COUNT] = {
        [MT_DOMAINS] = MANIFEST_MAX_DOMAINS,   [MT_MEMORY] = MANIFEST_MAX_MEM_REGIONS,
        [MT_MMIO] = MANIFEST_MAX_MMIO,         [MT_IRQS] = MANIFEST_MAX_IRQS,
        [MT_CPUPOOLS] = MANIFEST_MAX_CPUPOOLS, [MT_A653_WINDOWS] = MANIFEST_MAX_A653_WINDOWS,
        [MT_SHM] = MANIFEST_MAX_SHM,           [MT_SHM_MAPS] = MANIFEST_MAX_SHM_MAPS,
        [MT_EVTCHNS] = MANIFEST_MAX_EVTCHNS,   [MT_STRINGS] = MANIFEST_MAX_STRINGS,
};

static int fail(struct verifier *v, int err, const char *reason)
{
	v->reason = reason;
	return -err;
}

uint64_t manifest_fnv1a(uint64_t hash, const void *buf, size_t len)
{
	const uint8_t *p = buf;
	uint64_t h = hash;

	for (size_t i = 0; i < len; i++) {
		h ^= p[i];
		h *= MANIFEST_FNV_PRIME;
	}
	return h;
}

uint64_t manifest_header_checksum(const void *image, uint32_t manifest_size)
{
	static const uint8_t zero[sizeof(uint64_t)];
	const uint8_t *p = image;
	size_t at = offsetof(struct manifest_header, checksum);
	uint64_t h = manifest_fnv1a(MANIFEST_FNV_INIT, p, at);

	h = manifest_fnv1a(h, zero, sizeof(zero));
	at += sizeof(zero);
	return manifest_fnv1a(h, p + at, manifest_size - at);
}

static uint32_t table_count(const struct verifier *v, enum manifest_table_id t)
{
	return v->hdr->tables[t].count;
}

static const void *row(const struct verifier *v, enum manifest_table_id t, uint32_t i)
{
	const struct manifest_table *tab = &v->hdr->tables[t];

	return v->base + tab->offset + (size_t)i * tab->entry_size;
}

static uint64_t pcpu_mask_all(uint32_t nr_pcpus)
{
	return nr_pcpus >= 64U ? ~0ULL : (1ULL << nr_pcpus) - 1U;
}

static int check_header_fields(struct verifier *v, size_t len)
{
	const struct manifest_header *h = v->hdr;

	if (len < sizeof(*h)) {
		return fail(v, MANIFEST_EINVAL, "image shorter than the manifest header");
	}
	if (h->magic != MANIFEST_MAGIC) {
		return fail(v, MANIFEST_ENOEXEC, "bad magic");
	}
	if (h->version_major != MANIFEST_VERSION_MAJOR) {
		return fail(v, MANIFEST_EINVAL, "unsupported manifest version");
	}
	if (h->header_size != sizeof(*h)) {
		return fail(v, MANIFEST_EINVAL, "header_size does not match this version");
	}
	if (h->manifest_size < sizeof(*h) || h->manifest_size % MANIFEST_ALIGN != 0U) {
		return fail(v, MANIFEST_EINVAL, "manifest_size too small or unaligned");
	}
	if (h->manifest_size > len) {
		return fail(v, MANIFEST_ERANGE, "manifest_size beyond the image (truncated?)");
	}
	if (h->image_size < h->manifest_size || h->image_size > len) {
		return fail(v, MANIFEST_ERANGE, "image_size beyond the image (truncated?)");
	}
	if (h->arch < (uint32_t)MANIFEST_ARCH_ARM64 || h->arch > (uint32_t)MANIFEST_ARCH_RISCV64) {
		return fail(v, MANIFEST_EINVAL, "unknown arch");
	}
	if (h->flags != 0U) {
		return fail(v, MANIFEST_EINVAL, "unknown header flags");
	}
	if (h->nr_pcpus == 0U || h->nr_pcpus > MANIFEST_MAX_PCPUS) {
		return fail(v, MANIFEST_E2BIG, "nr_pcpus out of range");
	}
	if (strnlen(h->platform, MANIFEST_PLATFORM_LEN) == MANIFEST_PLATFORM_LEN) {
		return fail(v, MANIFEST_EINVAL, "platform name not NUL-terminated");
	}
	return 0;
}

static int check_checksums(struct verifier *v)
{
	const struct manifest_header *h = v->hdr;
	uint64_t payload;

	if (manifest_header_checksum(v->base, h->manifest_size) != h->checksum) {
		return fail(v, MANIFEST_EBADMSG, "manifest checksum mismatch");
	}
	payload = manifest_fnv1a(MANIFEST_FNV_INIT, v->base + h->manifest_size,
	                         (size_t)(h->image_size - h->manifest_size));
	if (payload != h->payload_checksum) {
		return fail(v, MANIFEST_EBADMSG, "payload checksum mismatch");
	}
	return 0;
}

static int check_table_placement(struct verifier *v, enum manifest_table_id t)
{
	const struct manifest_table *tab = &v->hdr->tables[t];
	uint64_t end = (uint64_t)tab->offset + (uint64_t)tab->count * tab->entry_size;

	if (tab->entry_size != entry_sizes[t]) {
		return fail(v, MANIFEST_EINVAL, "table entry_size does not match this version");
	}
	if (tab->count > max_counts[t]) {
		return fail(v, MANIFEST_E2BIG, "table has more entries than the hypervisor allows");
	}
	if (tab->offset % MANIFEST_ALIGN != 0U || tab->offset < v->hdr->header_size) {
		return fail(v, MANIFEST_EINVAL, "table offset unaligned or inside the header");
	}
	if (end > v->hdr->manifest_size) {
		return fail(v, MANIFEST_ERANGE, "table extends beyond the manifest");
	}
	return 0;
}

static bool tables_overlap(const struct manifest_table *a, const struct manifest_table *b)
{
	uint64_t a_end = (uint64_t)a->offset + (uint64_t)a->count * a->entry_size;
	uint64_t b_end = (uint64_t)b->offset + (uint64_t)b->count * b->entry_size;

	if (a->count == 0U || b->count == 0U) {
		return false;
	}
	return a->offset < b_end && b->offset < a_end;
}

static int check_tables(struct verifier *v)
{
	const struct manifest_table *tabs = v->hdr->tables;

	for (unsigned t = 0U; t < (unsigned)MT_COUNT; t++) {
		int rc = check_table_placement(v, (enum manifest_table_id)t);

		if (rc != 0) {
			return rc;
		}
		for (unsigned u = 0; u < t; u++) {
			if (tables_overlap(&tabs[t], &tabs[u])) {
				return fail(v, MANIFEST_EINVAL, "tables overlap");
			}
		}
	}
	if (tabs[MT_STRINGS].count == 0U) {
		return fail(v, MANIFEST_EINVAL, "string table empty");
	}
	if (v->base[tabs[MT_STRINGS].offset] != 0U ||
	    v->base[tabs[MT_STRINGS].offset + tabs[MT_STRINGS].count - 1U] != 0U) {
		return fail(v, MANIFEST_EINVAL, "string table must start and end with NUL");
	}
	return 0;
}

static bool string_ok(const struct verifier *v, uint32_t offset)
{
	return offset < table_count(v, MT_STRINGS);
}

static bool range_ok(const struct verifier *v, enum manifest_table_id t,
                     const struct manifest_range *r)
{
	return (uint64_t)r->first + r->count <= table_count(v, t);
}

static bool blob_ok(const struct verifier *v, const struct manifest_blob *b)
{
	if (b->size == 0U) {
		return b->offset == 0U;
	}
	if (b->offset % MANIFEST_BLOB_ALIGN != 0U || b->offset < v->hdr->manifest_size) {
		return false;
	}
	return b->offset <= v->hdr->image_size && b->size <= v->hdr->image_size - b->offset;
}

static const struct manifest_domain *find_domain(const struct verifier *v, uint32_t id)
{
	for (uint32_t i = 0; i < table_count(v, MT_DOMAINS); i++) {
		const struct manifest_domain *d = row(v, MT_DOMAINS, i);

		if (d->id == id) {
			return d;
		}
	}
	return NULL;
}

static const struct manifest_cpupool *find_pool(const struct verifier *v, uint32_t id)
{
	for (uint32_t i = 0; i < table_count(v, MT_CPUPOOLS); i++) {
		const struct manifest_cpupool *p = row(v, MT_CPUPOOLS, i);

		if (p->id == id) {
			return p;
		}
	}
	return NULL;
}

/* Rows [r.first, r.first + r.count) of table t all name domain `id`. */
static bool rows_owned_by(const struct verifier *v, enum manifest_table_id t,
                          const struct manifest_range *r, uint32_t id)
{
	for (uint32_t i = r->first; i < r->first + r->count; i++) {
		const uint32_t *owner = row(v, t, i); /* domain is the first field */

		if (*owner != id) {
			return false;
		}
	}
	return true;
}

static int check_domain_refs(struct verifier *v, const struct manifest_domain *d)
{
	if (!range_ok(v, MT_MEMORY, &d->mem) || !range_ok(v, MT_MMIO, &d->mmio) ||
	    !range_ok(v, MT_IRQS, &d->irqs)) {
		return fail(v, MANIFEST_ERANGE, "domain table range out of bounds");
	}
	if (d->mem.count == 0U) {
		return fail(v, MANIFEST_EINVAL, "domain has no memory");
	}
	if (!rows_owned_by(v, MT_MEMORY, &d->mem, d->id) ||
	    !rows_owned_by(v, MT_MMIO, &d->mmio, d->id) ||
	    !rows_owned_by(v, MT_IRQS, &d->irqs, d->id)) {
		return fail(v, MANIFEST_EINVAL, "domain range names rows of another domain");
	}
	if (!blob_ok(v, &d->kernel) || !blob_ok(v, &d->ramdisk) || !blob_ok(v, &d->boot_data)) {
		return fail(v, MANIFEST_ERANGE, "domain blob outside the payload");
	}
	if (d->kernel.size == 0U) {
		return fail(v, MANIFEST_EINVAL, "domain has no kernel");
	}
	if (!string_ok(v, d->name) || !string_ok(v, d->bootargs)) {
		return fail(v, MANIFEST_ERANGE, "domain string offset out of bounds");
	}
	return 0;
}

static int check_domain_vcpus(struct verifier *v, const struct manifest_domain *d)
{
	const struct manifest_cpupool *pool = find_pool(v, d->cpupool);

	if (pool == NULL) {
		return fail(v, MANIFEST_EINVAL, "domain names a missing cpupool");
	}
	if (d->nr_vcpus == 0U || d->nr_vcpus > MANIFEST_MAX_VCPUS) {
		return fail(v, MANIFEST_E2BIG, "domain vCPU count out of range");
	}
	for (uint32_t i = 0; i < MANIFEST_MAX_VCPUS; i++) {
		uint64_t aff = d->vcpu_affinity[i];

		if (i >= d->nr_vcpus && aff != 0U) {
			return fail(v, MANIFEST_EINVAL,
			            "affinity set for a vCPU that does not exist");
		}
		if (i < d->nr_vcpus && (aff == 0U || (aff & ~pool->cpus) != 0U)) {
			return fail(v, MANIFEST_EINVAL,
			            "vCPU affinity empty or outside its cpupool");
		}
	}
	return 0;
}

static int check_domain_enums(struct verifier *v, const struct manifest_domain *d)
{
	if (d->id >= MANIFEST_MAX_DOMAINS) {
		return fail(v, MANIFEST_E2BIG, "domain id out of range");
	}
	if (d->role > (uint32_t)MANIFEST_ROLE_HARDWARE) {
		return fail(v, MANIFEST_EINVAL, "unknown domain role");
	}
	if ((d->caps & ~MANIFEST_CAP_ALL_KNOWN) != 0U) {
		return fail(v, MANIFEST_EINVAL, "unknown capability bits");
	}
	if (d->fault_policy > (uint32_t)MANIFEST_FAULT_RESET) {
		return fail(v, MANIFEST_EINVAL, "unknown fault policy");
	}
	if ((d->flags & ~(MANIFEST_DOM_DIRECT_MAP | MANIFEST_DOM_UNMAPPED_RAZ |
	                  MANIFEST_DOM_NO_BOOT_SCRUB | MANIFEST_DOM_NATIVE_CLOCK)) != 0U) {
		return fail(v, MANIFEST_EINVAL, "unknown domain flags");
	}
	if (d->boot_data_kind > (uint32_t)MANIFEST_BOOT_DATA_START_INFO ||
	    (d->boot_data_kind == (uint32_t)MANIFEST_BOOT_DATA_NONE) != (d->boot_data.size == 0U)) {
		return fail(v, MANIFEST_EINVAL, "boot data kind and blob disagree");
	}
	if (d->console > (uint32_t)MANIFEST_CONSOLE_HVC) {
		return fail(v, MANIFEST_EINVAL, "unknown console type");
	}
	if (d->credit2_weight == 0U || d->credit2_weight > 65535U) {
		return fail(v, MANIFEST_EINVAL, "credit2 weight out of range");
	}
	if (d->rtds_budget_ns > d->rtds_period_ns) {
		return fail(v, MANIFEST_EINVAL, "RTDS budget exceeds period");
	}
	return 0;
}

static int check_domains(struct verifier *v)
{
	for (uint32_t i = 0; i < table_count(v, MT_DOMAINS); i++) {
		const struct manifest_domain *d = row(v, MT_DOMAINS, i);
		int rc = check_domain_enums(v, d);

		if (rc == 0 && find_domain(v, d->id) != d) {
			rc = fail(v, MANIFEST_EINVAL, "duplicate domain id");
		}
		if (rc == 0) {
			rc = check_domain_refs(v, d);
		}
		if (rc == 0) {
			rc = check_domain_vcpus(v, d);
		}
		if (rc != 0) {
			return rc;
		}
	}
	return 0;
}

static bool span_ok(uint64_t base, uint64_t size)
{
	return size != 0U && base + size > base;
}

static int check_memory(struct verifier *v)
{
	for (uint32_t i = 0; i < table_count(v, MT_MEMORY); i++) {
		const struct manifest_mem_region *m = row(v, MT_MEMORY, i);

		if (((m->gpa | m->hpa | m->size) & PAGE_MASK) != 0U) {
			return fail(v, MANIFEST_EINVAL, "memory region not 4 KiB aligned");
		}
		if (!span_ok(m->gpa, m->size) || !span_ok(m->hpa, m->size)) {
			return fail(v, MANIFEST_ERANGE, "memory region empty or wraps");
		}
		if ((m->flags & ~(MANIFEST_MEM_STATIC | MANIFEST_MEM_DIRECT_MAP)) != 0U) {
			return fail(v, MANIFEST_EINVAL, "unknown memory flags");
		}
		if ((m->flags & MANIFEST_MEM_DIRECT_MAP) != 0U && m->gpa != m->hpa) {
			return fail(v, MANIFEST_EINVAL, "direct-mapped region with gpa != hpa");
		}
	}
	return 0;
}

static int check_mmio_irqs(struct verifier *v)
{
	for (uint32_t i = 0; i < table_count(v, MT_MMIO); i++) {
		const struct manifest_mmio *m = row(v, MT_MMIO, i);

		if (((m->gpa | m->hpa | m->size) & PAGE_MASK) != 0U) {
			return fail(v, MANIFEST_EINVAL, "MMIO range not 4 KiB aligned");
		}
		if (!span_ok(m->gpa, m->size) || !span_ok(m->hpa, m->size)) {
			return fail(v, MANIFEST_ERANGE, "MMIO range empty or wraps");
		}
		if (!string_ok(v, m->name)) {
			return fail(v, MANIFEST_ERANGE, "MMIO name offset out of bounds");
		}
	}
	for (uint32_t i = 0; i < table_count(v, MT_IRQS); i++) {
		const struct manifest_irq *q = row(v, MT_IRQS, i);

		if ((q->flags & ~MANIFEST_IRQ_LEVEL) != 0U) {
			return fail(v, MANIFEST_EINVAL, "unknown IRQ flags");
		}
	}
	return 0;
}

static int check_a653_windows(struct verifier *v, const struct manifest_cpupool *p)
{
	uint64_t total = 0;

	if (!range_ok(v, MT_A653_WINDOWS, &p->windows)) {
		return fail(v, MANIFEST_ERANGE, "cpupool window range out of bounds");
	}
	if (p->sched != (uint32_t)MANIFEST_SCHED_ARINC653) {
		return p->windows.count == 0U && p->major_frame_ns == 0U
		               ? 0
		               : fail(v, MANIFEST_EINVAL,
		                      "ARINC 653 schedule on another scheduler");
	}
	for (uint32_t i = p->windows.first; i < p->windows.first + p->windows.count; i++) {
		const struct manifest_a653_window *w = row(v, MT_A653_WINDOWS, i);
		const struct manifest_domain *d = find_domain(v, w->domain);

		if (d == NULL || d->cpupool != p->id || w->vcpu >= d->nr_vcpus) {
			return fail(v, MANIFEST_EINVAL,
			            "ARINC 653 window names a vCPU not in the pool");
		}
		if (w->duration_ns == 0U || w->duration_ns > p->major_frame_ns - total) {
			return fail(v, MANIFEST_EINVAL, "ARINC 653 windows exceed the major frame");
		}
		total += w->duration_ns;
	}
	return 0;
}

static int check_cpupools(struct verifier *v)
{
	uint64_t seen = 0;

	for (uint32_t i = 0; i < table_count(v, MT_CPUPOOLS); i++) {
		const struct manifest_cpupool *p = row(v, MT_CPUPOOLS, i);
		int rc;

		if (find_pool(v, p->id) != p) {
			return fail(v, MANIFEST_EINVAL, "duplicate cpupool id");
		}
		if (p->sched > (uint32_t)MANIFEST_SCHED_ARINC653) {
			return fail(v, MANIFEST_EINVAL, "unknown scheduler");
		}
		if (p->cpus == 0U || (p->cpus & ~pcpu_mask_all(v->hdr->nr_pcpus)) != 0U) {
			return fail(v, MANIFEST_EINVAL,
			            "cpupool pCPU mask empty or beyond nr_pcpus");
		}
		if ((p->cpus & seen) != 0U) {
			return fail(v, MANIFEST_EINVAL, "pCPU in two cpupools");
		}
		if (!string_ok(v, p->name)) {
			return fail(v, MANIFEST_ERANGE, "cpupool name offset out of bounds");
		}
		seen |= p->cpus;
		rc = check_a653_windows(v, p);
		if (rc != 0) {
			return rc;
		}
	}
	return 0;
}

static int check_shm_maps(struct verifier *v, uint32_t index, const struct manifest_shm *s)
{
	for (uint32_t i = s->maps.first; i < s->maps.first + s->maps.count; i++) {
		const struct manifest_shm_map *m = row(v, MT_SHM_MAPS, i);
		bool first = i == s->maps.first;
		bool owner = m->role == (uint32_t)MANIFEST_SHM_OWNER;

		if (m->shm != index || find_domain(v, m->domain) == NULL) {
			return fail(v, MANIFEST_EINVAL,
			            "shared memory map names a wrong region or domain");
		}
		if (m->role > (uint32_t)MANIFEST_SHM_BORROWER ||
		    (m->flags & ~MANIFEST_SHM_RW) != 0U) {
			return fail(v, MANIFEST_EINVAL, "shared memory map role or flags unknown");
		}
		if (first ? (!owner || m->domain != s->owner) : owner) {
			return fail(v, MANIFEST_EINVAL,
			            "shared memory owner must be the first map");
		}
		if ((m->gpa & PAGE_MASK) != 0U || !span_ok(m->gpa, s->size)) {
			return fail(v, MANIFEST_EINVAL, "shared memory guest address bad");
		}
	}
	return 0;
}

static int check_shm(struct verifier *v)
{
	for (uint32_t i = 0; i < table_count(v, MT_SHM); i++) {
		const struct manifest_shm *s = row(v, MT_SHM, i);
		int rc;

		if (!string_ok(v, s->id)) {
			return fail(v, MANIFEST_ERANGE, "shared memory id offset out of bounds");
		}
		if (find_domain(v, s->owner) == NULL) {
			return fail(v, MANIFEST_EINVAL, "shared memory owner missing");
		}
		if (((s->hpa | s->size) & PAGE_MASK) != 0U || !span_ok(s->hpa, s->size)) {
			return fail(v, MANIFEST_EINVAL,
			            "shared memory region not aligned or empty");
		}
		if (!range_ok(v, MT_SHM_MAPS, &s->maps) || s->maps.count == 0U) {
			return fail(v, MANIFEST_ERANGE, "shared memory map range out of bounds");
		}
		rc = check_shm_maps(v, i, s);
		if (rc != 0) {
			return rc;
		}
	}
	return 0;
}

static int check_evtchns(struct verifier *v)
{
	for (uint32_t i = 0; i < table_count(v, MT_EVTCHNS); i++) {
		const struct manifest_evtchn *e = row(v, MT_EVTCHNS, i);

		if (find_domain(v, e->dom_a) == NULL || find_domain(v, e->dom_b) == NULL) {
			return fail(v, MANIFEST_EINVAL, "event channel names a missing domain");
		}
		if (e->port_a == 0U || e->port_b == 0U || e->port_a > MANIFEST_MAX_EVTCHN_PORT ||
		    e->port_b > MANIFEST_MAX_EVTCHN_PORT) {
			return fail(v, MANIFEST_ERANGE, "event channel port out of range");
		}
		if (e->dom_a == e->dom_b && e->port_a == e->port_b) {
			return fail(v, MANIFEST_EINVAL, "event channel bound to itself");
		}
	}
	return 0;
}

/* [impl->dsn~manifest-verify~1] */
int manifest_verify(const void *image, size_t len, const char **reason)
{
	struct verifier v = {.base = image, .hdr = image, .reason = "ok"};
	int (*const steps[])(struct verifier *) = {
	        check_checksums, check_tables,   check_domains, check_memory,
	        check_mmio_irqs, check_cpupools, check_shm,     check_evtchns,
	};
	int rc = image == NULL ? fail(&v, MANIFEST_EINVAL, "no image")
	                       : check_header_fields(&v, len);

	for (size_t i = 0; rc == 0 && i < sizeof(steps) / sizeof(steps[0]); i++) {
		rc = steps[i](&v);
	}
	if (reason != NULL) {
		*reason = v.reason;
	}
	return rc;
}

const struct manifest_header *manifest_header(const void *image)
{
	return image;
}

const void *manifest_table_row(const void *image, enum manifest_table_id t, uint32_t index)
{
	const struct manifest_header *h = image;

	if ((unsigned)t >= (unsigned)MT_COUNT || index >= h->tables[t].count) {
		return NULL;
	}
	return (const uint8_t *)image + h->tables[t].offset +
	       (size_t)index * h->tables[t].entry_size;
}

const char *manifest_string(const void *image, uint32_t offset)
{
	const struct manifest_header *h = image;

	if (offset >= h->tables[MT_STRINGS].count) {
		return NULL;
	}
	return (const char *)image + h->tables[MT_STRINGS].offset + offset;
}
