/*
 * Board description reader: the platform facts the builder needs (arch,
 * interrupt controller, pCPUs, RAM, the hypervisor's and the image's
 * reservations, devices with their MMIO ranges and interrupts).
 *
 * Design: the input is a small device tree (docs/config.md, "Board
 * description"): root properties with the `bulkhead,` prefix, one memory
 * node, and a `devices` node whose children are the board's devices. Unknown
 * properties are refused like in a config.
 */
#include <libfdt.h>
#include <string.h>

#include "bhimg.h"

static const char *const root_props[] = {
        "compatible",
        "model",
        "#address-cells",
        "#size-cells",
        "bulkhead,platform",
        "bulkhead,arch",
        "bulkhead,interrupt-controller",
        "bulkhead,nr-pcpus",
        "bulkhead,timebase-frequency",
        "bulkhead,hypervisor",
        "bulkhead,image",
        NULL,
};
static const char *const memory_props[] = {"device_type", "reg", NULL};
static const char *const devices_props[] = {"#address-cells", "#size-cells", "ranges", NULL};
static const char *const device_props[] = {
        "compatible",        "reg",    "bulkhead,irqs", "bulkhead,ioports",
        "bulkhead,reserved", "status", "phandle",       NULL};

static bool in_list(const char *name, const char *const *list)
{
	for (; *list != NULL; list++) {
		if (strcmp(*list, name) == 0)
			return true;
	}
	return false;
}

/* Refuse any property of node `off` not in `allowed`. Shared with config.c. */
int dt_check_props(const struct dt *dt, int off, const char *const *allowed);
int dt_check_props(const struct dt *dt, int off, const char *const *allowed)
{
	int p;
	char path[BH_PATH_LEN];

	fdt_for_each_property_offset(p, dt->fdt, off)
	{
		const char *name;

		fdt_getprop_by_offset(dt->fdt, p, &name, NULL);
		if (name != NULL && !in_list(name, allowed))
			return diag_error(dt->file, dt_path(dt, off, path, sizeof(path)), name,
			                  "unknown property");
	}
	return 0;
}

/* A <base size> pair: cell sizes of the parent (of / itself for root properties). */
static int read_pair(const struct dt *dt, int off, const char *name, bool required, uint64_t *base,
                     uint64_t *size)
{
	const uint32_t *c;
	int cells_of = off == 0 ? 0 : fdt_parent_offset(dt->fdt, off);
	int ac = fdt_address_cells(dt->fdt, cells_of), sc = fdt_size_cells(dt->fdt, cells_of);
	int n = dt_prop_cells(dt, off, name, &c);
	char path[BH_PATH_LEN];

	dt_path(dt, off, path, sizeof(path));
	if (n == 0 && !required)
		return 1;
	if (n != ac + sc || ac > 2 || sc > 2 || ac < 1 || sc < 1)
		return diag_error(dt->file, path, name, "expected <base size> (%d+%d cells)", ac,
		                  sc);
	*base = dt_cells(c, 0, (unsigned)ac);
	*size = dt_cells(c, (unsigned)ac, (unsigned)sc);
	if (*size == 0 || *base + *size < *base)
		return diag_error(dt->file, path, name, "empty or wrapping range");
	return 0;
}

/* Index of `v` in the NULL-terminated `names`, or -1 (also when v is NULL). */
static int name_index(const char *v, const char *const *names)
{
	for (int i = 0; v != NULL && names[i] != NULL; i++) {
		if (strcmp(v, names[i]) == 0)
			return i;
	}
	return -1;
}

static int read_arch(struct board *b, const struct dt *dt)
{
	/* in enum manifest_arch order, from 1 */
	static const char *const arches[] = {"arm64", "x86_64", "riscv64", NULL};
	/* in enum irq_controller order */
	static const char *const irqcs[] = {"gicv2", "gicv3", "plic", "aplic", "lapic", NULL};
	int a = name_index(dt_prop_string(dt, 0, "bulkhead,arch"), arches);
	int ic = name_index(dt_prop_string(dt, 0, "bulkhead,interrupt-controller"), irqcs);

	if (a < 0)
		return diag_error(dt->file, "/", "bulkhead,arch",
		                  "missing or not one of arm64, x86_64, riscv64");
	if (ic < 0)
		return diag_error(dt->file, "/", "bulkhead,interrupt-controller",
		                  "missing or not one of gicv2, gicv3, plic, aplic, lapic");
	b->arch = (enum manifest_arch)(a + 1);
	b->irqc = (enum irq_controller)ic;
	return 0;
}

static int read_root(struct board *b, const struct dt *dt)
{
	const char *plat = dt_prop_string(dt, 0, "bulkhead,platform");
	const uint32_t *c;
	int n;

	if (dt_check_props(dt, 0, root_props) != 0)
		return -1;
	if (plat == NULL || strlen(plat) >= MANIFEST_PLATFORM_LEN)
		return diag_error(dt->file, "/", "bulkhead,platform", "missing or too long");
	strcpy(b->platform, plat);
	if (read_arch(b, dt) != 0)
		return -1;
	n = dt_prop_cells(dt, 0, "bulkhead,nr-pcpus", &c);
	if (n != 1 || fdt32_to_cpu(c[0]) == 0 || fdt32_to_cpu(c[0]) > MANIFEST_MAX_PCPUS)
		return diag_error(dt->file, "/", "bulkhead,nr-pcpus", "missing or not in 1..%u",
		                  MANIFEST_MAX_PCPUS);
	b->nr_pcpus = fdt32_to_cpu(c[0]);
	n = dt_prop_cells(dt, 0, "bulkhead,timebase-frequency", &c);
	b->timebase_hz = n == 1 ? fdt32_to_cpu(c[0]) : 10000000U;
	if (read_pair(dt, 0, "bulkhead,hypervisor", true, &b->hv_base, &b->hv_size) != 0)
		return -1;
	return read_pair(dt, 0, "bulkhead,image", true, &b->image_base, &b->image_size);
}

static int read_memory(struct board *b, const struct dt *dt)
{
	int off = fdt_subnode_offset_namelen(dt->fdt, 0, "memory", 6);

	if (off < 0) {
		off = fdt_node_offset_by_prop_value(dt->fdt, -1, "device_type", "memory", 7);
		if (off < 0)
			return diag_error(dt->file, "/", "memory", "no memory node");
	}
	if (dt_check_props(dt, off, memory_props) != 0)
		return -1;
	return read_pair(dt, off, "reg", true, &b->ram_base, &b->ram_size);
}

static int read_device_reg(struct board_device *d, const struct dt *dt, int off)
{
	const uint32_t *c;
	int ac = fdt_address_cells(dt->fdt, fdt_parent_offset(dt->fdt, off));
	int sc = fdt_size_cells(dt->fdt, fdt_parent_offset(dt->fdt, off));
	int n = dt_prop_cells(dt, off, "reg", &c);

	if (n == 0 && fdt_getprop(dt->fdt, off, "bulkhead,ioports", NULL) != NULL)
		return 0; /* a port-only device (x86-64) */
	if (ac < 1 || ac > 2 || sc < 1 || sc > 2 || n <= 0 || n % (ac + sc) != 0 ||
	    n / (ac + sc) > BH_MAX_DEV_RANGES)
		return diag_error(dt->file, d->path, "reg", "expected 1..%d <base size> pairs",
		                  BH_MAX_DEV_RANGES);
	d->nr_ranges = (unsigned)(n / (ac + sc));
	for (unsigned i = 0; i < d->nr_ranges; i++) {
		d->base[i] = dt_cells(c, i * (unsigned)(ac + sc), (unsigned)ac);
		d->size[i] = dt_cells(c, i * (unsigned)(ac + sc) + (unsigned)ac, (unsigned)sc);
		if (d->size[i] == 0 || d->base[i] + d->size[i] < d->base[i])
			return diag_error(dt->file, d->path, "reg", "empty or wrapping range");
		if ((d->base[i] & BH_X86_PIO_TAG) != 0)
			return diag_error(dt->file, d->path, "reg",
			                  "address 0x%llx is not a physical address (I/O ports "
			                  "are given with bulkhead,ioports)",
			                  (unsigned long long)d->base[i]);
	}
	return 0;
}

/*
 * bulkhead,ioports = <first count>...: x86-64 I/O port ranges. Each becomes
 * one more device range in the tagged form the manifest and hal/x86_64/pio.c
 * carry (BH_X86_PIO_TAG | port * 4 KiB, count * 4 KiB), so a board file
 * names ports as ports.
 */
/* [impl->dsn~x86-passthrough-config~1] */
static int read_device_ioports(struct board_device *d, const struct board *b, const struct dt *dt,
                               int off)
{
	const uint32_t *c;
	int n = dt_prop_cells(dt, off, "bulkhead,ioports", &c);

	if (n == 0)
		return 0;
	if (b->arch != MANIFEST_ARCH_X86_64)
		return diag_error(dt->file, d->path, "bulkhead,ioports",
		                  "I/O ports exist only on x86_64 boards");
	if (n < 0 || n % 2 != 0 || d->nr_ranges + (unsigned)(n / 2) > BH_MAX_DEV_RANGES)
		return diag_error(dt->file, d->path, "bulkhead,ioports",
		                  "expected <first count> pairs, at most %d ranges with reg",
		                  BH_MAX_DEV_RANGES);
	for (int i = 0; i < n; i += 2) {
		uint64_t first = fdt32_to_cpu(c[i]), count = fdt32_to_cpu(c[i + 1]);

		if (count == 0 || first + count > 0x10000U)
			return diag_error(dt->file, d->path, "bulkhead,ioports",
			                  "ports 0x%llx+0x%llx: empty or outside 0-0xffff",
			                  (unsigned long long)first, (unsigned long long)count);
		d->base[d->nr_ranges] = BH_X86_PIO_TAG | (first * BH_PAGE);
		d->size[d->nr_ranges] = count * BH_PAGE;
		d->nr_ranges++;
	}
	return 0;
}

static int read_device(struct board *b, const struct dt *dt, int off)
{
	struct board_device *d = &b->dev[b->nr_dev];
	const uint32_t *c;
	const char *compat;
	int n;

	memset(d, 0, sizeof(*d));
	d->owner = -1;
	dt_path(dt, off, d->path, sizeof(d->path));
	if (b->nr_dev == BH_MAX_BOARD_DEVICES)
		return diag_error(dt->file, d->path, "-", "more than %d devices",
		                  BH_MAX_BOARD_DEVICES);
	snprintf(d->name, sizeof(d->name), "%s", fdt_get_name(dt->fdt, off, NULL));
	if (dt_check_props(dt, off, device_props) != 0 || read_device_reg(d, dt, off) != 0 ||
	    read_device_ioports(d, b, dt, off) != 0)
		return -1;
	compat = fdt_getprop(dt->fdt, off, "compatible", &n);
	if (compat == NULL || n <= 0 || n > (int)sizeof(d->compatible) || compat[n - 1] != '\0')
		return diag_error(dt->file, d->path, "compatible", "missing or too long");
	memcpy(d->compatible, compat, (size_t)n);
	d->compatible_len = n;
	n = dt_prop_cells(dt, off, "bulkhead,irqs", &c);
	if (n < 0 || n > BH_MAX_DEV_IRQS)
		return diag_error(dt->file, d->path, "bulkhead,irqs", "expected 0..%d cells",
		                  BH_MAX_DEV_IRQS);
	for (int i = 0; i < n; i++)
		d->irqs[i] = fdt32_to_cpu(c[i]);
	d->nr_irqs = (unsigned)n;
	if (fdt_getprop(dt->fdt, off, "bulkhead,reserved", NULL) != NULL)
		d->owner = MANIFEST_MAX_DOMAINS; /* the hypervisor keeps it */
	b->nr_dev++;
	return 0;
}

static int read_devices(struct board *b, const struct dt *dt)
{
	int parent = fdt_subnode_offset(dt->fdt, 0, "devices");
	int off;

	if (parent < 0)
		return 0;
	if (dt_check_props(dt, parent, devices_props) != 0)
		return -1;
	fdt_for_each_subnode(off, dt->fdt, parent)
	{
		if (read_device(b, dt, off) != 0)
			return -1;
	}
	return 0;
}

int board_read(struct board *b, const struct dt *dt)
{
	int off;

	memset(b, 0, sizeof(*b));
	b->file = dt->file;
	if (read_root(b, dt) != 0 || read_memory(b, dt) != 0 || read_devices(b, dt) != 0)
		return -1;
	fdt_for_each_subnode(off, dt->fdt, 0)
	{
		const char *name = fdt_get_name(dt->fdt, off, NULL);

		if (strncmp(name, "memory", 6) != 0 && strcmp(name, "devices") != 0) {
			char path[BH_PATH_LEN];

			return diag_error(dt->file, dt_path(dt, off, path, sizeof(path)), "-",
			                  "unknown node");
		}
	}
	if (!ranges_overlap(b->hv_base, b->hv_size, b->ram_base, b->ram_size) ||
	    b->hv_base < b->ram_base || b->hv_base + b->hv_size > b->ram_base + b->ram_size)
		return diag_error(dt->file, "/", "bulkhead,hypervisor", "not inside RAM");
	if (b->image_base < b->ram_base ||
	    b->image_base + b->image_size > b->ram_base + b->ram_size)
		return diag_error(dt->file, "/", "bulkhead,image", "not inside RAM");
	if (ranges_overlap(b->hv_base, b->hv_size, b->image_base, b->image_size))
		return diag_error(dt->file, "/", "bulkhead,image", "overlaps bulkhead,hypervisor");
	return 0;
}
