/*
 * Attach a domain's vUART from its manifest entry.
 *
 * Design: the manifest says which console a domain has (PL011, 16550 or
 * hypercall only) and where. A 16550 sits on I/O ports on x86-64 boards
 * and is memory-mapped (one byte per register) elsewhere: that is a fact
 * of the board's architecture, which the manifest header records.
 */
#include <core/domain.h>
#include <core/manifest.h>
#include <hal/errno.h>
#include <vdev/vuart.h>

/* [impl->dsn~vdev-vuart~1] */
int vuart_attach_from_manifest(struct domain *d, const struct manifest_domain *md, uint32_t arch)
{
	switch (md->console) {
	case MANIFEST_CONSOLE_PL011:
		return vuart_attach(d, VUART_PL011, md->console_addr, 0U, md->console_irq);
	case MANIFEST_CONSOLE_NS16550:
		return vuart_attach(d,
		                    (arch == (uint32_t)MANIFEST_ARCH_X86_64) ? VUART_NS16550_PIO
		                                                             : VUART_NS16550_MMIO,
		                    md->console_addr, 0U, md->console_irq);
	case MANIFEST_CONSOLE_NONE:
	case MANIFEST_CONSOLE_HVC:
		return 0;
	default:
		return -HAL_EINVAL;
	}
}
