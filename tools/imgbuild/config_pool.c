/*
 * cpupools of a config (Xen's xen,cpupool nodes) and each domain's pool.
 *
 * Design: pools are read in node order; a pool's id is its index unless
 * bulkhead,id says otherwise. A config without any xen,cpupool gets one
 * implicit credit2 pool holding every pCPU (Xen's Pool-0); a domain without
 * domain-cpupool joins the pool that holds pCPU 0, as in Xen. cpupool-cpus
 * lists pCPU indices (Xen lists phandles of /cpus nodes of the host tree,
 * which a Bulkhead config does not contain).
 */
#include <libfdt.h>
#include <string.h>

#include "config_priv.h"

static const char *const pool_props[] = {
        "compatible",
        "cpupool-cpus",
        "cpupool-sched",
        "phandle",
        "bulkhead,id",
        "bulkhead,arinc653-major-frame-us",
        "bulkhead,arinc653-schedule",
        NULL,
};
static const char *const sched_names[] = {"null", "credit2", "rtds", "arinc653", NULL};

static int read_pool_cpus(const struct system *s, struct pool_cfg *p, const struct dt *dt)
{
	uint64_t cpus[MANIFEST_MAX_PCPUS];
	unsigned n;

	if (cfg_number_list(dt, p->off, "cpupool-cpus", 1, cpus, MANIFEST_MAX_PCPUS, &n) < 0)
		return -1;
	if (n == 0)
		return diag_error(s->file, p->node, "cpupool-cpus", "missing or empty");
	for (unsigned i = 0; i < n; i++) {
		if (cpus[i] >= MANIFEST_MAX_PCPUS)
			return diag_error(s->file, p->node, "cpupool-cpus",
			                  "pCPU %llu out of range", (unsigned long long)cpus[i]);
		if (p->cpus & (1ULL << cpus[i]))
			return diag_error(s->file, p->node, "cpupool-cpus",
			                  "pCPU %llu listed twice", (unsigned long long)cpus[i]);
		p->cpus |= 1ULL << cpus[i];
	}
	return 0;
}

static int read_a653(const struct system *s, struct pool_cfg *p, const struct dt *dt)
{
	uint32_t frame_us = 0;
	uint64_t v[3 * MANIFEST_MAX_A653_WINDOWS];
	unsigned n;
	int rc = cfg_u32(dt, p->off, "bulkhead,arinc653-major-frame-us", &frame_us);

	if (rc < 0 || cfg_number_list(dt, p->off, "bulkhead,arinc653-schedule", 1, v,
	                              3 * MANIFEST_MAX_A653_WINDOWS, &n) < 0)
		return -1;
	if (p->sched != MANIFEST_SCHED_ARINC653) {
		if (rc == 0 || n != 0)
			return diag_error(s->file, p->node,
			                  rc == 0 ? "bulkhead,arinc653-major-frame-us"
			                          : "bulkhead,arinc653-schedule",
			                  "only for cpupool-sched = \"arinc653\"");
		return 0;
	}
	if (rc == 1 || frame_us == 0)
		return diag_error(s->file, p->node, "bulkhead,arinc653-major-frame-us",
		                  "missing or zero");
	if (n == 0 || n % 3 != 0)
		return diag_error(s->file, p->node, "bulkhead,arinc653-schedule",
		                  "expected <&domain vcpu duration-us> triples");
	p->major_frame_ns = frame_us * 1000ULL;
	for (unsigned i = 0; i < n / 3; i++) {
		p->win[i].domain_phandle = (uint32_t)v[(size_t)3 * i];
		p->win[i].vcpu = (uint32_t)v[(size_t)3 * i + 1];
		p->win[i].duration_ns = v[(size_t)3 * i + 2] * 1000ULL;
		p->win[i].domain = -1;
	}
	p->nr_win = n / 3;
	return 0;
}

int config_read_pool(struct system *s, const struct dt *dt, int off)
{
	struct pool_cfg *p = &s->pool[s->nr_pool];
	char path[BH_PATH_LEN];
	int sched;

	dt_path(dt, off, path, sizeof(path));
	if (s->nr_pool == MANIFEST_MAX_CPUPOOLS)
		return diag_error(s->file, path, "compatible", "more than %u cpupools",
		                  MANIFEST_MAX_CPUPOOLS);
	memset(p, 0, sizeof(*p));
	p->off = off;
	p->id = s->nr_pool;
	snprintf(p->node, sizeof(p->node), "%s", path);
	snprintf(p->name, sizeof(p->name), "%s", fdt_get_name(dt->fdt, off, NULL));
	s->nr_pool++;
	if (dt_check_props(dt, off, pool_props) != 0 || read_pool_cpus(s, p, dt) != 0)
		return -1;
	if (fdt_getprop(dt->fdt, off, "cpupool-sched", NULL) == NULL)
		return diag_error(s->file, path, "cpupool-sched", "missing");
	if (cfg_choice(dt, off, "cpupool-sched", sched_names, 0, &sched) != 0)
		return -1;
	p->sched = (uint32_t)sched;
	if (cfg_u32(dt, off, "bulkhead,id", &p->id) < 0)
		return -1;
	return read_a653(s, p, dt);
}

static void add_implicit_pool(struct system *s, const struct board *b)
{
	struct pool_cfg *p = &s->pool[s->nr_pool++];

	memset(p, 0, sizeof(*p));
	snprintf(p->node, sizeof(p->node), "/chosen");
	snprintf(p->name, sizeof(p->name), "Pool-0");
	p->off = -1;
	p->sched = MANIFEST_SCHED_CREDIT2;
	p->cpus = b->nr_pcpus >= 64 ? ~0ULL : (1ULL << b->nr_pcpus) - 1;
	p->implicit = true;
}

static int pool_of_cpu0(const struct system *s)
{
	for (unsigned i = 0; i < s->nr_pool; i++) {
		if (s->pool[i].cpus & 1ULL)
			return (int)i;
	}
	return -1;
}

static int resolve_domain_pool(struct system *s, struct domain_cfg *d, const struct dt *dt)
{
	uint32_t ph;
	int rc = cfg_u32(dt, d->off, "domain-cpupool", &ph);
	int target;

	if (rc < 0)
		return -1;
	if (rc == 1) {
		d->pool = pool_of_cpu0(s);
		if (d->pool < 0)
			return diag_error(s->file, d->node, "domain-cpupool",
			                  "missing, and no cpupool holds pCPU 0 (the default)");
		return 0;
	}
	target = fdt_node_offset_by_phandle(dt->fdt, ph);
	for (unsigned i = 0; target >= 0 && i < s->nr_pool; i++) {
		if (s->pool[i].off == target) {
			d->pool = (int)i;
			return 0;
		}
	}
	return diag_error(s->file, d->node, "domain-cpupool",
	                  "phandle 0x%x is not a xen,cpupool node", ph);
}

static int resolve_windows(struct system *s, struct pool_cfg *p, const struct dt *dt)
{
	for (unsigned w = 0; w < p->nr_win; w++) {
		int target = fdt_node_offset_by_phandle(dt->fdt, p->win[w].domain_phandle);

		for (unsigned i = 0; target >= 0 && i < s->nr_dom; i++) {
			if (s->dom[i].off == target)
				p->win[w].domain = (int)i;
		}
		if (p->win[w].domain < 0)
			return diag_error(s->file, p->node, "bulkhead,arinc653-schedule",
			                  "window %u: phandle 0x%x is not a xen,domain node", w,
			                  p->win[w].domain_phandle);
	}
	return 0;
}

int config_resolve_pools(struct system *s, const struct board *b, const struct dt *dt)
{
	if (s->nr_pool == 0)
		add_implicit_pool(s, b);
	for (unsigned i = 0; i < s->nr_dom; i++) {
		if (resolve_domain_pool(s, &s->dom[i], dt) != 0)
			return -1;
	}
	for (unsigned i = 0; i < s->nr_pool; i++) {
		if (resolve_windows(s, &s->pool[i], dt) != 0)
			return -1;
	}
	return 0;
}
