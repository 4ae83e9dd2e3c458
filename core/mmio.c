/*
 * MMIO/PIO trap dispatch by address.
 *
 * Design: a static table of (domain, space, range, handler) filled at boot;
 * dispatch is a linear search (a handful of entries). An access no handler
 * claims is a guest error, handled by the domain's fault policy in the run
 * loop — exactly like an access outside the domain's memory on hardware.
 *
 * Locking: the table is written only at boot, read-only afterwards.
 */
#include <core/mmio.h>
#include <core/xen_abi/xen.h>

struct mmio_entry {
	uint16_t domid;
	bool pio;
	uint64_t base;
	uint64_t size;
	mmio_handler_fn fn;
	void *ctx;
};

static struct mmio_entry handlers[MMIO_MAX_HANDLERS];
static unsigned nr_entries;

void mmio_clear(void)
{
	nr_entries = 0;
}

static bool covers(const struct mmio_entry *m, uint64_t addr, uint64_t size)
{
	return addr >= m->base && addr - m->base < m->size && size <= m->size - (addr - m->base);
}

int mmio_register(uint16_t domid, bool pio, uint64_t base, uint64_t size, mmio_handler_fn fn,
                  void *ctx)
{
	if (size == 0U || base + size < base || fn == NULL) {
		return -XEN_EINVAL;
	}
	for (unsigned i = 0; i < nr_entries; i++) {
		const struct mmio_entry *m = &handlers[i];

		if (m->domid == domid && m->pio == pio && base < m->base + m->size &&
		    m->base < base + size) {
			return -XEN_EEXIST;
		}
	}
	if (nr_entries == MMIO_MAX_HANDLERS) {
		return -XEN_ENOSPC;
	}
	handlers[nr_entries++] = (struct mmio_entry){domid, pio, base, size, fn, ctx};
	return 0;
}

/* [impl->dsn~core-mmio-dispatch~1] */
int mmio_dispatch(struct vcpu *v, const struct vm_exit *e, uint64_t *value)
{
	bool pio = e->kind == EXIT_PIO;
	uint64_t size = e->access.size;

	*value = 0;
	if (size == 0U || size > 8U) {
		return -XEN_EINVAL;
	}
	for (unsigned i = 0; i < nr_entries; i++) {
		const struct mmio_entry *m = &handlers[i];

		if (m->domid == v->domain->id && m->pio == pio && covers(m, e->access.addr, size)) {
			return m->fn(m->ctx, v, e, value);
		}
	}
	return -XEN_EINVAL;
}
