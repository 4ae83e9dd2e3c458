/*
 * bhimg: x86-64 passthrough rules (I/O ports and GSIs).
 *
 * Design: on an x86-64 board a device range whose address has bit 60 set
 * (BH_X86_PIO_TAG, made by board.c from bulkhead,ioports) is an I/O port
 * range (hal/x86_64/pio.c). A domain may
 * be given a device only if its ports fit in the 64 Ki port space, are
 * not remapped (ports pass through 1:1: no bulkhead,guest-addr), and
 * overlap no port range of a device the hypervisor keeps (bulkhead,reserved:
 * COM1, the PIT, the 8259s, ...), and if its interrupts are IOAPIC GSIs
 * (0-23) that no reserved device uses (the PIT's GSI 0/2, COM1's 4).
 */
#include <stdbool.h>
#include <stdint.h>

#include "bhimg.h"

#define X86_PORTS 0x10000ULL
#define X86_GSIS 24U

bool bh_x86_pio_addr(uint64_t addr)
{
	return (addr & BH_X86_PIO_TAG) != 0;
}

static int check_ports(const struct system *s, const struct board *b,
                       const struct dom_passthrough *p)
{
	const struct board_device *dev = &b->dev[p->dev];

	for (unsigned r = 0; r < dev->nr_ranges; r++) {
		uint64_t port = (dev->base[r] & ~BH_X86_PIO_TAG) / BH_PAGE;
		uint64_t n = dev->size[r] / BH_PAGE;

		if (!bh_x86_pio_addr(dev->base[r]))
			continue;
		if (port >= X86_PORTS || n == 0 || n > X86_PORTS - port)
			return diag_error(s->file, p->node, "bulkhead,device",
			                  "%s: I/O ports 0x%llx+0x%llx outside 0-0xffff", dev->path,
			                  (unsigned long long)port, (unsigned long long)n);
		if (p->gpa != dev->base[0])
			return diag_error(s->file, p->node, "bulkhead,guest-addr",
			                  "I/O ports pass through 1:1 (no guest address)");
		for (unsigned j = 0; j < b->nr_dev; j++) {
			const struct board_device *o = &b->dev[j];

			for (unsigned q = 0; o->owner == MANIFEST_MAX_DOMAINS && q < o->nr_ranges;
			     q++) {
				if (bh_x86_pio_addr(o->base[q]) &&
				    ranges_overlap(dev->base[r], dev->size[r], o->base[q],
				                   o->size[q]))
					return diag_error(s->file, p->node, "bulkhead,device",
					                  "I/O ports 0x%llx-0x%llx of %s are the "
					                  "hypervisor's (%s)",
					                  (unsigned long long)port,
					                  (unsigned long long)(port + n - 1),
					                  dev->path, o->path);
			}
		}
	}
	return 0;
}

static int check_gsis(const struct system *s, const struct board *b,
                      const struct dom_passthrough *p)
{
	const struct board_device *dev = &b->dev[p->dev];

	for (unsigned q = 0; q < dev->nr_irqs; q++) {
		uint32_t gsi = dev->irqs[q];

		if (gsi >= X86_GSIS)
			return diag_error(s->file, p->node, "bulkhead,device",
			                  "%s: GSI %u is not an IOAPIC pin (0-%u)", dev->path, gsi,
			                  X86_GSIS - 1U);
		for (unsigned j = 0; j < b->nr_dev; j++) {
			const struct board_device *o = &b->dev[j];

			for (unsigned k = 0; o->owner == MANIFEST_MAX_DOMAINS && k < o->nr_irqs;
			     k++) {
				if (o->irqs[k] == gsi)
					return diag_error(s->file, p->node, "bulkhead,device",
					                  "GSI %u of %s is the hypervisor's (%s)",
					                  gsi, dev->path, o->path);
			}
		}
	}
	return 0;
}

/* [impl->dsn~x86-passthrough-config~1] */
int validate_x86_passthrough(const struct system *s, const struct board *b)
{
	if (b->arch != MANIFEST_ARCH_X86_64)
		return 0;
	for (unsigned i = 0; i < s->nr_dom; i++) {
		for (unsigned k = 0; k < s->dom[i].nr_pt; k++) {
			const struct dom_passthrough *p = &s->dom[i].pt[k];

			if (check_ports(s, b, p) != 0 || check_gsis(s, b, p) != 0)
				return -1;
		}
	}
	return 0;
}
