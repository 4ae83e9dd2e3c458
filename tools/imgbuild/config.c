/*
 * System config reader: /chosen of a config .dts, Xen's dom0less binding
 * (docs/config.md) plus `bulkhead,` extensions, into struct system.
 *
 * Design: one pass over /chosen. A node's compatible decides its reader
 * (xen,domain here; xen,cpupool in config_pool.c; domain subnodes in
 * config_sub.c). Every node checks its properties against an allow-list, so a
 * misspelt property is an error rather than silently ignored. Only per-node
 * facts are checked here; relations between nodes are validate.c's job.
 */
#include <libfdt.h>
#include <stdlib.h>
#include <string.h>

#include "config_priv.h"

static const char *const chosen_props[] = {
        "#address-cells", "#size-cells", "bootargs", "xen,xen-bootargs", "stdout-path", NULL,
};
static const char *const domain_props[] = {
        "compatible",
        "#address-cells",
        "#size-cells",
        "memory",
        "cpus",
        "vpl011",
        "xen,static-mem",
        "#xen,static-mem-address-cells",
        "#xen,static-mem-size-cells",
        "direct-map",
        "domain-cpupool",
        "capabilities",
        "phandle",
        "bulkhead,domid",
        "bulkhead,permissions",
        "bulkhead,fault-policy",
        "bulkhead,vuart",
        "bulkhead,vcpu-pins",
        "bulkhead,credit2-weight",
        "bulkhead,credit2-cap",
        "bulkhead,rtds-budget-us",
        "bulkhead,rtds-period-us",
        "bulkhead,dtb-addr",
        "bulkhead,vuart-addr",
        "bulkhead,unmapped-mmio",
        "bulkhead,boot-scrub",
        "bulkhead,tsc",
        NULL,
};
static const char *const root_props[] = {"compatible", "model", "#address-cells", "#size-cells",
                                         NULL};

static const char *const permission_names[] = {"console-io", "evtchn",  "gnttab", "domctl",
                                               "schedctl",   "sysinfo", NULL};

int cfg_u32(const struct dt *dt, int off, const char *prop, uint32_t *out)
{
	const uint32_t *c;
	int n = dt_prop_cells(dt, off, prop, &c);

	if (c == NULL)
		return 1;
	if (n != 1) {
		char path[BH_PATH_LEN];

		return diag_error(dt->file, dt_path(dt, off, path, sizeof(path)), prop,
		                  "expected one 32-bit cell");
	}
	*out = fdt32_to_cpu(c[0]);
	return 0;
}

int cfg_number_list(const struct dt *dt, int off, const char *prop, unsigned ncells, uint64_t *out,
                    unsigned max, unsigned *count)
{
	const uint32_t *c;
	int n = dt_prop_cells(dt, off, prop, &c);
	char path[BH_PATH_LEN];

	*count = 0;
	if (c == NULL)
		return 1;
	dt_path(dt, off, path, sizeof(path));
	if (n <= 0 || n % (int)ncells != 0)
		return diag_error(dt->file, path, prop, "expected a list of %u-cell numbers",
		                  ncells);
	if ((unsigned)n / ncells > max)
		return diag_error(dt->file, path, prop, "more than %u entries", max);
	for (unsigned i = 0; i < (unsigned)n / ncells; i++)
		out[i] = dt_cells(c, i * ncells, ncells);
	*count = (unsigned)n / ncells;
	return 0;
}

int cfg_choice(const struct dt *dt, int off, const char *prop, const char *const *choices, int dflt,
               int *out)
{
	const char *v;
	char path[BH_PATH_LEN];

	*out = dflt;
	if (fdt_getprop(dt->fdt, off, prop, NULL) == NULL)
		return 0;
	v = dt_prop_string(dt, off, prop);
	for (int i = 0; v != NULL && choices[i] != NULL; i++) {
		if (strcmp(v, choices[i]) == 0) {
			*out = i;
			return 0;
		}
	}
	return diag_error(dt->file, dt_path(dt, off, path, sizeof(path)), prop,
	                  "unknown value \"%s\"", v ? v : "(not a string)");
}

bool cfg_is(const struct dt *dt, int off, const char *compat)
{
	return fdt_node_check_compatible(dt->fdt, off, compat) == 0;
}

static int read_memory_size(struct domain_cfg *d, const struct dt *dt, const char *file)
{
	const uint32_t *c;
	int n = dt_prop_cells(dt, d->off, "memory", &c);
	uint64_t kib;

	if (c == NULL)
		return diag_error(file, d->node, "memory", "missing");
	if (n != 2)
		return diag_error(file, d->node, "memory", "expected <hi lo> in KiB (2 cells)");
	kib = dt_cells(c, 0, 2);
	if (kib == 0 || kib % 4 != 0 || kib > (1ULL << 42))
		return diag_error(file, d->node, "memory",
		                  "must be a non-zero multiple of 4 KiB, got %llu KiB",
		                  (unsigned long long)kib);
	d->mem_size = kib * 1024;
	return 0;
}

static int read_static_mem(struct domain_cfg *d, const struct dt *dt, const char *file)
{
	uint32_t ac = 2, sc = 2;
	uint64_t v[2 * BH_MAX_STATIC_MEM];
	unsigned n;
	uint64_t total = 0;

	if (cfg_u32(dt, d->off, "#xen,static-mem-address-cells", &ac) < 0 ||
	    cfg_u32(dt, d->off, "#xen,static-mem-size-cells", &sc) < 0)
		return -1;
	if (ac < 1 || ac > 2 || sc < 1 || sc > 2)
		return diag_error(file, d->node, "#xen,static-mem-address-cells",
		                  "cell counts must be 1 or 2");
	if (ac != sc) /* read as pairs of equal width; mixed widths are rare */
		return diag_error(file, d->node, "#xen,static-mem-size-cells",
		                  "must equal #xen,static-mem-address-cells");
	if (cfg_number_list(dt, d->off, "xen,static-mem", ac, v, 2 * BH_MAX_STATIC_MEM, &n) < 0)
		return -1;
	if (n % 2 != 0)
		return diag_error(file, d->node, "xen,static-mem", "expected <base size> pairs");
	for (unsigned i = 0; i < n / 2; i++) {
		struct dom_mem *m = &d->static_mem[d->nr_static++];

		m->hpa = v[(size_t)2 * i];
		m->size = v[(size_t)2 * i + 1];
		m->flags = MANIFEST_MEM_STATIC;
		if (((m->hpa | m->size) & (BH_PAGE - 1)) != 0 || m->size == 0)
			return diag_error(file, d->node, "xen,static-mem",
			                  "bank %u (0x%llx+0x%llx) not 4 KiB aligned or empty", i,
			                  (unsigned long long)m->hpa, (unsigned long long)m->size);
		total += m->size;
	}
	if (d->nr_static != 0 && total != d->mem_size)
		return diag_error(file, d->node, "xen,static-mem",
		                  "banks total %llu KiB but memory is %llu KiB",
		                  (unsigned long long)(total / 1024),
		                  (unsigned long long)(d->mem_size / 1024));
	return 0;
}

static int read_vcpus(struct domain_cfg *d, const struct dt *dt, const char *file)
{
	uint64_t pins[MANIFEST_MAX_VCPUS];
	unsigned n;
	int rc = cfg_u32(dt, d->off, "cpus", &d->nr_vcpus);

	if (rc < 0)
		return -1;
	if (rc == 1)
		return diag_error(file, d->node, "cpus", "missing");
	if (d->nr_vcpus == 0 || d->nr_vcpus > MANIFEST_MAX_VCPUS)
		return diag_error(file, d->node, "cpus", "must be 1..%u", MANIFEST_MAX_VCPUS);
	for (unsigned i = 0; i < MANIFEST_MAX_VCPUS; i++)
		d->pin[i] = -1;
	if (cfg_number_list(dt, d->off, "bulkhead,vcpu-pins", 1, pins, MANIFEST_MAX_VCPUS, &n) < 0)
		return -1;
	if (n != 0 && n != d->nr_vcpus)
		return diag_error(file, d->node, "bulkhead,vcpu-pins",
		                  "has %u entries for %u vCPUs", n, d->nr_vcpus);
	for (unsigned i = 0; i < n; i++)
		d->pin[i] = (int)pins[i];
	return 0;
}

static uint32_t default_caps(uint32_t role)
{
	uint32_t base = MANIFEST_CAP_CONSOLE_IO | MANIFEST_CAP_EVTCHN | MANIFEST_CAP_GNTTAB;

	if (role == MANIFEST_ROLE_CONTROL)
		return base | MANIFEST_CAP_DOMCTL | MANIFEST_CAP_SCHEDCTL | MANIFEST_CAP_SYSINFO;
	if (role == MANIFEST_ROLE_HARDWARE)
		return base | MANIFEST_CAP_SYSINFO;
	return base;
}

static int read_permissions(struct domain_cfg *d, const struct dt *dt, const char *file)
{
	int len, count = fdt_stringlist_count(dt->fdt, d->off, "bulkhead,permissions");

	if (fdt_getprop(dt->fdt, d->off, "bulkhead,permissions", &len) == NULL) {
		d->caps |= default_caps(d->role);
		return 0;
	}
	if (count < 0)
		return diag_error(file, d->node, "bulkhead,permissions", "expected strings");
	for (int i = 0; i < count; i++) {
		const char *p =
		        fdt_stringlist_get(dt->fdt, d->off, "bulkhead,permissions", i, NULL);
		unsigned k = 0;

		while (p != NULL && permission_names[k] != NULL &&
		       strcmp(p, permission_names[k]) != 0)
			k++;
		if (p == NULL || permission_names[k] == NULL)
			return diag_error(file, d->node, "bulkhead,permissions",
			                  "unknown permission \"%s\"", p ? p : "?");
		d->caps |= MANIFEST_CAP_CONSOLE_IO << k;
	}
	return 0;
}

static int read_role(struct domain_cfg *d, const struct dt *dt, const char *file)
{
	uint32_t caps = 0;

	if (cfg_u32(dt, d->off, "capabilities", &caps) < 0)
		return -1;
	if ((caps & ~7U) != 0)
		return diag_error(file, d->node, "capabilities",
		                  "unknown bits 0x%x (1 control, 2 hardware, 4 xenstore)", caps);
	d->caps = caps;
	d->role = (caps & MANIFEST_CAP_CONTROL)    ? MANIFEST_ROLE_CONTROL
	          : (caps & MANIFEST_CAP_HARDWARE) ? MANIFEST_ROLE_HARDWARE
	                                           : MANIFEST_ROLE_DOMU;
	return read_permissions(d, dt, file);
}

static int read_sched_params(struct domain_cfg *d, const struct dt *dt, const char *file)
{
	uint32_t budget = 0, period = 0;
	int rb, rp;

	d->credit2_weight = 256;
	if (cfg_u32(dt, d->off, "bulkhead,credit2-weight", &d->credit2_weight) < 0 ||
	    cfg_u32(dt, d->off, "bulkhead,credit2-cap", &d->credit2_cap) < 0)
		return -1;
	if (d->credit2_weight == 0 || d->credit2_weight > 65535)
		return diag_error(file, d->node, "bulkhead,credit2-weight", "must be 1..65535");
	if (d->credit2_cap > 100U * d->nr_vcpus)
		return diag_error(file, d->node, "bulkhead,credit2-cap",
		                  "%u%% is more than %u vCPUs can use", d->credit2_cap,
		                  d->nr_vcpus);
	rb = cfg_u32(dt, d->off, "bulkhead,rtds-budget-us", &budget);
	rp = cfg_u32(dt, d->off, "bulkhead,rtds-period-us", &period);
	if (rb < 0 || rp < 0)
		return -1;
	if (rb != rp)
		return diag_error(file, d->node,
		                  rb ? "bulkhead,rtds-budget-us" : "bulkhead,rtds-period-us",
		                  "missing (budget and period go together)");
	if (rb == 0 && (budget == 0 || budget > period))
		return diag_error(file, d->node, "bulkhead,rtds-budget-us",
		                  "must be 1..period (%u us)", period);
	d->has_rtds = rb == 0;
	d->rtds_budget_ns = budget * 1000ULL;
	d->rtds_period_ns = period * 1000ULL;
	return 0;
}

/*
 * Where an MMIO vUART sits in guest memory: bulkhead,vuart-addr (4 KiB
 * aligned) or the arch's default. [impl->dsn~config-load-addresses~1]
 */
static int read_vuart_addr(const struct system *s, struct domain_cfg *d, const struct dt *dt,
                           const struct board *b)
{
	const char *file = s->file;
	bool mmio = d->console == MANIFEST_CONSOLE_PL011 ||
	            (d->console == MANIFEST_CONSOLE_NS16550 && b->arch != MANIFEST_ARCH_X86_64);
	bool has = false;
	uint64_t addr = 0;

	if (cfg_addr(s, dt, d->off, d->node, "bulkhead,vuart-addr", &has, &addr) != 0)
		return -1;
	d->console_addr = mmio ? guest_layout(b->arch)->uart_base : 0;
	if (!has)
		return 0;
	if (!mmio)
		return diag_error(file, d->node, "bulkhead,vuart-addr",
		                  "needs a memory-mapped vUART (bulkhead,vuart = \"pl011\" or, "
		                  "on RISC-V, \"ns16550\")");
	if ((addr & (BH_PAGE - 1)) != 0)
		return diag_error(file, d->node, "bulkhead,vuart-addr",
		                  "0x%llx is not 4 KiB aligned", (unsigned long long)addr);
	d->console_addr = addr;
	return 0;
}

static int read_console(struct domain_cfg *d, const struct dt *dt, const struct board *b,
                        const char *file)
{
	static const char *const vuarts[] = {"none", "pl011", "ns16550", "hvc", NULL};
	int v;
	bool vpl011 = fdt_getprop(dt->fdt, d->off, "vpl011", NULL) != NULL;

	if (cfg_choice(dt, d->off, "bulkhead,vuart", vuarts, MANIFEST_CONSOLE_HVC, &v) != 0)
		return -1;
	if (vpl011 && fdt_getprop(dt->fdt, d->off, "bulkhead,vuart", NULL) != NULL)
		return diag_error(file, d->node, "bulkhead,vuart", "conflicts with vpl011");
	d->console = vpl011 ? MANIFEST_CONSOLE_PL011 : (uint32_t)v;
	if (d->console == MANIFEST_CONSOLE_PL011 && b->arch != MANIFEST_ARCH_ARM64)
		return diag_error(file, d->node, vpl011 ? "vpl011" : "bulkhead,vuart",
		                  "a PL011 needs an arm64 board");
	return 0;
}

/* bulkhead,tsc: "domain" (default, near 0 at each boot/reset) or "native" (x86-64 only).
 * [impl->dsn~x86-tsc-native~1] */
static int read_tsc(struct system *s, struct domain_cfg *d, const struct dt *dt,
                    const struct board *b)
{
	static const char *const modes[] = {"domain", "native", NULL};
	int native;

	if (cfg_choice(dt, d->off, "bulkhead,tsc", modes, 0, &native) != 0)
		return -1;
	if (fdt_getprop(dt->fdt, d->off, "bulkhead,tsc", NULL) != NULL &&
	    b->arch != MANIFEST_ARCH_X86_64)
		return diag_error(s->file, d->node, "bulkhead,tsc", "needs an x86_64 board");
	if (native != 0)
		d->flags |= MANIFEST_DOM_NATIVE_CLOCK;
	return 0;
}

static int read_domain_props(struct system *s, struct domain_cfg *d, const struct dt *dt,
                             const struct board *b)
{
	static const char *const policies[] = {"crash", "reset", NULL};
	static const char *const unmapped[] = {"fault", "read-as-zero", NULL};
	static const char *const scrub[] = {"on", "off", NULL};
	int pol, raz, no_scrub;

	if (dt_check_props(dt, d->off, domain_props) != 0 || read_memory_size(d, dt, s->file) ||
	    read_static_mem(d, dt, s->file) || read_vcpus(d, dt, s->file) ||
	    read_role(d, dt, s->file) || read_sched_params(d, dt, s->file) ||
	    read_console(d, dt, b, s->file) || read_vuart_addr(s, d, dt, b))
		return -1;
	if (cfg_choice(dt, d->off, "bulkhead,fault-policy", policies, 0, &pol) != 0 ||
	    cfg_addr(s, dt, d->off, d->node, "bulkhead,dtb-addr", &d->has_dtb_addr, &d->dtb_addr) !=
	            0)
		return -1;
	if (d->has_dtb_addr && b->arch == MANIFEST_ARCH_X86_64)
		return diag_error(s->file, d->node, "bulkhead,dtb-addr",
		                  "x86-64 guests get start info, not a device tree");
	d->fault_policy = (uint32_t)pol;
	if (cfg_choice(dt, d->off, "bulkhead,unmapped-mmio", unmapped, 0, &raz) != 0)
		return -1;
	if (raz != 0)
		d->flags |= MANIFEST_DOM_UNMAPPED_RAZ;
	if (cfg_choice(dt, d->off, "bulkhead,boot-scrub", scrub, 0, &no_scrub) != 0)
		return -1;
	if (no_scrub != 0)
		d->flags |= MANIFEST_DOM_NO_BOOT_SCRUB;
	if (read_tsc(s, d, dt, b) != 0)
		return -1;
	if (fdt_getprop(dt->fdt, d->off, "direct-map", NULL) != NULL)
		d->flags |= MANIFEST_DOM_DIRECT_MAP;
	d->id = s->nr_dom - 1; /* node order, from 0 */
	if (cfg_u32(dt, d->off, "bulkhead,domid", &d->id) < 0)
		return -1;
	if (d->id >= MANIFEST_MAX_DOMAINS)
		return diag_error(s->file, d->node, "bulkhead,domid", "must be < %u",
		                  MANIFEST_MAX_DOMAINS);
	return 0;
}

static int read_domain(struct system *s, const struct dt *dt, int off, const struct board *b,
                       bool load_images)
{
	struct domain_cfg *d = &s->dom[s->nr_dom];
	char path[BH_PATH_LEN];

	dt_path(dt, off, path, sizeof(path));
	if (s->nr_dom == MANIFEST_MAX_DOMAINS)
		return diag_error(s->file, path, "compatible", "more than %u domains",
		                  MANIFEST_MAX_DOMAINS);
	memset(d, 0, sizeof(*d));
	d->off = off;
	d->pool = -1;
	snprintf(d->node, sizeof(d->node), "%s", path);
	snprintf(d->name, sizeof(d->name), "%s", fdt_get_name(dt->fdt, off, NULL));
	s->nr_dom++;
	if (read_domain_props(s, d, dt, b) != 0)
		return -1;
	return config_read_domain_subnodes(s, d, dt, b, load_images);
}

static int read_chosen_child(struct system *s, const struct dt *dt, int off, const struct board *b,
                             bool load_images)
{
	char path[BH_PATH_LEN];

	if (cfg_is(dt, off, "xen,domain"))
		return read_domain(s, dt, off, b, load_images);
	if (cfg_is(dt, off, "xen,cpupool"))
		return config_read_pool(s, dt, off);
	dt_path(dt, off, path, sizeof(path));
	if (fdt_getprop(dt->fdt, off, "compatible", NULL) == NULL)
		return diag_error(s->file, path, "compatible",
		                  "missing (expected \"xen,domain\" or \"xen,cpupool\")");
	return diag_error(s->file, path, "compatible",
	                  "unknown node type \"%s\" (expected \"xen,domain\" or \"xen,cpupool\")",
	                  (const char *)fdt_getprop(dt->fdt, off, "compatible", NULL));
}

static int check_top_level(const struct system *s, const struct dt *dt, int chosen)
{
	int off;
	char path[BH_PATH_LEN];

	if (dt_check_props(dt, 0, root_props) != 0 || dt_check_props(dt, chosen, chosen_props))
		return -1;
	fdt_for_each_subnode(off, dt->fdt, 0)
	{
		if (off != chosen)
			return diag_error(s->file, dt_path(dt, off, path, sizeof(path)), "-",
			                  "unknown node (a config holds only /chosen)");
	}
	return 0;
}

/* [impl->dsn~config-read~1] */
int config_read(struct system *s, const struct board *b, const struct dt *dt, bool load_images)
{
	int chosen = fdt_path_offset(dt->fdt, "/chosen");
	int off;

	s->file = dt->file;
	if (chosen < 0)
		return diag_error(s->file, "/chosen", "-", "missing");
	if (check_top_level(s, dt, chosen) != 0)
		return -1;
	fdt_for_each_subnode(off, dt->fdt, chosen)
	{
		if (read_chosen_child(s, dt, off, b, load_images) != 0)
			return -1;
	}
	if (s->nr_dom == 0)
		return diag_error(s->file, "/chosen", "-", "no xen,domain node");
	if (config_resolve_pools(s, b, dt) != 0)
		return -1;
	return config_resolve_evtchns(s, dt);
}

void system_free(struct system *s)
{
	for (unsigned i = 0; i < s->nr_dom; i++) {
		free(s->dom[i].kernel.data);
		free(s->dom[i].ramdisk.data);
		free(s->dom[i].boot_data);
		s->dom[i].kernel.data = s->dom[i].ramdisk.data = s->dom[i].boot_data = NULL;
	}
}
