/*
 * Guest physical address space check, after placement: within one domain,
 * RAM, shared memory, passthrough devices and the virtual devices the
 * hypervisor emulates (interrupt controller, vUART, grant table frames) must
 * not overlap.
 */
#include <string.h>

#include "bhimg.h"

#define MAX_WINDOWS                                                                                \
	(BH_MAX_STATIC_MEM + BH_MAX_DOM_SHM + BH_MAX_PASSTHROUGH * BH_MAX_DEV_RANGES + 4)

struct window {
	uint64_t base, size;
	const char *node, *prop, *what;
};

struct windows {
	struct window w[MAX_WINDOWS];
	unsigned n;
};

static void add(struct windows *ws, uint64_t base, uint64_t size, const char *node,
                const char *prop, const char *what)
{
	if (ws->n < MAX_WINDOWS && size != 0)
		ws->w[ws->n++] = (struct window){base, size, node, prop, what};
}

static void add_virtual(struct windows *ws, const struct domain_cfg *d, const struct board *b)
{
	const struct guest_layout *l = guest_layout(b->arch);
	uint64_t ic2 = b->irqc == IRQC_GICV3 ? l->ic2_size * d->nr_vcpus : l->ic2_size;

	add(ws, l->ic_base, l->ic_size, d->node, "memory", "the virtual interrupt controller");
	add(ws, l->ic2_base, ic2, d->node, "memory", "the virtual interrupt controller");
	add(ws, l->gnttab_base, l->gnttab_size, d->node, "memory", "the grant table window");
	if (d->console == MANIFEST_CONSOLE_PL011 ||
	    (d->console == MANIFEST_CONSOLE_NS16550 && b->arch != MANIFEST_ARCH_X86_64))
		add(ws, d->console_addr, l->uart_size, d->node, "bulkhead,vuart-addr", "the vUART");
}

static void collect(struct windows *ws, const struct system *s, const struct domain_cfg *d,
                    const struct board *b)
{
	ws->n = 0;
	add_virtual(ws, d, b);
	for (unsigned m = 0; m < d->nr_mem; m++)
		add(ws, d->mem[m].gpa, d->mem[m].size, d->node,
		    d->nr_static ? "xen,static-mem" : "memory", "guest RAM");
	for (unsigned k = 0; k < d->nr_shm; k++)
		add(ws, d->shm[k].gpa, d->shm[k].size, d->shm[k].node, "xen,shared-mem",
		    "shared memory");
	for (unsigned k = 0; k < d->nr_pt; k++) {
		const struct board_device *dev = &b->dev[d->pt[k].dev];

		for (unsigned r = 0; r < dev->nr_ranges; r++)
			add(ws, d->pt[k].gpa + (dev->base[r] - dev->base[0]), dev->size[r],
			    d->pt[k].node, "bulkhead,guest-addr", "a passthrough device");
	}
	(void)s;
}

/* [impl->dsn~config-guest-space~1] */
int validate_guest_space(const struct system *s, const struct board *b);
int validate_guest_space(const struct system *s, const struct board *b)
{
	struct windows ws;

	for (unsigned i = 0; i < s->nr_dom; i++) {
		collect(&ws, s, &s->dom[i], b);
		for (unsigned a = 1; a < ws.n; a++) {
			for (unsigned c = 0; c < a; c++) {
				const struct window *x = &ws.w[a], *y = &ws.w[c];

				if (ranges_overlap(x->base, x->size, y->base, y->size))
					return diag_error(
					        s->file, x->node, x->prop,
					        "guest range 0x%llx-0x%llx (%s) overlaps %s",
					        (unsigned long long)x->base,
					        (unsigned long long)(x->base + x->size - 1),
					        x->what, y->what);
			}
		}
	}
	return 0;
}
