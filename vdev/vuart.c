/*
 * vUART front end: attaches a register model to a domain's MMIO or PIO
 * window, moves bytes between the model and the domain console, and raises
 * the guest interrupt.
 *
 * Design: one static slot per domain (no allocation). The MMIO/PIO
 * dispatcher (core/mmio.c) calls vuart_access() with the slot as context;
 * the access is bounds-checked there, and the model decodes the offset.
 * Input is pulled lazily: the model asks "is a byte waiting?" and we take
 * one byte from the console ring into a one-byte holding register.
 * Interrupts are edge-signalled into the vCPU when the model's level rises.
 *
 * Locking: a domain's vUART is only touched by that domain's vCPU 0 exits
 * and by the run loop on the pCPU running it; the per-domain console ring
 * has its own lock.
 */
#include <core/console.h>
#include <core/domain.h>
#include <core/mmio.h>
#include <hal/errno.h>
#include <hal/irq.h>
#include <lib/string.h>

#include "vuart_priv.h"

#define PL011_WINDOW 0x1000U
#define NS16550_REGS 8U
#define NS16550_MAX_SHIFT 4U

static struct vuart vuarts[CORE_MAX_DOMAINS];

/* d's vUART, or a free slot when d is NULL; NULL when there is none. */
static struct vuart *find_slot(const struct domain *d)
{
	for (unsigned i = 0; i < CORE_MAX_DOMAINS; i++) {
		if (vuarts[i].d == d) {
			return &vuarts[i];
		}
	}
	return NULL;
}

static struct vuart *slot_of(const struct domain *d)
{
	return (d != NULL) ? find_slot(d) : NULL;
}

void vuart_clear(void)
{
	(void)memset(vuarts, 0, sizeof(vuarts));
}

void vuart_tx(struct vuart *u, uint8_t c)
{
	char ch = (char)c;

	console_guest_write(u->d, &ch, 1U);
}

bool vuart_rx_ready(struct vuart *u)
{
	if (!u->has_rx) {
		char c;

		if (console_guest_read(u->d, &c, 1U) == 1U) {
			u->rx = c;
			u->has_rx = true;
		}
	}
	return u->has_rx;
}

uint8_t vuart_rx_take(struct vuart *u)
{
	uint8_t c = vuart_rx_ready(u) ? (uint8_t)u->rx : 0U;

	u->has_rx = false;
	return c;
}

void vuart_update_irq(struct vuart *u, bool level)
{
	if (level && !u->irq_line && u->irq != 0U && u->d->nr_vcpus > 0U) {
		(void)hal_irq_inject(&u->d->vcpu[0].arch, u->irq, -1);
		vcpu_wake(&u->d->vcpu[0]); /* it may be waiting in WFI/HLT for this */
	}
	u->irq_line = level;
}

static bool irq_level(struct vuart *u)
{
	return (u->model == VUART_PL011) ? pl011_irq_level(u) : ns16550_irq_level(u);
}

/* [impl->dsn~vdev-vuart~1] */
static int vuart_access(void *ctx, struct vcpu *v, const struct vm_exit *e, uint64_t *value)
{
	struct vuart *u = ctx;
	/* The window is aligned to its size (vuart_attach), so the low bits are
	 * the register offset. */
	uint64_t off = e->access.addr & (PL011_WINDOW - 1U);

	(void)v;
	if (u->model != VUART_PL011) {
		off = (e->access.addr & ((NS16550_REGS << u->shift) - 1U)) >> u->shift;
	}
	if (e->access.write) {
		if (u->model == VUART_PL011) {
			pl011_write(u, off, e->access.value);
		} else {
			ns16550_write(u, (unsigned)off, e->access.value);
		}
	} else {
		*value = (u->model == VUART_PL011) ? pl011_read(u, off)
		                                   : ns16550_read(u, (unsigned)off);
	}
	vuart_update_irq(u, irq_level(u));
	return 0;
}

static int window_of(enum vuart_model model, uint64_t base, unsigned shift, uint64_t *size)
{
	switch (model) {
	case VUART_PL011:
		*size = PL011_WINDOW;
		return (base % PL011_WINDOW == 0U) ? 0 : -HAL_EINVAL;
	case VUART_NS16550_MMIO:
	case VUART_NS16550_PIO:
		if (shift > NS16550_MAX_SHIFT || (model == VUART_NS16550_PIO && shift != 0U)) {
			return -HAL_EINVAL;
		}
		*size = (uint64_t)NS16550_REGS << shift;
		return (base % *size == 0U) ? 0 : -HAL_EINVAL;
	default:
		return -HAL_EINVAL;
	}
}

int vuart_attach(struct domain *d, enum vuart_model model, uint64_t base, unsigned shift,
                 unsigned irq)
{
	uint64_t size = 0;
	int rc = window_of(model, base, shift, &size);

	if (rc != 0) {
		return rc;
	}
	if (slot_of(d) != NULL) {
		return -HAL_EBUSY;
	}
	struct vuart *u = find_slot(NULL);

	if (u == NULL) {
		return -HAL_ENOSPC;
	}
	rc = mmio_register(d->id, model == VUART_NS16550_PIO, base, size, vuart_access, u);
	if (rc != 0) {
		return rc;
	}
	*u = (struct vuart){.d = d, .model = model, .shift = shift, .irq = irq};
	vuart_reset(d);
	return 0;
}

void vuart_reset(struct domain *d)
{
	struct vuart *u = slot_of(d);

	if (u == NULL) {
		return;
	}
	*u = (struct vuart){.d = u->d, .model = u->model, .shift = u->shift, .irq = u->irq};
	u->cr = 0x300U; /* PL011: TXE | RXE, as Xen's vpl011 presents it */
}

void vuart_poll(struct domain *d)
{
	struct vuart *u = slot_of(d);

	if (u != NULL) {
		vuart_update_irq(u, irq_level(u));
	}
}
