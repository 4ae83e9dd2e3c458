/*
 * Timers: the hypervisor's EL2 physical timer (CNTHP) as the per-pCPU
 * deadline of hal/timer.h and as the clock of the guests' emulated
 * physical timers, and the guests' EL1 virtual timers.
 *
 * Design: hal_timer_set_deadline converts the deadline to counter ticks;
 * CNTHP_CVAL_EL2 is armed for the earlier of it and the physical-timer
 * deadline of the vCPU loaded on this pCPU (ptimer.c; set when the vCPU is
 * loaded, dropped when it is saved, so the deadline ends its run). Its PPI
 * 26 re-arms CNTHP for what has not passed yet (irq.c -> EXIT_TIMER); the
 * guest's expiry is raised in its vGIC when the vCPU is saved or loaded
 * again. A vCPU halted in WFI gives the core its physical-timer deadline
 * (arm64_timer_wake_ns) to be woken at.
 * A guest's virtual timer (CNTV_*, swapped by vcpu.c, CNTVOFF_EL2 per
 * domain) runs in hardware while its vCPU runs; its PPI 27 makes the guest
 * exit, and the state saved at exit (ENABLE, not IMASK, ISTATUS) marks the
 * timer expired: the virtual PPI 27 is made pending in the vGIC
 * and the timer is masked (CNTV_CTL.IMASK, invisible to the guest, which
 * reads its own value back) until the guest reprograms it, so the level
 * interrupt does not fire again at once. The guest reads IMASK set while
 * the interrupt is being handled (CNTV_CTL is not trapped).
 *
 * Locking: per pCPU (CNTHP, hyp_cval[], guest_cval[]) and per vCPU (its
 * running pCPU).
 */
#include <arm64/guest.h>
#include <arm64/ptimer.h>
#include <arm64/sysreg.h>
#include <arm64/ticks.h>
#include <arm64/vgic.h>
#include <hal/cpu.h>
#include <hal/timer.h>

#define CNT_CTL_ENABLE 1ULL
#define CNT_CTL_IMASK 2ULL
#define CNT_CTL_ISTATUS 4ULL
#define NS_PER_SEC 1000000000ULL

static uint64_t hyp_cval[HAL_MAX_CPUS];   /* the hypervisor's deadline (ticks), 0 = none */
static uint64_t guest_cval[HAL_MAX_CPUS]; /* the loaded vCPU's physical timer, 0 = none */

/* CNTHP for the earlier of this pCPU's two deadlines, or off. */
static void program(unsigned cpu)
{
	uint64_t hyp = hyp_cval[cpu];
	uint64_t guest = guest_cval[cpu];
	uint64_t at = (hyp == 0U || (guest != 0U && guest < hyp)) ? guest : hyp;

	if (at == 0U) {
		WRITE_SYSREG(cnthp_ctl_el2, 0);
	} else {
		WRITE_SYSREG(cnthp_cval_el2, at);
		WRITE_SYSREG(cnthp_ctl_el2, CNT_CTL_ENABLE);
	}
	isb();
}

/* [impl->dsn~arm64-hyp-timer~1] */
void hal_timer_set_deadline(uint64_t deadline_ns)
{
	unsigned cpu = hal_cpu_id() % HAL_MAX_CPUS;
	uint64_t ticks = arm64_ns_to_ticks(deadline_ns, READ_SYSREG(cntfrq_el0));

	hyp_cval[cpu] = (deadline_ns == 0U) ? 0U : ((ticks == 0U) ? 1U : ticks);
	program(cpu);
}

/* CNTHP fired: forget the deadlines that passed, re-arm for the rest. */
void arm64_timer_fired(void)
{
	unsigned cpu = hal_cpu_id() % HAL_MAX_CPUS;
	uint64_t now = arm64_counter_now();

	if (hyp_cval[cpu] != 0U && now >= hyp_cval[cpu]) {
		hyp_cval[cpu] = 0;
	}
	if (guest_cval[cpu] != 0U && now >= guest_cval[cpu]) {
		guest_cval[cpu] = 0;
	}
	program(cpu);
}

/* [impl->dsn~arm64-ptimer~1] */
uint64_t arm64_timer_wake_ns(const struct vcpu_arch *v)
{
	uint64_t at = arm64_ptimer_deadline(v);
	uint64_t freq = READ_SYSREG(cntfrq_el0);

	if (at == 0U || freq == 0U) {
		return 0;
	}
	if (at / freq >= UINT64_MAX / NS_PER_SEC) {
		return UINT64_MAX; /* centuries away: as good as never, without overflow */
	}
	/* rounded up: woken at this time, the count has reached the deadline */
	return arm64_ticks_to_ns(at, freq) + 1U;
}

/* The physical timer of the vCPU being loaded (before_entry, with the
 * vGIC loaded after it) or saved (after_exit). [impl->dsn~arm64-ptimer~1] */
static void ptimer_load(struct vcpu_arch *v)
{
	unsigned cpu = hal_cpu_id() % HAL_MAX_CPUS;
	uint64_t at;

	arm64_ptimer_check(v, arm64_counter_now());
	at = arm64_ptimer_deadline(v);
	if (at != guest_cval[cpu]) {
		guest_cval[cpu] = at;
		program(cpu);
	}
}

static void ptimer_save(struct vcpu_arch *v)
{
	unsigned cpu = hal_cpu_id() % HAL_MAX_CPUS;

	arm64_ptimer_check(v, arm64_counter_now());
	if (guest_cval[cpu] != 0U) {
		guest_cval[cpu] = 0;
		program(cpu);
	}
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
 * The guest's timer interrupt taken while its vCPU is still loaded (vcpu.c):
 * from the live registers, mark the timer fired and mask it in hardware as
 * arm64_vtimer_before_entry would (masking it withdraws the physical level
 * interrupt), and list its virtual PPI at once. False (nothing changed)
 * when the timer is not what asserts, still marked fired for the same
 * setting, its PPI disabled by the guest or no list register is free: the
 * saving path then does the same from saved state.
 * [impl->dsn~arm64-vtimer-direct~1]
 */
bool arm64_vtimer_fire_loaded(struct vcpu_arch *v)
{
	uint64_t ctl = READ_SYSREG(cntv_ctl_el0);
	uint64_t cval = READ_SYSREG(cntv_cval_el0);
	uint64_t mask = CNT_CTL_ENABLE | CNT_CTL_IMASK | CNT_CTL_ISTATUS;
	uint64_t keep = ~(CNT_CTL_IMASK | CNT_CTL_ISTATUS);
	/* re-armed since it last fired: the mark would go at the next save */
	bool rearmed = cval != v->vtimer_cval || (ctl & keep) != (v->vtimer_ctl & keep);

	if ((v->vtimer_fired && !rearmed) || (ctl & mask) != (CNT_CTL_ENABLE | CNT_CTL_ISTATUS) ||
	    (v->vgic.local_enable & ((uint32_t)1U << ARM64_PPI_VTIMER)) == 0U ||
	    !arm64_vgic_list_loaded(ARM64_PPI_VTIMER, v->vgic.local_priority[ARM64_PPI_VTIMER])) {
		return false;
	}
	v->vtimer_fired = true;
	v->vtimer_cval = cval;
	v->vtimer_ctl = ctl;
	WRITE_SYSREG(cntv_ctl_el0, ctl | CNT_CTL_IMASK);
	isb();
	return true;
}

/* While v is loaded: the guest armed its timer with its interrupt unmasked
 * and it has not fired yet. */
bool arm64_vtimer_armed_loaded(const struct vcpu_arch *v)
{
	uint64_t ctl = READ_SYSREG(cntv_ctl_el0);
	uint64_t mask = CNT_CTL_ENABLE | CNT_CTL_IMASK | CNT_CTL_ISTATUS;

	return !v->vtimer_fired && (ctl & mask) == CNT_CTL_ENABLE;
}

/*
 * After an exit: IMASK in the saved CTL is ours while the timer is marked
 * fired; once the guest changed CVAL or its enable bit (it handled the
 * interrupt and re-armed or stopped the timer), the mark goes.
 */
void arm64_vtimer_after_exit(struct vcpu_arch *v)
{
	uint64_t keep = ~(CNT_CTL_IMASK | CNT_CTL_ISTATUS);

	ptimer_save(v);
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
void arm64_vtimer_before_entry(struct vcpu_arch *v)
{
	if (v->vtimer_fired) {
		WRITE_SYSREG(cntv_ctl_el0, v->el1.cntv_ctl | CNT_CTL_IMASK);
	}
	ptimer_load(v);
}
