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
 * set_timer from a guest writes it (sbi_guest.c). Without Sstc guests have
 * no timer (SBI TIME is not advertised; see docs/riscv64.md).
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
#include "vcpu.h"

#define COMPARE_OFF (~0ULL)

bool rv_has_sstc;

/* [impl->dsn~riscv64-timer~1] */
void rv_timer_init(void)
{
	csr_set_n(CSR_HENVCFG, HENVCFG_STCE);
	rv_has_sstc = (csr_read_n(CSR_HENVCFG) & HENVCFG_STCE) != 0U;
	if (rv_has_sstc) {
		csr_write_n(CSR_STIMECMP, COMPARE_OFF);
	} else {
		sbi_set_timer(COMPARE_OFF);
	}
	csr_set(sie, (1UL << IRQ_S_TIMER) | (1UL << IRQ_S_SOFT));
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

void rv_timer_fired(void)
{
	rv_this_pcpu()->deadline_ticks = 0;
	set_compare(COMPARE_OFF);
}

bool rv_guest_timer_armed(const struct vcpu_arch *v)
{
	return rv_has_sstc && v->vstimecmp != COMPARE_OFF;
}
