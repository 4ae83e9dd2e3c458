/*
 * The 'plic' interrupt backend (intc.h): the host PLIC (plic.c) and a
 * virtual PLIC per domain (vplic.c).
 *
 * Design: a guest's external interrupt is the line of its vPLIC context
 * (context n = vCPU n), computed at every entry into hvip.VSEIP; vPLIC
 * accesses trap as MMIO and are emulated here. The host PLIC needs no
 * per-hart set-up (hal_irq_route() programs it).
 *
 * Locking: the vPLIC has its own lock; the rest is per hart.
 */
#include <hal/vcpu.h>

#include "csr.h"
#include "intc.h"
#include "plic.h"
#include "vcpu.h"
#include "vplic.h"

void rv_intc_init_hart(void)
{
}

unsigned rv_intc_claim(void)
{
	return rv_plic_claim();
}

void rv_vintc_reset(struct as_arch *as)
{
	rv_vplic_reset(&as->vplic);
}

void rv_vintc_vcpu_release(struct vcpu_arch *v)
{
	(void)v;
}

bool rv_vintc_raise(struct as_arch *as, unsigned src, int pirq)
{
	return rv_vplic_raise(&as->vplic, src, pirq);
}

bool rv_vintc_enter(struct vcpu_arch *v)
{
	v->hvip &= ~(1UL << IRQ_VS_EXT);
	v->hvip |= rv_vplic_line(&v->as->vplic, v->id) ? 1UL << IRQ_VS_EXT : 0UL;
	return true;
}

void rv_vintc_exit(struct vcpu_arch *v)
{
	(void)v;
}

bool rv_vintc_pending(struct vcpu_arch *v)
{
	return rv_vplic_line(&v->as->vplic, v->id);
}

/* Sources are raised with a wake of vCPU 0 only (the core's choice), and
 * one vCPU's enable/threshold writes change another's line: a vCPU of a
 * multi-vCPU domain with external interrupts enabled does not block. */
bool rv_vintc_unwakeable(const struct vcpu_arch *v)
{
	return v->as->multi_vcpu && (v->vsie & IRQ_MASK_S_EXT) != 0U;
}

bool rv_vintc_mmio(struct vcpu_arch *v, const struct vm_exit *e)
{
	uint64_t value;

	if (!rv_vplic_owns(e->access.addr)) {
		return false;
	}
	rv_vplic_access(&v->as->vplic, e, &value);
	hal_vcpu_complete(v, value);
	rv_kick_domain(v->as); /* enables, thresholds: other lines may change */
	return true;
}

bool rv_vintc_csr_trap(struct vcpu_arch *v)
{
	(void)v;
	return false;
}
