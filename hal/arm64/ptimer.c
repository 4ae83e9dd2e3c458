/*
 * A guest's EL1 physical timer, emulated (CNTP_CTL_EL0, CNTP_CVAL_EL0 and
 * CNTP_TVAL_EL0 trap: CNTHCTL_EL2.EL1PCEN = 0). Pure: the count is passed
 * in, so the host unit tests run it.
 *
 * Design: each vCPU keeps CTL (ENABLE, IMASK, as written) and CVAL. The
 * count they are compared with is the physical count, CNTPCT_EL0, which
 * the guest reads untrapped: no offset, as on hardware. ISTATUS and TVAL
 * are computed when read (TVAL = CVAL - count, 32-bit signed); a TVAL
 * write sets CVAL = count + the sign-extended value. The timer's interrupt,
 * PPI 30, is asserted while ENABLE is set, IMASK clear and count >= CVAL:
 * it is raised once in the vGIC when that is seen (at an exit, at the next
 * entry, or at once after a write), and not again until the guest writes
 * one of the registers; a write that lowers the line takes back a raise not
 * yet in a list register. The hypervisor's own timer brings the deadline:
 * timer.c arms CNTHP for it while the vCPU is loaded, and a WFI exit
 * carries it so that the core wakes the blocked vCPU then.
 *
 * Locking: per vCPU, on the pCPU that runs it (vgic pending bits: atomic).
 */
#include <arm64/ptimer.h>
#include <arm64/vgic.h>

#define CTL_ENABLE 1ULL
#define CTL_IMASK 2ULL
#define CTL_ISTATUS 4ULL
#define TVAL_MASK 0xffffffffULL
#define TVAL_SIGN 0x80000000ULL

/* The interrupt line: enabled, unmasked, deadline reached. */
static bool asserted(const struct arm64_ptimer *t, uint64_t now)
{
	return (t->ctl & (CTL_ENABLE | CTL_IMASK)) == CTL_ENABLE && now >= t->cval;
}

/*
 * @pre v is not running (its pCPU holds it in an exit or before entry).
 * @post PPI 30 is pending in v's vGIC if the line is high and was not
 *       raised for this setting yet.
 * [impl->dsn~arm64-ptimer~1]
 */
void arm64_ptimer_check(struct vcpu_arch *v, uint64_t now)
{
	if (!v->ptimer.fired && asserted(&v->ptimer, now)) {
		v->ptimer.fired = true;
		(void)arm64_vgic_raise(v, ARM64_PPI_PTIMER, -1);
	}
}

uint64_t arm64_ptimer_deadline(const struct vcpu_arch *v)
{
	const struct arm64_ptimer *t = &v->ptimer;

	if (t->fired || (t->ctl & (CTL_ENABLE | CTL_IMASK)) != CTL_ENABLE) {
		return 0;
	}
	return (t->cval == 0U) ? 1U : t->cval;
}

/* [impl->dsn~arm64-ptimer~1] */
uint64_t arm64_ptimer_read(const struct vcpu_arch *v, enum arm64_ptimer_reg reg, uint64_t now)
{
	const struct arm64_ptimer *t = &v->ptimer;
	uint64_t value;

	switch (reg) {
	case ARM64_PTIMER_CTL:
		value = t->ctl;
		if ((t->ctl & CTL_ENABLE) != 0U && now >= t->cval) {
			value |= CTL_ISTATUS;
		}
		break;
	case ARM64_PTIMER_CVAL:
		value = t->cval;
		break;
	case ARM64_PTIMER_TVAL:
	default:
		value = (t->cval - now) & TVAL_MASK;
		break;
	}
	return value;
}

/* [impl->dsn~arm64-ptimer~1] */
void arm64_ptimer_write(struct vcpu_arch *v, enum arm64_ptimer_reg reg, uint64_t value,
                        uint64_t now)
{
	struct arm64_ptimer *t = &v->ptimer;
	uint64_t tval = value & TVAL_MASK;

	switch (reg) {
	case ARM64_PTIMER_CTL:
		t->ctl = value & (CTL_ENABLE | CTL_IMASK);
		break;
	case ARM64_PTIMER_CVAL:
		t->cval = value;
		break;
	case ARM64_PTIMER_TVAL:
	default:
		if ((tval & TVAL_SIGN) != 0U) {
			tval |= ~TVAL_MASK;
		}
		t->cval = now + tval;
		break;
	}
	t->fired = false;
	if (!asserted(t, now)) {
		/* the line is low: a raise still waiting for a list register goes */
		(void)atomic_fetch_and(&v->vgic.pending_local, ~((uint32_t)1U << ARM64_PPI_PTIMER));
	}
	arm64_ptimer_check(v, now);
}
