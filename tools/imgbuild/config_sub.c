/*
 * Domain subnodes of a config: kernel and ramdisk modules (Xen's
 * multiboot,kernel / multiboot,ramdisk, with a file path instead of an
 * address), static shared memory (xen,domain-shared-memory-v1), static event
 * channels (xen,evtchn-v1) and passthrough devices (bulkhead,passthrough).
 *
 * Design: each subnode is read and checked on its own; how nodes of several
 * domains relate (shm ids, event channel peers, a device taken twice) is
 * validate.c's job.
 */
#include <errno.h>
#include <libfdt.h>
#include <stdlib.h>
#include <string.h>

#include "config_priv.h"

#define MAX_IMAGE_SIZE (256U << 20)

static const char *const kernel_props[] = {"compatible",         "bulkhead,path",  "bootargs",
                                           "bulkhead,load-addr", "bulkhead,entry", NULL};
static const char *const ramdisk_props[] = {"compatible", "bulkhead,path", NULL};
static const char *const shm_props[] = {"compatible", "xen,shm-id",      "xen,shared-mem",
                                        "role",       "bulkhead,access", NULL};
static const char *const evtchn_props[] = {"compatible", "xen,evtchn", "phandle", NULL};
static const char *const pt_props[] = {"compatible", "bulkhead,device", "bulkhead,guest-addr",
                                       NULL};

static int load_file(struct image *img, const char *dir, const char *file, const char *node)
{
	char full[BH_PATH_LEN * 2];
	FILE *f;
	long size;

	if (img->path[0] == '/' || dir == NULL)
		snprintf(full, sizeof(full), "%s", img->path);
	else
		snprintf(full, sizeof(full), "%s/%s", dir, img->path);
	f = fopen(full, "rb");
	if (f == NULL)
		return diag_error(file, node, "bulkhead,path", "cannot open \"%s\": %s", img->path,
		                  strerror(errno));
	if (fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
		fclose(f);
		return diag_error(file, node, "bulkhead,path", "cannot read \"%s\"", img->path);
	}
	if (size == 0 || (unsigned long)size > MAX_IMAGE_SIZE) {
		fclose(f);
		return diag_error(file, node, "bulkhead,path", "\"%s\" is empty or over %u MiB",
		                  img->path, MAX_IMAGE_SIZE >> 20);
	}
	img->data = malloc((size_t)size);
	img->size = (size_t)size;
	if (img->data == NULL || fread(img->data, 1, img->size, f) != img->size) {
		fclose(f);
		return diag_error(file, node, "bulkhead,path", "cannot read \"%s\"", img->path);
	}
	fclose(f);
	return 0;
}

static int read_path(const struct system *s, const struct dt *dt, int off, const char *node,
                     struct image *img, bool load)
{
	const char *p = dt_prop_string(dt, off, "bulkhead,path");

	if (p == NULL || p[0] == '\0' || strlen(p) >= sizeof(img->path))
		return diag_error(s->file, node, "bulkhead,path", "missing or not a path");
	if (img->path[0] != '\0')
		return diag_error(s->file, node, "compatible", "second module of this kind");
	snprintf(img->path, sizeof(img->path), "%s", p);
	return load ? load_file(img, s->image_dir, s->file, node) : 0;
}

int cfg_addr(const struct system *s, const struct dt *dt, int off, const char *node,
             const char *prop, bool *has, uint64_t *v)
{
	const uint32_t *c;
	int n = dt_prop_cells(dt, off, prop, &c);

	if (c == NULL)
		return 0;
	if (n != 1 && n != 2)
		return diag_error(s->file, node, prop, "expected an address in 1 or 2 cells");
	*v = dt_cells(c, 0, (unsigned)n);
	*has = true;
	return 0;
}

static int read_kernel(const struct system *s, struct domain_cfg *d, const struct dt *dt, int off,
                       const char *node, bool load)
{
	const char *args;
	int len;

	if (dt_check_props(dt, off, kernel_props) != 0)
		return -1;
	if (read_path(s, dt, off, node, &d->kernel, load) != 0)
		return -1;
	snprintf(d->kernel_node, sizeof(d->kernel_node), "%s", node);
	args = fdt_getprop(dt->fdt, off, "bootargs", &len);
	if (args != NULL) {
		if (dt_prop_string(dt, off, "bootargs") == NULL || len > (int)sizeof(d->bootargs))
			return diag_error(s->file, node, "bootargs",
			                  "not a string or over %zu bytes",
			                  sizeof(d->bootargs) - 1);
		memcpy(d->bootargs, args, (size_t)len);
	}
	if (cfg_addr(s, dt, off, node, "bulkhead,load-addr", &d->has_load_addr, &d->load_addr) != 0)
		return -1;
	return cfg_addr(s, dt, off, node, "bulkhead,entry", &d->has_entry, &d->entry);
}

static int read_shm_addrs(const struct system *s, struct dom_shm *m, const struct dt *dt, int off)
{
	int parent = fdt_parent_offset(dt->fdt, off);
	int ac = fdt_address_cells(dt->fdt, parent), sc = fdt_size_cells(dt->fdt, parent);
	const uint32_t *c;
	int n = dt_prop_cells(dt, off, "xen,shared-mem", &c);

	if (ac < 1 || ac > 2 || sc < 1 || sc > 2)
		return diag_error(s->file, m->node, "xen,shared-mem", "bad parent cell sizes");
	if (n == 2 * ac + sc) {
		m->has_hpa = true;
		m->hpa = dt_cells(c, 0, (unsigned)ac);
		c += ac;
	} else if (n != ac + sc) {
		return diag_error(s->file, m->node, "xen,shared-mem",
		                  "expected <host-addr guest-addr size> or <guest-addr size> "
		                  "(%d address and %d size cells, from the domain node)",
		                  ac, sc);
	}
	m->gpa = dt_cells(c, 0, (unsigned)ac);
	m->size = dt_cells(c, (unsigned)ac, (unsigned)sc);
	if (((m->hpa | m->gpa | m->size) & (BH_PAGE - 1)) != 0 || m->size == 0)
		return diag_error(s->file, m->node, "xen,shared-mem",
		                  "addresses and size must be 4 KiB aligned and size non-zero");
	return 0;
}

static int read_shm(const struct system *s, struct domain_cfg *d, const struct dt *dt, int off,
                    const char *node)
{
	static const char *const roles[] = {"owner", "borrower", NULL};
	static const char *const access[] = {"ro", "rw", NULL};
	struct dom_shm *m = &d->shm[d->nr_shm];
	const char *id = dt_prop_string(dt, off, "xen,shm-id");
	int role, rw;

	if (d->nr_shm == BH_MAX_DOM_SHM)
		return diag_error(s->file, node, "compatible", "more than %d shared memory nodes",
		                  BH_MAX_DOM_SHM);
	memset(m, 0, sizeof(*m));
	snprintf(m->node, sizeof(m->node), "%s", node);
	if (dt_check_props(dt, off, shm_props) != 0)
		return -1;
	if (id == NULL || id[0] == '\0' || strlen(id) >= sizeof(m->id))
		return diag_error(s->file, node, "xen,shm-id", "missing or longer than %zu",
		                  sizeof(m->id) - 1);
	snprintf(m->id, sizeof(m->id), "%s", id);
	if (fdt_getprop(dt->fdt, off, "role", NULL) == NULL)
		return diag_error(s->file, node, "role", "missing (\"owner\" or \"borrower\")");
	if (cfg_choice(dt, off, "role", roles, 0, &role) != 0 ||
	    cfg_choice(dt, off, "bulkhead,access", access, 1, &rw) != 0)
		return -1;
	m->role = (uint32_t)role;
	m->rw = rw == 1;
	if (m->role == MANIFEST_SHM_OWNER && !m->rw)
		return diag_error(s->file, node, "bulkhead,access", "the owner maps it read-write");
	d->nr_shm++;
	return read_shm_addrs(s, m, dt, off);
}

static int read_evtchn(const struct system *s, struct domain_cfg *d, const struct dt *dt, int off,
                       const char *node)
{
	struct dom_evtchn *e = &d->ev[d->nr_ev];
	const uint32_t *c;
	int n = dt_prop_cells(dt, off, "xen,evtchn", &c);

	if (d->nr_ev == BH_MAX_DOM_EVTCHN)
		return diag_error(s->file, node, "compatible", "more than %d event channels",
		                  BH_MAX_DOM_EVTCHN);
	if (dt_check_props(dt, off, evtchn_props) != 0)
		return -1;
	if (n != 2)
		return diag_error(s->file, node, "xen,evtchn", "expected <local-port &peer-node>");
	memset(e, 0, sizeof(*e));
	snprintf(e->node, sizeof(e->node), "%s", node);
	e->off = off;
	e->port = fdt32_to_cpu(c[0]);
	e->peer_phandle = fdt32_to_cpu(c[1]);
	if (e->port == 0 || e->port > MANIFEST_MAX_EVTCHN_PORT)
		return diag_error(s->file, node, "xen,evtchn", "port %u not in 1..%u", e->port,
		                  MANIFEST_MAX_EVTCHN_PORT);
	for (unsigned i = 0; i < d->nr_ev; i++) {
		if (d->ev[i].port == e->port)
			return diag_error(s->file, node, "xen,evtchn", "port %u already used by %s",
			                  e->port, d->ev[i].node);
	}
	d->nr_ev++;
	return 0;
}

static int find_device(const struct board *b, const char *path)
{
	for (unsigned i = 0; i < b->nr_dev; i++) {
		if (strcmp(b->dev[i].path, path) == 0)
			return (int)i;
	}
	return -1;
}

static int read_passthrough(const struct system *s, struct domain_cfg *d, const struct dt *dt,
                            int off, const char *node, const struct board *b)
{
	struct dom_passthrough *p = &d->pt[d->nr_pt];
	const char *dev = dt_prop_string(dt, off, "bulkhead,device");
	bool has_gpa = false;

	if (d->nr_pt == BH_MAX_PASSTHROUGH)
		return diag_error(s->file, node, "compatible", "more than %d passthrough devices",
		                  BH_MAX_PASSTHROUGH);
	if (dt_check_props(dt, off, pt_props) != 0)
		return -1;
	memset(p, 0, sizeof(*p));
	snprintf(p->node, sizeof(p->node), "%s", node);
	if (dev == NULL)
		return diag_error(s->file, node, "bulkhead,device",
		                  "missing (a board device path)");
	p->dev = find_device(b, dev);
	if (p->dev < 0)
		return diag_error(s->file, node, "bulkhead,device", "no device \"%s\" in %s", dev,
		                  b->file);
	if (cfg_addr(s, dt, off, node, "bulkhead,guest-addr", &has_gpa, &p->gpa) != 0)
		return -1;
	if (!has_gpa)
		p->gpa = b->dev[p->dev].base[0];
	d->nr_pt++;
	return 0;
}

static int read_subnode(struct system *s, struct domain_cfg *d, const struct dt *dt, int off,
                        const struct board *b, bool load)
{
	char node[BH_PATH_LEN];

	dt_path(dt, off, node, sizeof(node));
	if (cfg_is(dt, off, "multiboot,kernel"))
		return read_kernel(s, d, dt, off, node, load);
	if (cfg_is(dt, off, "multiboot,ramdisk")) {
		if (dt_check_props(dt, off, ramdisk_props) != 0)
			return -1;
		return read_path(s, dt, off, node, &d->ramdisk, load);
	}
	if (cfg_is(dt, off, "xen,domain-shared-memory-v1"))
		return read_shm(s, d, dt, off, node);
	if (cfg_is(dt, off, "xen,evtchn-v1"))
		return read_evtchn(s, d, dt, off, node);
	if (cfg_is(dt, off, "bulkhead,passthrough"))
		return read_passthrough(s, d, dt, off, node, b);
	return diag_error(s->file, node, "compatible", "unknown domain subnode type");
}

int config_read_domain_subnodes(struct system *s, struct domain_cfg *d, const struct dt *dt,
                                const struct board *b, bool load_images)
{
	int off;

	fdt_for_each_subnode(off, dt->fdt, d->off)
	{
		if (read_subnode(s, d, dt, off, b, load_images) != 0)
			return -1;
	}
	if (d->kernel.path[0] == '\0')
		return diag_error(s->file, d->node, "multiboot,kernel",
		                  "missing (a domain needs a kernel module)");
	return 0;
}
