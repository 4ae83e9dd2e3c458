/*
 * Timers: the hypervisor's one-shot deadline per pCPU, and the guests'.
 *
 * Design: the hypervisor's deadline is stimecmp when the hart has Sstc
 * (menvcfg.STCE set by OpenSBI makes it writable), otherwise SBI TIME
 * set_timer. Either raises the supervisor timer interrupt (sie.STIE, on
 * while guests run and in idle; sstatus.SIE stays 0 in the hypervisor, so
 * it only ends a guest run or a WFI). Firing disarms it (compare = ~0):
 * one interrupt per arming. Guests get Sstc too when the hart has it
 * (henvcfg.STCE): their stimecmp is vstimecmp, swapped per vCPU, and SBI
 * set_timer from a guest writes it (sbi_guest.c). Without Sstc the guest
 * timer (SBI set_timer only) is emulated: at entry an expired deadline
 * sets hvip.VSTIP (set_timer clears it), a future one arms this pCPU's
 * compare for the earlier of it and the hypervisor's own deadline; after
 * the exit the compare goes back to the hypervisor's deadline, and a timer
 * interrupt before that deadline was the guest's (EXIT_NONE: the next
 * entry delivers it).
 *
 * Locking: per pCPU.
 */
#include <hal/timer.h>
#include <plat_config.h>

#include "csr.h"
#include "pcpu.h"
#include "sbi.h"
#include "ticks.h"
#include "timer.h"
#include "trap.h"
#include "vcpu.h"

#define COMPARE_OFF (~0ULL)

bool rv_has_sstc;

/* [impl->dsn~riscv64-timer~1] */
void rv_timer_init(void)
{
	/* Sstc needs both: stimecmp accessible (menvcfg.STCE set by the
	 * firmware) and henvcfg.STCE writable. */
	rv_has_sstc = rv_probe_stimecmp();
	if (rv_has_sstc) {
		csr_set_n(CSR_HENVCFG, HENVCFG_STCE);
		rv_has_sstc = (csr_read_n(CSR_HENVCFG) & HENVCFG_STCE) != 0U;
	}
	if (rv_has_sstc) {
		csr_write_n(CSR_STIMECMP, COMPARE_OFF);
	} else {
		sbi_set_timer(COMPARE_OFF);
	}
	csr_set(sie, IRQ_MASK_S_ALL);
}

static void set_compare(uint64_t ticks)
{
	if (rv_has_sstc) {
		csr_write_n(CSR_STIMECMP, ticks);
	} else {
		sbi_set_timer(ticks);
	}
}

void hal_timer_set_deadline(uint64_t deadline_ns)
{
	uint64_t ticks =
	        deadline_ns == 0U ? COMPARE_OFF : rv_ns_to_ticks(deadline_ns, PLAT_TIMEBASE_HZ);

	if (deadline_ns != 0U && ticks == 0U) {
		ticks = 1U; /* fires at once */
	}
	rv_this_pcpu()->deadline_ticks = deadline_ns == 0U ? 0U : ticks;
	set_compare(ticks);
}

bool rv_timer_interrupt(void)
{
	struct rv_pcpu *c = rv_this_pcpu();

	if (c->deadline_ticks == 0U || rv_ticks_now() < c->deadline_ticks) {
		return false; /* the guest's emulated deadline, or spurious */
	}
	c->deadline_ticks = 0;
	set_compare(COMPARE_OFF);
	return true;
}

bool rv_guest_timer_armed(const struct vcpu_arch *v)
{
	return v->vstimecmp != COMPARE_OFF;
}

bool rv_guest_timer_expired(const struct vcpu_arch *v)
{
	return rv_guest_timer_armed(v) && rv_ticks_now() >= v->vstimecmp;
}

/* [impl->dsn~riscv64-wfi-timed-halt~1] */
uint64_t rv_guest_timer_wake_ns(const struct vcpu_arch *v)
{
	return rv_guest_timer_armed(v) ? rv_ticks_to_ns_ceil(v->vstimecmp, PLAT_TIMEBASE_HZ) : 0U;
}

/* [impl->dsn~riscv64-sbi-time~1] */
void rv_guest_timer_enter(struct vcpu_arch *v)
{
	uint64_t own = rv_this_pcpu()->deadline_ticks;

	if (rv_has_sstc) {
		csr_write_n(CSR_VSTIMECMP, v->vstimecmp);
		return;
	}
	if (v->vstimecmp == COMPARE_OFF) {
		return;
	}
	if (rv_ticks_now() >= v->vstimecmp) {
		unsigned long vstip = 1UL << IRQ_VS_TIMER;

		v->hvip |= vstip;
		csr_set(hvip, vstip); /* hvip is already loaded */
		return;
	}
	own = own == 0U ? COMPARE_OFF : own;
	set_compare(v->vstimecmp < own ? v->vstimecmp : own);
}

void rv_guest_timer_exit(struct vcpu_arch *v)
{
	uint64_t own = rv_this_pcpu()->deadline_ticks;

	if (rv_has_sstc) {
		v->vstimecmp = csr_read_n(CSR_VSTIMECMP);
	} else if (v->vstimecmp != COMPARE_OFF) {
		set_compare(own == 0U ? COMPARE_OFF : own);
	} else {
		/* no guest deadline was programmed: the hart's own one is in place */
	}
}

void rv_guest_timer_set(struct vcpu_arch *v, uint64_t ticks)
{
	v->vstimecmp = ticks;
	if (rv_has_sstc) {
		/* now, not at the next entry: the expired compare must stop
		 * asserting VSTIP before anything else looks at the vCPU */
		csr_write_n(CSR_VSTIMECMP, ticks);
	} else {
		v->hvip &= ~(1UL << IRQ_VS_TIMER); /* set_timer clears the pending one */
	}
}
