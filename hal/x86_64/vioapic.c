/*
 * x86-64 virtual IOAPIC: one per domain at 0xfec00000 (trapped MMIO), 24
 * edge-triggered redirection entries, physical destination = vCPU id.
 *
 * Design: IOREGSEL at offset 0x00 and IOWIN at 0x10 reach the ID (0),
 * version (1: 0x11, 24 entries), arbitration (2) and redirection (0x10 +
 * 2n, two halves) registers. hal_irq_inject() with a guest interrupt below
 * 24 (emulated devices: the vUART's IRQ 4) looks the entry up and, unless
 * it is masked, makes its vector pending in the destination vCPU's vLAPIC
 * (fixed and lowest-priority delivery; a masked edge is dropped). Level
 * semantics, remote IRR and logical destinations are not modelled.
 * Locking: entries are written by the domain's vCPUs and read by injectors;
 * each 64-bit entry is read and written whole.
 */
#include <stdbool.h>
#include <stdint.h>

#include <hal/irq.h>

#include "exit.h"
#include "vioapic.h"
#include "vlapic.h"

#define REG_ID 0U
#define REG_VERSION 1U
#define REG_ARB 2U
#define REG_REDIR 0x10U
#define VERSION_VALUE 0x00170011U /* 24 entries, version 0x11 */
#define ENTRY_MASKED (1ULL << 16)
#define ENTRY_WRITABLE 0xff0000000001afffULL

bool x86_vioapic_is_mmio(uint64_t gpa)
{
	return (gpa & ~0xfffULL) == X86_VIOAPIC_BASE;
}

void x86_vioapic_reset(struct as_arch *as)
{
	as->ioapic.sel = 0;
	for (unsigned i = 0; i < X86_VIOAPIC_PINS; i++) {
		__atomic_store_n(&as->ioapic.redir[i], ENTRY_MASKED, __ATOMIC_RELEASE);
	}
}

static uint32_t vioapic_read_reg(const struct as_arch *as, uint32_t reg)
{
	if (reg == REG_VERSION) {
		return VERSION_VALUE;
	}
	if (reg >= REG_REDIR && reg < REG_REDIR + 2U * X86_VIOAPIC_PINS) {
		uint64_t e = __atomic_load_n(&as->ioapic.redir[(reg - REG_REDIR) / 2U],
		                             __ATOMIC_ACQUIRE);

		return (reg & 1U) != 0U ? (uint32_t)(e >> 32) : (uint32_t)e;
	}
	return 0; /* ID 0, arbitration 0 */
}

static void vioapic_write_reg(struct as_arch *as, uint32_t reg, uint32_t value)
{
	if (reg >= REG_REDIR && reg < REG_REDIR + 2U * X86_VIOAPIC_PINS) {
		uint64_t *slot = &as->ioapic.redir[(reg - REG_REDIR) / 2U];
		uint64_t e = __atomic_load_n(slot, __ATOMIC_ACQUIRE);

		e = (reg & 1U) != 0U ? (e & 0xffffffffULL) | ((uint64_t)value << 32)
		                     : (e & ~0xffffffffULL) | value;
		__atomic_store_n(slot, e & ENTRY_WRITABLE, __ATOMIC_RELEASE);
	}
}

/* [impl->dsn~x86-vioapic~1] */
struct vm_exit x86_vioapic_mmio(struct vcpu_arch *v, const struct vm_exit *a)
{
	struct as_arch *as = v->as;
	unsigned off = (unsigned)(a->access.addr & 0xfffU);

	if (a->access.write) {
		if (off == 0x00U) {
			as->ioapic.sel = (uint32_t)a->access.value & 0xffU;
		} else if (off == 0x10U) {
			vioapic_write_reg(as, as->ioapic.sel, (uint32_t)a->access.value);
		} else {
			/* other offsets are reserved: writes are ignored */
		}
	} else {
		x86_mmio_load_done(v, off == 0x00U   ? as->ioapic.sel
		                      : off == 0x10U ? vioapic_read_reg(as, as->ioapic.sel)
		                                     : 0U);
	}
	x86_vcpu_skip(v);
	return (struct vm_exit){.kind = EXIT_NONE};
}

/* [impl->dsn~x86-vioapic~1] */
int x86_vioapic_raise(struct as_arch *as, unsigned pin)
{
	uint64_t e = __atomic_load_n(&as->ioapic.redir[pin], __ATOMIC_ACQUIRE);
	unsigned dest = (unsigned)(e >> 56);
	unsigned vector = (unsigned)(e & 0xffU);
	struct vcpu_arch *t = dest < X86_AS_MAX_VCPUS ? as->vcpus[dest] : NULL;

	if ((e & ENTRY_MASKED) != 0U || vector < 16U || t == NULL) {
		return 0; /* masked or unroutable edge: dropped */
	}
	x86_vlapic_set_irr(t, vector);
	if (t->last_cpu != ~0U) {
		hal_cpu_kick(t->last_cpu);
	}
	return 0;
}
