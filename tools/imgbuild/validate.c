/*
 * Cross-node validation of a config against itself and the board: the rules
 * of docs/config.md ("Validation"). Each rule is one function; the first
 * violated rule is reported as `file: /node: property: message`.
 */
#include <string.h>

#include "bhimg.h"

static unsigned popcount64(uint64_t v)
{
	return (unsigned)__builtin_popcountll(v);
}

/* [impl->dsn~config-host-memory-bounds~1] */
int validate_host_range(const struct system *s, const struct board *b, const char *node,
                        const char *prop, uint64_t base, uint64_t size);
int validate_host_range(const struct system *s, const struct board *b, const char *node,
                        const char *prop, uint64_t base, uint64_t size)
{
	if (base < b->ram_base || base + size < base || base + size > b->ram_base + b->ram_size)
		return diag_error(s->file, node, prop, "0x%llx-0x%llx is outside RAM 0x%llx-0x%llx",
		                  (unsigned long long)base, (unsigned long long)(base + size - 1),
		                  (unsigned long long)b->ram_base,
		                  (unsigned long long)(b->ram_base + b->ram_size - 1));
	if (ranges_overlap(base, size, b->hv_base, b->hv_size))
		return diag_error(s->file, node, prop, "0x%llx-0x%llx overlaps the hypervisor",
		                  (unsigned long long)base, (unsigned long long)(base + size - 1));
	if (ranges_overlap(base, size, b->image_base, b->image_size))
		return diag_error(s->file, node, prop, "0x%llx-0x%llx overlaps the boot image area",
		                  (unsigned long long)base, (unsigned long long)(base + size - 1));
	for (unsigned i = 0; i < b->nr_dev; i++) {
		const struct board_device *d = &b->dev[i];

		for (unsigned r = 0; r < d->nr_ranges; r++) {
			if (ranges_overlap(base, size, d->base[r], d->size[r]))
				return diag_error(s->file, node, prop,
				                  "0x%llx-0x%llx overlaps device %s",
				                  (unsigned long long)base,
				                  (unsigned long long)(base + size - 1), d->path);
		}
	}
	return 0;
}

/* [impl->dsn~config-cpupools~1] */
static int check_pools(const struct system *s, const struct board *b)
{
	uint64_t seen = 0, all = b->nr_pcpus >= 64 ? ~0ULL : (1ULL << b->nr_pcpus) - 1;

	for (unsigned i = 0; i < s->nr_pool; i++) {
		const struct pool_cfg *p = &s->pool[i];

		if (p->cpus & ~all)
			return diag_error(s->file, p->node, "cpupool-cpus",
			                  "pCPU %d does not exist (the board has %u)",
			                  __builtin_ctzll(p->cpus & ~all), b->nr_pcpus);
		if (p->cpus & seen)
			return diag_error(s->file, p->node, "cpupool-cpus",
			                  "pCPU %d is already in another cpupool",
			                  __builtin_ctzll(p->cpus & seen));
		for (unsigned k = 0; k < i; k++) {
			if (s->pool[k].id == p->id)
				return diag_error(s->file, p->node, "bulkhead,id",
				                  "id %u already used by %s", p->id,
				                  s->pool[k].node);
		}
		seen |= p->cpus;
	}
	if (seen != all)
		return diag_error(s->file, "/chosen", "cpupool-cpus", "pCPU %d is in no cpupool",
		                  __builtin_ctzll(~seen & all));
	return 0;
}

static int check_domain_cpus(const struct system *s, const struct domain_cfg *d,
                             unsigned *null_load)
{
	const struct pool_cfg *p = &s->pool[d->pool];

	for (unsigned v = 0; v < d->nr_vcpus; v++) {
		if (d->pin[v] >= 0 && (d->pin[v] >= 64 || !(p->cpus & (1ULL << d->pin[v]))))
			return diag_error(s->file, d->node, "bulkhead,vcpu-pins",
			                  "vCPU %u pinned to pCPU %d, not in cpupool %s", v,
			                  d->pin[v], p->name);
	}
	if (p->sched == MANIFEST_SCHED_NULL) {
		null_load[d->pool] += d->nr_vcpus;
		if (null_load[d->pool] > popcount64(p->cpus))
			return diag_error(s->file, d->node, "cpus",
			                  "null cpupool %s has %u pCPUs for %u vCPUs", p->name,
			                  popcount64(p->cpus), null_load[d->pool]);
	}
	if (d->has_rtds && p->sched != MANIFEST_SCHED_RTDS)
		return diag_error(s->file, d->node, "bulkhead,rtds-budget-us",
		                  "cpupool %s does not use the rtds scheduler", p->name);
	return 0;
}

/* [impl->dsn~config-domains~1] */
static int check_domains(const struct system *s)
{
	unsigned null_load[MANIFEST_MAX_CPUPOOLS] = {0};

	for (unsigned i = 0; i < s->nr_dom; i++) {
		const struct domain_cfg *d = &s->dom[i];

		for (unsigned k = 0; k < i; k++) {
			if (s->dom[k].id == d->id)
				return diag_error(s->file, d->node, "bulkhead,domid",
				                  "domain id %u already used by %s", d->id,
				                  s->dom[k].node);
		}
		if (check_domain_cpus(s, d, null_load) != 0)
			return -1;
	}
	return 0;
}

static bool pool_has_window_for(const struct pool_cfg *p, int dom)
{
	for (unsigned w = 0; w < p->nr_win; w++) {
		if (p->win[w].domain == dom)
			return true;
	}
	return false;
}

/* [impl->dsn~config-arinc653~1] */
static int check_a653(const struct system *s)
{
	for (unsigned i = 0; i < s->nr_pool; i++) {
		const struct pool_cfg *p = &s->pool[i];
		uint64_t total = 0;

		for (unsigned w = 0; w < p->nr_win; w++) {
			const struct domain_cfg *d = &s->dom[p->win[w].domain];

			if (d->pool != (int)i)
				return diag_error(s->file, p->node, "bulkhead,arinc653-schedule",
				                  "window %u: %s is not in this cpupool", w,
				                  d->node);
			if (p->win[w].vcpu >= d->nr_vcpus || p->win[w].duration_ns == 0)
				return diag_error(s->file, p->node, "bulkhead,arinc653-schedule",
				                  "window %u: no vCPU %u in %s or zero duration", w,
				                  p->win[w].vcpu, d->node);
			total += p->win[w].duration_ns;
		}
		if (total > p->major_frame_ns)
			return diag_error(s->file, p->node, "bulkhead,arinc653-schedule",
			                  "windows total %llu us, over the major frame of %llu us",
			                  (unsigned long long)(total / 1000),
			                  (unsigned long long)(p->major_frame_ns / 1000));
		for (unsigned k = 0; p->sched == MANIFEST_SCHED_ARINC653 && k < s->nr_dom; k++) {
			if (s->dom[k].pool == (int)i && !pool_has_window_for(p, (int)k))
				return diag_error(s->file, s->dom[k].node, "domain-cpupool",
				                  "no window for this domain in the ARINC 653 "
				                  "schedule of %s",
				                  p->name);
		}
	}
	return 0;
}

/* [impl->dsn~config-static-memory~1] */
static int check_static_memory(const struct system *s, const struct board *b)
{
	for (unsigned i = 0; i < s->nr_dom; i++) {
		const struct domain_cfg *d = &s->dom[i];

		for (unsigned m = 0; m < d->nr_static; m++) {
			const struct dom_mem *r = &d->static_mem[m];

			if (validate_host_range(s, b, d->node, "xen,static-mem", r->hpa, r->size))
				return -1;
			for (unsigned k = 0; k <= i; k++) {
				const struct domain_cfg *o = &s->dom[k];

				for (unsigned n = 0; n < (k == i ? m : o->nr_static); n++) {
					if (ranges_overlap(r->hpa, r->size, o->static_mem[n].hpa,
					                   o->static_mem[n].size))
						return diag_error(s->file, d->node,
						                  "xen,static-mem",
						                  "bank %u overlaps memory of %s",
						                  m, o->node);
				}
			}
		}
	}
	return 0;
}

static int claim_irqs(const struct system *s, const struct board *b, const struct domain_cfg *d,
                      const struct dom_passthrough *p, const int *irq_owner_dev)
{
	const struct board_device *dev = &b->dev[p->dev];

	for (unsigned q = 0; q < dev->nr_irqs; q++) {
		for (unsigned j = 0; j < b->nr_dev; j++) {
			const struct board_device *o = &b->dev[j];

			for (unsigned r = 0; (int)j != p->dev && r < o->nr_irqs; r++) {
				if (o->irqs[r] == dev->irqs[q] && irq_owner_dev[j] >= 0 &&
				    irq_owner_dev[j] != (int)(d - s->dom))
					return diag_error(s->file, p->node, "bulkhead,device",
					                  "IRQ %u is also given to %s (via %s)",
					                  dev->irqs[q],
					                  s->dom[irq_owner_dev[j]].node, o->path);
			}
		}
	}
	return 0;
}

/* [impl->dsn~config-passthrough~1] */
static int check_passthrough(const struct system *s, struct board *b)
{
	int owner[BH_MAX_BOARD_DEVICES];

	for (unsigned j = 0; j < b->nr_dev; j++)
		owner[j] = -1;
	for (unsigned i = 0; i < s->nr_dom; i++) {
		for (unsigned k = 0; k < s->dom[i].nr_pt; k++) {
			const struct dom_passthrough *p = &s->dom[i].pt[k];
			struct board_device *dev = &b->dev[p->dev];

			if (dev->owner == MANIFEST_MAX_DOMAINS)
				return diag_error(s->file, p->node, "bulkhead,device",
				                  "%s is reserved for the hypervisor", dev->path);
			if (owner[p->dev] >= 0)
				return diag_error(s->file, p->node, "bulkhead,device",
				                  "%s is already given to %s", dev->path,
				                  s->dom[owner[p->dev]].node);
			owner[p->dev] = (int)i;
			if (claim_irqs(s, b, &s->dom[i], p, owner) != 0)
				return -1;
			if ((p->gpa & (BH_PAGE - 1)) != 0 || (dev->base[0] & (BH_PAGE - 1)) != 0)
				return diag_error(s->file, p->node, "bulkhead,guest-addr",
				                  "device and guest address must be 4 KiB aligned");
		}
	}
	for (unsigned j = 0; j < b->nr_dev; j++) {
		if (b->dev[j].owner != MANIFEST_MAX_DOMAINS)
			b->dev[j].owner = owner[j];
	}
	return 0;
}

int validate_shared_memory(struct system *s, const struct board *b);

int validate_system(struct system *s, struct board *b)
{
	if (check_pools(s, b) != 0 || check_domains(s) != 0 || check_a653(s) != 0 ||
	    check_static_memory(s, b) != 0 || check_passthrough(s, b) != 0 ||
	    validate_x86_passthrough(s, b) != 0)
		return -1;
	return validate_shared_memory(s, b);
}
