/*
 * Memory placement: host physical memory for every domain and every shared
 * memory region, then each domain's guest physical layout and where its
 * kernel, ramdisk and boot data (DTB or start info) are loaded.
 *
 * Design: deterministic first fit. Busy ranges are the hypervisor, the boot
 * image area, board devices, every xen,static-mem bank and every shared
 * memory host address given in the config. Then, in config node order, each
 * domain without static memory gets one contiguous range at the lowest free
 * address (2 MiB aligned when its size is a multiple of 2 MiB, else 4 KiB),
 * then each shared memory region without a host address, in order of first
 * appearance. Same inputs, same image. In a domain's guest memory the
 * kernel goes to bulkhead,load-addr or the start of RAM (x86-64: + 1 MiB),
 * the boot data to bulkhead,dtb-addr or the top 64 KiB of the first region,
 * the ramdisk below the top of that region (or below the boot data there);
 * none may overlap another or leave the domain's RAM.
 */
#include <string.h>

#include "bhimg.h"

#define MAX_BUSY                                                                                   \
	(BH_MAX_BOARD_DEVICES * BH_MAX_DEV_RANGES + MANIFEST_MAX_MEM_REGIONS + MANIFEST_MAX_SHM +  \
	 MANIFEST_MAX_DOMAINS * BH_MAX_STATIC_MEM + 4)
#define BOOT_DATA_SLOT 0x10000ULL /* top 64 KiB of the first RAM region */

/* From the shared guest address map in core/manifest.h. */
static const struct guest_layout layouts[] = {
        [MANIFEST_ARCH_ARM64] = {.ram_base = MANIFEST_ARM64_GUEST_RAM_BASE,
                                 .ram_max = MANIFEST_ARM64_GUEST_RAM_MAX,
                                 .ic_base = MANIFEST_ARM64_GUEST_GICD_BASE,
                                 .ic_size = MANIFEST_ARM64_GUEST_GICD_SIZE,
                                 .ic2_base = MANIFEST_ARM64_GUEST_GICR_BASE,
                                 .ic2_size = MANIFEST_ARM64_GUEST_GICR_STRIDE,
                                 .uart_base = MANIFEST_ARM64_GUEST_PL011_BASE,
                                 .uart_size = 0x1000ULL,
                                 .uart_irq = MANIFEST_ARM64_GUEST_PL011_INTID,
                                 .gnttab_base = MANIFEST_ARM64_GUEST_GNTTAB_BASE,
                                 .gnttab_size = MANIFEST_GUEST_GNTTAB_SIZE,
                                 .evtchn_ppi = MANIFEST_ARM64_GUEST_EVTCHN_INTID},
        [MANIFEST_ARCH_X86_64] = {.ram_base = MANIFEST_X86_64_GUEST_RAM_BASE,
                                  .ram_max = MANIFEST_X86_64_GUEST_RAM_MAX,
                                  .ic_base = MANIFEST_X86_64_GUEST_IOAPIC_BASE,
                                  .ic_size = 0x1000ULL,
                                  .ic2_base = MANIFEST_X86_64_GUEST_LAPIC_BASE,
                                  .ic2_size = 0x1000ULL,
                                  .uart_base = MANIFEST_X86_64_GUEST_COM1_PORT,
                                  .uart_size = 0, /* an I/O port, not in the memory map */
                                  .uart_irq = MANIFEST_X86_64_GUEST_COM1_IRQ,
                                  .gnttab_base = MANIFEST_X86_64_GUEST_GNTTAB_BASE,
                                  .gnttab_size = MANIFEST_GUEST_GNTTAB_SIZE},
        [MANIFEST_ARCH_RISCV64] = {.ram_base = MANIFEST_RISCV64_GUEST_RAM_BASE,
                                   .ram_max = MANIFEST_RISCV64_GUEST_RAM_MAX,
                                   .ic_base = MANIFEST_RISCV64_GUEST_PLIC_BASE,
                                   .ic_size = MANIFEST_RISCV64_GUEST_PLIC_SIZE,
                                   .uart_base = MANIFEST_RISCV64_GUEST_UART_BASE,
                                   .uart_size = 0x1000ULL,
                                   .uart_irq = MANIFEST_RISCV64_GUEST_UART_IRQ,
                                   .gnttab_base = MANIFEST_RISCV64_GUEST_GNTTAB_BASE,
                                   .gnttab_size = MANIFEST_GUEST_GNTTAB_SIZE},
};

const struct guest_layout *guest_layout(enum manifest_arch arch)
{
	return &layouts[arch];
}

struct busy {
	uint64_t base[MAX_BUSY], size[MAX_BUSY];
	unsigned n;
};

static void busy_add(struct busy *bz, uint64_t base, uint64_t size)
{
	if (bz->n < MAX_BUSY) {
		bz->base[bz->n] = base;
		bz->size[bz->n++] = size;
	}
}

static void busy_init(struct busy *bz, const struct system *s, const struct board *b)
{
	bz->n = 0;
	busy_add(bz, b->hv_base, b->hv_size);
	busy_add(bz, b->image_base, b->image_size);
	for (unsigned i = 0; i < b->nr_dev; i++) {
		for (unsigned r = 0; r < b->dev[i].nr_ranges; r++)
			busy_add(bz, b->dev[i].base[r], b->dev[i].size[r]);
	}
	for (unsigned i = 0; i < s->nr_dom; i++) {
		for (unsigned m = 0; m < s->dom[i].nr_static; m++)
			busy_add(bz, s->dom[i].static_mem[m].hpa, s->dom[i].static_mem[m].size);
	}
	for (unsigned g = 0; g < s->nr_shm; g++) {
		if (s->shm[g].has_hpa)
			busy_add(bz, s->shm[g].hpa, s->shm[g].size);
	}
}

/* Lowest aligned free range of `size` in RAM; 0 on success. */
static int busy_alloc(struct busy *bz, const struct board *b, uint64_t size, uint64_t *out)
{
	uint64_t align = size % BH_2M == 0 ? BH_2M : BH_PAGE;
	uint64_t at = (b->ram_base + align - 1) & ~(align - 1);
	uint64_t end = b->ram_base + b->ram_size;
	bool moved = true;

	while (moved && at + size <= end && at + size > at) {
		moved = false;
		for (unsigned i = 0; i < bz->n; i++) {
			if (ranges_overlap(at, size, bz->base[i], bz->size[i])) {
				at = (bz->base[i] + bz->size[i] + align - 1) & ~(align - 1);
				moved = true;
			}
		}
	}
	if (moved || at + size > end || at + size <= at)
		return -1;
	busy_add(bz, at, size);
	*out = at;
	return 0;
}

/* [impl->dsn~config-placement~1] */
static int place_domain(struct domain_cfg *d, struct busy *bz, const struct system *s,
                        const struct board *b)
{
	const struct guest_layout *l = guest_layout(b->arch);
	uint64_t gpa = l->ram_base;
	bool direct = d->flags & MANIFEST_DOM_DIRECT_MAP;

	if (d->nr_static == 0) {
		d->static_mem[0].size = d->mem_size;
		if (busy_alloc(bz, b, d->mem_size, &d->static_mem[0].hpa) != 0)
			return diag_error(s->file, d->node, "memory",
			                  "no free RAM for %llu KiB after placing earlier domains",
			                  (unsigned long long)(d->mem_size / 1024));
	}
	d->nr_mem = d->nr_static ? d->nr_static : 1;
	for (unsigned m = 0; m < d->nr_mem; m++) {
		d->mem[m] = d->static_mem[m];
		d->mem[m].flags = d->nr_static ? MANIFEST_MEM_STATIC : 0;
		if (direct) {
			d->mem[m].flags |= MANIFEST_MEM_DIRECT_MAP;
			d->mem[m].gpa = d->mem[m].hpa;
		} else {
			d->mem[m].gpa = gpa;
			gpa += d->mem[m].size;
		}
	}
	if (!direct && gpa > l->ram_max)
		return diag_error(s->file, d->node, "memory",
		                  "%llu MiB does not fit the guest RAM window 0x%llx-0x%llx",
		                  (unsigned long long)(d->mem_size >> 20),
		                  (unsigned long long)l->ram_base, (unsigned long long)l->ram_max);
	return 0;
}

static const struct dom_mem *region_holding(const struct domain_cfg *d, uint64_t gpa, uint64_t size)
{
	for (unsigned m = 0; m < d->nr_mem; m++) {
		const struct dom_mem *r = &d->mem[m];

		if (gpa >= r->gpa && size <= r->size && gpa - r->gpa <= r->size - size)
			return r;
	}
	return NULL;
}

/*
 * The boot data (DTB or start info) goes in a 64 KiB slot: at
 * bulkhead,dtb-addr when the domain names one (4 KiB aligned, inside its
 * RAM), else at the top of its first RAM region.
 * [impl->dsn~config-load-addresses~1]
 */
static int place_boot_data(struct domain_cfg *d, const struct system *s)
{
	const struct dom_mem *first = &d->mem[0];

	if (!d->has_dtb_addr) {
		d->boot_data_gpa = first->gpa + first->size - BOOT_DATA_SLOT;
		return 0;
	}
	d->boot_data_gpa = d->dtb_addr;
	if ((d->dtb_addr & (BH_PAGE - 1)) != 0)
		return diag_error(s->file, d->node, "bulkhead,dtb-addr",
		                  "0x%llx is not 4 KiB aligned", (unsigned long long)d->dtb_addr);
	if (region_holding(d, d->dtb_addr, BOOT_DATA_SLOT) == NULL)
		return diag_error(
		        s->file, d->node, "bulkhead,dtb-addr",
		        "0x%llx: the %llu KiB device tree slot is not inside domain memory",
		        (unsigned long long)d->dtb_addr,
		        (unsigned long long)(BOOT_DATA_SLOT / 1024));
	return 0;
}

/* The kernel at bulkhead,load-addr (4 KiB aligned) or the default. */
static int place_kernel(struct domain_cfg *d, const struct system *s, const struct board *b)
{
	const struct dom_mem *first = &d->mem[0];
	uint64_t kload = d->has_load_addr                  ? d->load_addr
	                 : b->arch == MANIFEST_ARCH_X86_64 ? first->gpa + 0x100000ULL
	                                                   : first->gpa;

	d->kernel_gpa = kload;
	d->entry = d->has_entry ? d->entry : kload;
	if (d->has_load_addr && (kload & (BH_PAGE - 1)) != 0)
		return diag_error(s->file, d->kernel_node, "bulkhead,load-addr",
		                  "0x%llx is not 4 KiB aligned", (unsigned long long)kload);
	if (d->has_dtb_addr &&
	    ranges_overlap(kload, d->kernel.size, d->boot_data_gpa, BOOT_DATA_SLOT))
		return diag_error(s->file, d->node, "bulkhead,dtb-addr",
		                  "0x%llx overlaps the kernel (0x%llx-0x%llx)",
		                  (unsigned long long)d->boot_data_gpa, (unsigned long long)kload,
		                  (unsigned long long)(kload + d->kernel.size - 1));
	if (region_holding(d, kload, d->kernel.size) == NULL ||
	    ranges_overlap(kload, d->kernel.size, d->boot_data_gpa, BOOT_DATA_SLOT))
		return diag_error(s->file, d->kernel_node, "bulkhead,path",
		                  "\"%s\" (%zu bytes at 0x%llx) does not fit in domain memory",
		                  d->kernel.path, d->kernel.size, (unsigned long long)kload);
	if (region_holding(d, d->entry, 1) == NULL)
		return diag_error(s->file, d->kernel_node, "bulkhead,entry",
		                  "0x%llx is not in domain memory", (unsigned long long)d->entry);
	return 0;
}

/* The ramdisk at the top of the first region, below the boot data if that is there. */
static int place_ramdisk(struct domain_cfg *d, const struct system *s)
{
	const struct dom_mem *first = &d->mem[0];
	uint64_t limit = d->has_dtb_addr ? first->gpa + first->size : d->boot_data_gpa;

	if (d->ramdisk.size == 0)
		return 0;
	d->ramdisk_gpa = (limit - d->ramdisk.size) & ~(BH_PAGE - 1);
	if (d->ramdisk.size > limit - first->gpa ||
	    ranges_overlap(d->ramdisk_gpa, d->ramdisk.size, d->kernel_gpa, d->kernel.size))
		return diag_error(
		        s->file, d->node, "multiboot,ramdisk",
		        "\"%s\" (%zu bytes) does not fit in domain memory beside the kernel",
		        d->ramdisk.path, d->ramdisk.size);
	if (ranges_overlap(d->ramdisk_gpa, d->ramdisk.size, d->boot_data_gpa, BOOT_DATA_SLOT))
		return diag_error(s->file, d->node, "multiboot,ramdisk",
		                  "\"%s\" (%zu bytes) overlaps the device tree at 0x%llx",
		                  d->ramdisk.path, d->ramdisk.size,
		                  (unsigned long long)d->boot_data_gpa);
	return 0;
}

/* [impl->dsn~config-image-fit~1] */
static int place_images(struct domain_cfg *d, const struct system *s, const struct board *b)
{
	if (d->mem[0].size < 2 * BOOT_DATA_SLOT)
		return diag_error(s->file, d->node, "memory", "less than %llu KiB",
		                  (unsigned long long)(2 * BOOT_DATA_SLOT / 1024));
	if (place_boot_data(d, s) != 0 || place_kernel(d, s, b) != 0)
		return -1;
	return place_ramdisk(d, s);
}

int validate_guest_space(const struct system *s, const struct board *b);

int place_memory(struct system *s, const struct board *b)
{
	struct busy bz;

	busy_init(&bz, s, b);
	for (unsigned i = 0; i < s->nr_dom; i++) {
		if (place_domain(&s->dom[i], &bz, s, b) != 0)
			return -1;
	}
	for (unsigned g = 0; g < s->nr_shm; g++) {
		struct shm_cfg *m = &s->shm[g];

		if (!m->has_hpa && busy_alloc(&bz, b, m->size, &m->hpa) != 0)
			return diag_error(s->file, s->dom[m->owner].shm[m->owner_shm].node,
			                  "xen,shared-mem", "no free RAM for 0x%llx bytes",
			                  (unsigned long long)m->size);
	}
	for (unsigned i = 0; i < s->nr_dom; i++) {
		if (place_images(&s->dom[i], s, b) != 0)
			return -1;
	}
	return validate_guest_space(s, b);
}
