/*
 * Packing: the placed, generated system into one image in the format of
 * core/manifest.h — header, tables, string table, then the payload (kernels,
 * ramdisks, boot data), each blob 4 KiB aligned.
 *
 * Design: rows are written in config order (domains in node order; each
 * domain's memory, MMIO and IRQ rows contiguous; for each shared memory
 * region the owner's map first). The finished image is checked with the
 * hypervisor's own verifier (core/manifest.c) before it is returned, so the
 * tool never writes an image the hypervisor would refuse.
 */
#include <stdlib.h>
#include <string.h>

#include "bhimg.h"

struct strtab {
	char buf[MANIFEST_MAX_STRINGS];
	uint32_t len;
	bool full;
};

static uint32_t str_add(struct strtab *t, const char *s)
{
	size_t n = strlen(s) + 1;
	uint32_t at = t->len;

	if (n == 1)
		return MANIFEST_NO_STRING;
	if (t->len + n > sizeof(t->buf)) {
		t->full = true;
		return MANIFEST_NO_STRING;
	}
	memcpy(t->buf + t->len, s, n);
	t->len += (uint32_t)n;
	return at;
}

struct packer {
	const struct system *s;
	const struct board *b;
	uint8_t *img;
	struct manifest_header *h;
	struct strtab str;
	uint32_t counts[MT_COUNT];
	uint64_t payload_end;
};

static void count_rows(struct packer *p)
{
	const struct system *s = p->s;

	p->counts[MT_DOMAINS] = s->nr_dom;
	p->counts[MT_CPUPOOLS] = s->nr_pool;
	p->counts[MT_SHM] = s->nr_shm;
	p->counts[MT_EVTCHNS] = s->nr_ev;
	for (unsigned i = 0; i < s->nr_pool; i++)
		p->counts[MT_A653_WINDOWS] += s->pool[i].nr_win;
	for (unsigned i = 0; i < s->nr_dom; i++) {
		const struct domain_cfg *d = &s->dom[i];

		p->counts[MT_MEMORY] += d->nr_mem;
		p->counts[MT_SHM_MAPS] += d->nr_shm;
		for (unsigned k = 0; k < d->nr_pt; k++) {
			p->counts[MT_MMIO] += p->b->dev[d->pt[k].dev].nr_ranges;
			p->counts[MT_IRQS] += p->b->dev[d->pt[k].dev].nr_irqs;
		}
	}
}

static void *row(struct packer *p, enum manifest_table_id t, uint32_t i)
{
	return p->img + p->h->tables[t].offset + (size_t)i * p->h->tables[t].entry_size;
}

static uint64_t align_up(uint64_t v, uint64_t a)
{
	return (v + a - 1) & ~(a - 1);
}

static uint64_t blob_size(const struct system *s)
{
	uint64_t n = 0;

	for (unsigned i = 0; i < s->nr_dom; i++)
		n += align_up(s->dom[i].kernel.size, MANIFEST_BLOB_ALIGN) +
		     align_up(s->dom[i].ramdisk.size, MANIFEST_BLOB_ALIGN) +
		     align_up(s->dom[i].boot_data_size, MANIFEST_BLOB_ALIGN);
	return n;
}

static void put_blob(struct packer *p, struct manifest_blob *bl, const void *data, size_t size,
                     uint64_t load)
{
	if (size == 0)
		return;
	bl->offset = p->payload_end;
	bl->size = size;
	bl->load_addr = load;
	memcpy(p->img + bl->offset, data, size);
	p->payload_end = align_up(p->payload_end + size, MANIFEST_BLOB_ALIGN);
}

static void fill_domain_rows(struct packer *p, const struct domain_cfg *d, uint32_t *next)
{
	const struct board *b = p->b;

	for (unsigned m = 0; m < d->nr_mem; m++) {
		struct manifest_mem_region *r = row(p, MT_MEMORY, next[MT_MEMORY]++);

		*r = (struct manifest_mem_region){d->id, d->mem[m].flags, d->mem[m].gpa,
		                                  d->mem[m].hpa, d->mem[m].size};
	}
	for (unsigned k = 0; k < d->nr_pt; k++) {
		const struct board_device *dev = &b->dev[d->pt[k].dev];

		for (unsigned r = 0; r < dev->nr_ranges; r++) {
			struct manifest_mmio *m = row(p, MT_MMIO, next[MT_MMIO]++);

			*m = (struct manifest_mmio){d->id, str_add(&p->str, dev->path),
			                            d->pt[k].gpa + (dev->base[r] - dev->base[0]),
			                            dev->base[r], dev->size[r]};
		}
		for (unsigned q = 0; q < dev->nr_irqs; q++) {
			struct manifest_irq *i = row(p, MT_IRQS, next[MT_IRQS]++);

			*i = (struct manifest_irq){d->id, dev->irqs[q], dev->irqs[q],
			                           MANIFEST_IRQ_LEVEL};
		}
	}
}

static void fill_domain(struct packer *p, const struct domain_cfg *d, uint32_t *next)
{
	struct manifest_domain *m = row(p, MT_DOMAINS, next[MT_DOMAINS]++);
	const struct pool_cfg *pool = &p->s->pool[d->pool];
	const struct guest_layout *l = guest_layout(p->b->arch);

	m->id = d->id;
	m->name = str_add(&p->str, d->name);
	m->role = d->role;
	m->caps = d->caps;
	m->cpupool = pool->id;
	m->nr_vcpus = d->nr_vcpus;
	m->fault_policy = d->fault_policy;
	m->flags = d->flags;
	for (unsigned v = 0; v < d->nr_vcpus; v++)
		m->vcpu_affinity[v] = d->pin[v] >= 0 ? 1ULL << d->pin[v] : pool->cpus;
	m->mem = (struct manifest_range){next[MT_MEMORY], d->nr_mem};
	m->mmio.first = next[MT_MMIO];
	m->irqs.first = next[MT_IRQS];
	fill_domain_rows(p, d, next);
	m->mmio.count = next[MT_MMIO] - m->mmio.first;
	m->irqs.count = next[MT_IRQS] - m->irqs.first;
	put_blob(p, &m->kernel, d->kernel.data, d->kernel.size, d->kernel_gpa);
	put_blob(p, &m->ramdisk, d->ramdisk.data, d->ramdisk.size, d->ramdisk_gpa);
	put_blob(p, &m->boot_data, d->boot_data, d->boot_data_size, d->boot_data_gpa);
	m->entry = d->entry;
	m->boot_data_kind = d->boot_data_kind;
	m->bootargs = str_add(&p->str, d->bootargs);
	m->console = d->console;
	m->console_addr = d->console == MANIFEST_CONSOLE_NONE || d->console == MANIFEST_CONSOLE_HVC
	                          ? 0
	                          : (d->console_addr != 0 ? d->console_addr : l->uart_base);
	m->console_irq = m->console_addr != 0 ? l->uart_irq : 0;
	m->credit2_weight = d->credit2_weight;
	m->credit2_cap = d->credit2_cap;
	m->rtds_budget_ns = d->rtds_budget_ns;
	m->rtds_period_ns = d->rtds_period_ns;
}

static void fill_pools(struct packer *p)
{
	uint32_t w = 0;

	for (unsigned i = 0; i < p->s->nr_pool; i++) {
		const struct pool_cfg *c = &p->s->pool[i];
		struct manifest_cpupool *m = row(p, MT_CPUPOOLS, i);

		m->id = c->id;
		m->name = str_add(&p->str, c->name);
		m->sched = c->sched;
		m->cpus = c->cpus;
		m->major_frame_ns = c->major_frame_ns;
		m->windows = (struct manifest_range){w, c->nr_win};
		for (unsigned k = 0; k < c->nr_win; k++) {
			struct manifest_a653_window *x = row(p, MT_A653_WINDOWS, w++);

			*x = (struct manifest_a653_window){p->s->dom[c->win[k].domain].id,
			                                   c->win[k].vcpu, c->win[k].duration_ns};
		}
	}
}

static void fill_shm_map(struct packer *p, uint32_t g, const struct domain_cfg *d,
                         const struct dom_shm *k, uint32_t *next)
{
	struct manifest_shm_map *m = row(p, MT_SHM_MAPS, (*next)++);

	*m = (struct manifest_shm_map){g, d->id, k->role, k->rw ? MANIFEST_SHM_RW : 0U, k->gpa};
}

static void fill_shm_evtchn(struct packer *p)
{
	const struct system *s = p->s;
	uint32_t next = 0;

	for (unsigned g = 0; g < s->nr_shm; g++) {
		const struct shm_cfg *c = &s->shm[g];
		struct manifest_shm *m = row(p, MT_SHM, g);
		const struct domain_cfg *owner = &s->dom[c->owner];

		*m = (struct manifest_shm){
		        str_add(&p->str, c->id), owner->id, c->hpa, c->size, {next, 0}};
		fill_shm_map(p, g, owner, &owner->shm[c->owner_shm], &next);
		for (unsigned i = 0; i < s->nr_dom; i++) {
			for (unsigned k = 0; k < s->dom[i].nr_shm; k++) {
				const struct dom_shm *x = &s->dom[i].shm[k];

				if (x->shm == (int)g && x->role == MANIFEST_SHM_BORROWER)
					fill_shm_map(p, g, &s->dom[i], x, &next);
			}
		}
		m->maps.count = next - m->maps.first;
	}
	for (unsigned e = 0; e < s->nr_ev; e++) {
		struct manifest_evtchn *m = row(p, MT_EVTCHNS, e);

		*m = (struct manifest_evtchn){s->dom[s->ev[e].dom_a].id, s->ev[e].port_a,
		                              s->dom[s->ev[e].dom_b].id, s->ev[e].port_b};
	}
}

static const uint32_t entry_size[MT_COUNT] = {
        sizeof(struct manifest_domain),  sizeof(struct manifest_mem_region),
        sizeof(struct manifest_mmio),    sizeof(struct manifest_irq),
        sizeof(struct manifest_cpupool), sizeof(struct manifest_a653_window),
        sizeof(struct manifest_shm),     sizeof(struct manifest_shm_map),
        sizeof(struct manifest_evtchn),  1,
};

static const uint32_t max_rows[MT_COUNT] = {
        MANIFEST_MAX_DOMAINS,  MANIFEST_MAX_MEM_REGIONS,  MANIFEST_MAX_MMIO, MANIFEST_MAX_IRQS,
        MANIFEST_MAX_CPUPOOLS, MANIFEST_MAX_A653_WINDOWS, MANIFEST_MAX_SHM,  MANIFEST_MAX_SHM_MAPS,
        MANIFEST_MAX_EVTCHNS,  MANIFEST_MAX_STRINGS,
};

/* Table offsets; returns the manifest size (strings sized at their maximum). */
static uint32_t lay_out_tables(struct packer *p, struct manifest_header *h)
{
	uint32_t at = sizeof(*h);

	for (unsigned t = 0; t < MT_COUNT; t++) {
		h->tables[t].offset = at;
		h->tables[t].count = t == MT_STRINGS ? 0 : p->counts[t];
		h->tables[t].entry_size = entry_size[t];
		at += (uint32_t)align_up((uint64_t)p->counts[t] * entry_size[t], MANIFEST_ALIGN);
	}
	return at + MANIFEST_MAX_STRINGS;
}

static void fill_header(struct packer *p)
{
	struct manifest_header *h = p->h;
	uint32_t str_at = h->tables[MT_STRINGS].offset;

	h->magic = MANIFEST_MAGIC;
	h->version_major = MANIFEST_VERSION_MAJOR;
	h->version_minor = MANIFEST_VERSION_MINOR;
	h->header_size = sizeof(*h);
	h->arch = p->b->arch;
	h->ram_base = p->b->ram_base;
	h->ram_size = p->b->ram_size;
	h->hv_base = p->b->hv_base;
	h->hv_size = p->b->hv_size;
	h->nr_pcpus = p->b->nr_pcpus;
	snprintf(h->platform, sizeof(h->platform), "%s", p->b->platform);
	memcpy(p->img + str_at, p->str.buf, p->str.len);
	h->tables[MT_STRINGS].count = p->str.len;
	/* the manifest ends after the strings actually used */
	h->manifest_size = (uint32_t)align_up(str_at + p->str.len, MANIFEST_ALIGN);
}

static int finish(struct packer *p, uint8_t **out, size_t *out_size)
{
	struct manifest_header *h = p->h;
	const char *why;

	h->image_size = p->payload_end;
	h->payload_checksum = manifest_fnv1a(MANIFEST_FNV_INIT, p->img + h->manifest_size,
	                                     (size_t)(h->image_size - h->manifest_size));
	h->checksum = manifest_header_checksum(p->img, h->manifest_size);
	if (h->image_size > p->b->image_size)
		return diag_error(p->b->file, "/", "bulkhead,image",
		                  "the packed image is %llu bytes, over the image area of %llu",
		                  (unsigned long long)h->image_size,
		                  (unsigned long long)p->b->image_size);
	if (manifest_verify(p->img, (size_t)h->image_size, &why) != 0)
		return diag_error(p->s->file, "/", "-", "internal: packed manifest refused: %s",
		                  why);
	*out = p->img;
	*out_size = (size_t)h->image_size;
	p->img = NULL;
	return 0;
}

static int check_counts(const struct packer *p)
{
	static const char *const names[MT_COUNT] = {"domains",
	                                            "memory regions",
	                                            "MMIO ranges",
	                                            "IRQs",
	                                            "cpupools",
	                                            "ARINC 653 windows",
	                                            "shared memory regions",
	                                            "shared memory maps",
	                                            "event channels",
	                                            "string bytes"};

	for (unsigned t = 0; t < MT_COUNT; t++) {
		if (p->counts[t] > max_rows[t])
			return diag_error(p->s->file, "/chosen", "-",
			                  "%u %s, over the manifest limit of %u", p->counts[t],
			                  names[t], max_rows[t]);
	}
	return 0;
}

/* Fill the allocated image: rows, blobs, strings, header; then seal it. */
static int fill_image(struct packer *p, const struct manifest_header *hdr, uint32_t max_manifest,
                      uint8_t **out, size_t *out_size)
{
	uint32_t next[MT_COUNT] = {0};

	p->h = (struct manifest_header *)(void *)p->img;
	*p->h = *hdr;
	p->payload_end = align_up(max_manifest, MANIFEST_BLOB_ALIGN);
	for (unsigned i = 0; i < p->s->nr_dom; i++)
		fill_domain(p, &p->s->dom[i], next);
	fill_pools(p);
	fill_shm_evtchn(p);
	fill_header(p);
	if (p->str.full)
		return diag_error(p->s->file, "/", "-", "string table over %u bytes",
		                  MANIFEST_MAX_STRINGS);
	return finish(p, out, out_size);
}

/* [impl->dsn~config-pack~1] */
int pack_image(const struct system *s, const struct board *b, uint8_t **out, size_t *out_size)
{
	struct packer *p = calloc(1, sizeof(*p));
	struct manifest_header hdr = {0};
	uint32_t max_manifest;
	int rc;

	if (p == NULL)
		return diag_error(s->file, "/", "-", "out of memory");
	p->s = s;
	p->b = b;
	p->str.len = 1; /* offset 0 is "" */
	count_rows(p);
	max_manifest = lay_out_tables(p, &hdr);
	rc = check_counts(p);
	if (rc == 0) {
		p->img = calloc(1, align_up(max_manifest, MANIFEST_BLOB_ALIGN) + blob_size(s));
		rc = p->img == NULL ? diag_error(s->file, "/", "-", "out of memory")
		                    : fill_image(p, &hdr, max_manifest, out, out_size);
	}
	free(p->img);
	free(p);
	return rc;
}
