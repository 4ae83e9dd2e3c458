/*
 * Time from the Arm generic timer's physical counter.
 *
 * Design: CNTPCT_EL0 counts at CNTFRQ_EL0 Hz, one system counter seen the
 * same by every pCPU; ticks.c converts without overflow.
 *
 * Locking: none; the registers are per-pCPU views of one system counter.
 */
#include <stdint.h>

#include <arm64/ptimer.h>
#include <arm64/sysreg.h>
#include <arm64/ticks.h>
#include <hal/time.h>

uint64_t hal_time_now_ns(void)
{
	uint64_t freq = READ_SYSREG(cntfrq_el0);

	isb(); /* do not read the counter ahead of earlier instructions */
	return arm64_ticks_to_ns(READ_SYSREG(cntpct_el0), freq);
}

uint64_t arm64_counter_now(void)
{
	isb(); /* do not read the counter ahead of earlier instructions */
	return READ_SYSREG(cntpct_el0);
}
