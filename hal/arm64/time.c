/*
 * Time from the Arm generic timer's physical counter.
 *
 * Design: CNTPCT_EL0 counts at CNTFRQ_EL0 Hz, the same on every pCPU. The
 * conversion to ns splits ticks into whole seconds and a remainder so that
 * no product overflows 64 bits (remainder < freq < 2^34 for any sane
 * frequency, times 10^9 < 2^64).
 *
 * Locking: none; the registers are per-pCPU views of one system counter.
 */
#include <stdint.h>

#include <arm64/sysreg.h>
#include <hal/time.h>

#define NS_PER_SEC 1000000000ULL

/* [impl->dsn~arm64-time~1] */
uint64_t hal_time_now_ns(void)
{
	uint64_t freq = READ_SYSREG(cntfrq_el0);
	uint64_t ticks;

	isb(); /* do not read the counter ahead of earlier instructions */
	ticks = READ_SYSREG(cntpct_el0);
	if (freq == 0U) {
		return 0U;
	}
	return (ticks / freq) * NS_PER_SEC + ((ticks % freq) * NS_PER_SEC) / freq;
}
