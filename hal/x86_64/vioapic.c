/*
 * x86-64 virtual IOAPIC: one per domain at 0xfec00000 (trapped MMIO), 24
 * redirection entries, physical destination = vCPU id.
 *
 * Design: IOREGSEL at offset 0x00 and IOWIN at 0x10 reach the ID (0, bits
 * 27:24 writable), version (1: 0x11, 24 entries), arbitration (2, = ID) and
 * redirection (0x10 + 2n, two halves) registers; delivery status and remote
 * IRR are read-only. hal_irq_inject() with a pin number raises the pin:
 * emulated devices (the vUART's IRQ 4) with pirq < 0, passthrough GSIs with
 * pirq = the GSI, which links the pin to it. An edge pin delivers its vector
 * to the destination vCPU's vLAPIC unless masked (a masked edge is lost,
 * as on hardware). A level pin is kept asserted; it delivers when unmasked
 * and its remote IRR is clear, then sets remote IRR and the vector's TMR
 * bit in the vLAPIC, so the guest's EOI of that vector comes back here
 * (x86_vioapic_eoi): remote IRR and the assertion clear, and a linked GSI
 * that the physical IOAPIC masked at arrival is unmasked only now: the
 * device, if still asserting, interrupts again. Unmasking an asserted level
 * pin delivers it. Logical destinations are not modelled (the destination
 * field is a vCPU id).
 * Locking: each vIOAPIC has a small spinlock (raised from any pCPU, EOIed
 * and written by the domain's vCPUs); kicks and physical unmasks happen
 * after it is dropped.
 */
#include <stdbool.h>
#include <stdint.h>

#include <hal/irq.h>

#include "exit.h"
#include "ioapic.h"
#include "vioapic.h"
#include "vlapic.h"
#include "x86.h"

#define REG_ID 0U
#define REG_VERSION 1U
#define REG_ARB 2U
#define REG_REDIR 0x10U
#define VERSION_VALUE 0x00170011U /* 24 entries, version 0x11 */
#define ID_MASK 0x0f000000U
#define ENTRY_MASKED (1ULL << 16)
#define ENTRY_LEVEL (1ULL << 15)
#define ENTRY_REMOTE_IRR (1ULL << 14)
#define ENTRY_WRITABLE 0xff0000000001afffULL

/* What one raise, EOI or write asks for after the lock is dropped. */
struct vioapic_after {
	struct vcpu_arch *kick;
	int unmask_gsi;
};

static void vio_lock(struct x86_vioapic *io)
{
	while (__atomic_exchange_n(&io->lock, 1U, __ATOMIC_ACQUIRE) != 0U) {
		cpu_pause();
	}
}

static void vio_unlock(struct x86_vioapic *io)
{
	__atomic_store_n(&io->lock, 0U, __ATOMIC_RELEASE);
}

static void finish(const struct vioapic_after *a)
{
	if (a->kick != NULL && a->kick->last_cpu != ~0U) {
		hal_cpu_kick(a->kick->last_cpu);
	}
	if (a->unmask_gsi >= 0) {
		x86_ioapic_unmask_held((unsigned)a->unmask_gsi);
	}
}

/* GSIs in mask, held masked at the physical IOAPIC, fire again. */
static void release_gsis(uint32_t mask)
{
	for (unsigned gsi = 0; gsi < X86_IOAPIC_MAX_GSI; gsi++) {
		if ((mask & ((uint32_t)1U << (gsi & 31U))) != 0U) {
			x86_ioapic_unmask_held(gsi);
		}
	}
}

static int linked_gsi(const struct x86_vioapic *io, unsigned pin)
{
	return io->gsi_link[pin] != 0U ? (int)io->gsi_link[pin] - 1 : -1;
}

bool x86_vioapic_is_mmio(uint64_t gpa)
{
	return (gpa & ~0xfffULL) == X86_VIOAPIC_BASE;
}

/*
 * [impl->dsn~x86-vioapic~1]
 * Every entry masked, nothing asserted (address space creation and the
 * domain's (re)start); a passthrough GSI held for a level entry in service
 * is released at the physical IOAPIC. Links to GSIs are kept (the config's).
 */
void x86_vioapic_reset(struct as_arch *as)
{
	struct x86_vioapic *io = &as->ioapic;
	uint32_t release = 0;

	vio_lock(io);
	io->sel = 0;
	io->id = 0;
	io->asserted = 0;
	for (unsigned i = 0; i < X86_VIOAPIC_PINS; i++) {
		if ((io->redir[i] & ENTRY_REMOTE_IRR) != 0U && io->gsi_link[i] != 0U) {
			release |= (uint32_t)1U << ((io->gsi_link[i] - 1U) & 31U);
		}
		__atomic_store_n(&io->redir[i], ENTRY_MASKED, __ATOMIC_RELEASE);
	}
	vio_unlock(io);
	release_gsis(release);
}

/* Entry e's vector into its destination's vLAPIC (TMR = level). @pre lock held. */
static struct vcpu_arch *deliver(struct as_arch *as, uint64_t e)
{
	unsigned dest = (unsigned)(e >> 56);
	unsigned vector = (unsigned)(e & 0xffU);
	struct vcpu_arch *t = dest < X86_AS_MAX_VCPUS ? as->vcpus[dest] : NULL;

	if (vector < 16U || t == NULL) {
		return NULL; /* unroutable: dropped */
	}
	x86_vlapic_set_tmr(t, vector, (e & ENTRY_LEVEL) != 0U);
	x86_vlapic_set_irr(t, vector);
	return t;
}

/* A level pin that is asserted, unmasked and not in service is delivered. @pre lock. */
static struct vcpu_arch *service_level(struct as_arch *as, unsigned pin)
{
	uint64_t e = as->ioapic.redir[pin];

	if ((e & ENTRY_LEVEL) == 0U || (e & (ENTRY_MASKED | ENTRY_REMOTE_IRR)) != 0U ||
	    (as->ioapic.asserted & (1U << pin)) == 0U) {
		return NULL;
	}
	__atomic_store_n(&as->ioapic.redir[pin], e | ENTRY_REMOTE_IRR, __ATOMIC_RELEASE);
	return deliver(as, e);
}

static uint32_t vioapic_read_reg(const struct as_arch *as, uint32_t reg)
{
	if (reg == REG_VERSION) {
		return VERSION_VALUE;
	}
	if (reg == REG_ID || reg == REG_ARB) {
		return as->ioapic.id;
	}
	if (reg >= REG_REDIR && reg < REG_REDIR + 2U * X86_VIOAPIC_PINS) {
		uint64_t e = __atomic_load_n(&as->ioapic.redir[(reg - REG_REDIR) / 2U],
		                             __ATOMIC_ACQUIRE);

		return (reg & 1U) != 0U ? (uint32_t)(e >> 32) : (uint32_t)e;
	}
	return 0;
}

/* [impl->dsn~x86-vioapic~1] @pre lock held. */
static struct vcpu_arch *vioapic_write_reg(struct as_arch *as, uint32_t reg, uint32_t value)
{
	unsigned pin = (reg - REG_REDIR) / 2U;

	if (reg == REG_ID) {
		as->ioapic.id = value & ID_MASK;
		return NULL;
	}
	if (reg < REG_REDIR || reg >= REG_REDIR + 2U * X86_VIOAPIC_PINS) {
		return NULL; /* version, arbitration: read-only */
	}
	uint64_t old = as->ioapic.redir[pin];
	uint64_t e = (reg & 1U) != 0U ? (old & 0xffffffffULL) | ((uint64_t)value << 32)
	                              : (old & ~0xffffffffULL) | value;

	e = (e & ENTRY_WRITABLE) | (old & ENTRY_REMOTE_IRR);
	if ((e & ENTRY_LEVEL) == 0U) {
		e &= ~ENTRY_REMOTE_IRR; /* edge: no remote IRR */
	}
	__atomic_store_n(&as->ioapic.redir[pin], e, __ATOMIC_RELEASE);
	return service_level(as, pin); /* an asserted level pin just unmasked */
}

/* [impl->dsn~x86-vioapic~1] */
struct vm_exit x86_vioapic_mmio(struct vcpu_arch *v, const struct vm_exit *a)
{
	struct as_arch *as = v->as;
	unsigned off = (unsigned)(a->access.addr & 0xfffU);
	struct vioapic_after after = {NULL, -1};

	vio_lock(&as->ioapic);
	if (a->access.write) {
		if (off == 0x00U) {
			as->ioapic.sel = (uint32_t)a->access.value & 0xffU;
		} else if (off == 0x10U) {
			after.kick =
			        vioapic_write_reg(as, as->ioapic.sel, (uint32_t)a->access.value);
		} else {
			/* other offsets are reserved: writes are ignored */
		}
	} else {
		x86_mmio_load_done(v, off == 0x00U   ? as->ioapic.sel
		                      : off == 0x10U ? vioapic_read_reg(as, as->ioapic.sel)
		                                     : 0U);
	}
	vio_unlock(&as->ioapic);
	finish(&after);
	x86_vcpu_skip(v);
	return (struct vm_exit){.kind = EXIT_NONE};
}

/*
 * [impl->dsn~x86-vioapic~1]
 * @pre pin < X86_VIOAPIC_PINS; pirq is the passthrough GSI behind the pin or < 0.
 */
int x86_vioapic_raise(struct as_arch *as, unsigned pin, int pirq)
{
	struct x86_vioapic *io = &as->ioapic;
	struct vioapic_after after = {NULL, -1};

	vio_lock(io);
	if (pirq >= 0 && (unsigned)pirq < X86_IOAPIC_MAX_GSI) {
		io->gsi_link[pin] = (uint8_t)((uint8_t)pirq + 1U);
	}
	uint64_t e = io->redir[pin];

	if ((e & ENTRY_LEVEL) != 0U) {
		io->asserted |= 1U << pin;
		after.kick = service_level(as, pin);
	} else {
		after.kick = (e & ENTRY_MASKED) == 0U ? deliver(as, e) : NULL;
		after.unmask_gsi = linked_gsi(io, pin); /* no EOI will come back */
	}
	vio_unlock(io);
	finish(&after);
	return 0;
}

/*
 * [impl->dsn~x86-vioapic~1]
 * The guest EOIed a level-triggered vector: pins with remote IRR for it end
 * their interrupt; a linked GSI is released at the physical IOAPIC.
 */
void x86_vioapic_eoi(struct as_arch *as, unsigned vector)
{
	struct x86_vioapic *io = &as->ioapic;
	uint32_t release = 0;

	vio_lock(io);
	for (unsigned pin = 0; pin < X86_VIOAPIC_PINS; pin++) {
		uint64_t e = io->redir[pin];

		if ((e & ENTRY_REMOTE_IRR) != 0U && (e & 0xffU) == vector) {
			__atomic_store_n(&io->redir[pin], e & ~ENTRY_REMOTE_IRR, __ATOMIC_RELEASE);
			io->asserted &= ~(1U << pin);
			if (io->gsi_link[pin] != 0U) {
				release |= 1U << (io->gsi_link[pin] - 1U);
			}
		}
	}
	vio_unlock(io);
	release_gsis(release);
}
