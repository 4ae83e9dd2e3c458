/*
 * Timers: the hypervisor's EL2 physical timer (CNTHP) as the per-pCPU
 * deadline of hal/timer.h, and the guests' EL1 virtual timers.
 *
 * Design: hal_timer_set_deadline converts the deadline to counter ticks and
 * arms CNTHP_CVAL_EL2; its PPI 26 disarms it again (irq.c -> EXIT_TIMER).
 * A guest's virtual timer (CNTV_*, swapped by vcpu.c, CNTVOFF_EL2 per
 * domain) runs in hardware while its vCPU runs; its PPI 27 makes the guest
 * exit, and the state saved at exit (ENABLE, not IMASK, ISTATUS) marks the
 * timer expired: the virtual PPI 27 is made pending in the vGIC
 * and the timer is masked (CNTV_CTL.IMASK, invisible to the guest, which
 * reads its own value back) until the guest reprograms it, so the level
 * interrupt does not fire again at once. The guest reads IMASK set while
 * the interrupt is being handled (CNTV_CTL is not trapped).
 *
 * Locking: per pCPU (CNTHP) and per vCPU (its running pCPU).
 */
#include <arm64/guest.h>
#include <arm64/sysreg.h>
#include <arm64/ticks.h>
#include <hal/timer.h>

#define CNT_CTL_ENABLE 1ULL
#define CNT_CTL_IMASK 2ULL
#define CNT_CTL_ISTATUS 4ULL

/* [impl->dsn~arm64-hyp-timer~1] */
void hal_timer_set_deadline(uint64_t deadline_ns)
{
	if (deadline_ns == 0U) {
		WRITE_SYSREG(cnthp_ctl_el2, 0);
		isb();
		return;
	}
	uint64_t ticks = arm64_ns_to_ticks(deadline_ns, READ_SYSREG(cntfrq_el0));

	WRITE_SYSREG(cnthp_cval_el2, ticks);
	WRITE_SYSREG(cnthp_ctl_el2, CNT_CTL_ENABLE);
	isb();
}

void arm64_timer_fired(void)
{
	WRITE_SYSREG(cnthp_ctl_el2, 0);
	isb();
}

/* The guest armed its timer with its interrupt unmasked. */
int arm64_vtimer_armed(const struct vcpu_arch *v)
{
	return (v->el1.cntv_ctl & (CNT_CTL_ENABLE | CNT_CTL_IMASK)) == CNT_CTL_ENABLE &&
	       !v->vtimer_fired;
}

/* [impl->dsn~arm64-vtimer~1] */
void arm64_vtimer_expired(struct vcpu_arch *v)
{
	v->vtimer_fired = true;
	v->vtimer_cval = v->el1.cntv_cval;
	v->vtimer_ctl = v->el1.cntv_ctl;
	(void)atomic_fetch_or(&v->vgic.pending_local, (uint32_t)1U << ARM64_PPI_VTIMER);
}

/*
 * After an exit: IMASK in the saved CTL is ours while the timer is marked
 * fired; once the guest changed CVAL or its enable bit (it handled the
 * interrupt and re-armed or stopped the timer), the mark goes.
 */
void arm64_vtimer_after_exit(struct vcpu_arch *v)
{
	uint64_t keep = ~(CNT_CTL_IMASK | CNT_CTL_ISTATUS);

	if (!v->vtimer_fired) {
		if ((v->el1.cntv_ctl & (CNT_CTL_ENABLE | CNT_CTL_IMASK | CNT_CTL_ISTATUS)) ==
		    (CNT_CTL_ENABLE | CNT_CTL_ISTATUS)) {
			arm64_vtimer_expired(
			        v); /* seen from the saved state: no race with the PPI */
		}
		return;
	}
	v->el1.cntv_ctl &= ~CNT_CTL_IMASK;
	if (v->el1.cntv_cval != v->vtimer_cval ||
	    (v->el1.cntv_ctl & keep) != (v->vtimer_ctl & keep)) {
		v->vtimer_fired = false;
	}
}

/* Before entry: a fired timer stays masked in hardware. */
void arm64_vtimer_before_entry(const struct vcpu_arch *v)
{
	if (v->vtimer_fired) {
		WRITE_SYSREG(cntv_ctl_el0, v->el1.cntv_ctl | CNT_CTL_IMASK);
	}
}
