/*
 * Secondary hart discovery through SBI HSM (see hart_scan.h).
 *
 * Design: hart ids need not be dense nor start at the boot hart (OpenSBI's
 * lottery picks any hart), so every id below the limit is asked for its
 * HSM state: SBI_ERR_INVALID_PARAM means no such hart. Dense ids are given
 * in hart-id order, only to harts that accepted hart_start, so the started
 * harts are exactly pCPUs 1 .. n-1. Pure C over sbi_hart_get_status() and
 * rv_start_hart(): also compiled into the host unit tests with fakes.
 *
 * Locking: boot hart only, before the secondaries run.
 */
#include <lib/print.h>

#include "hart_scan.h"
#include "sbi.h"

/* [impl->dsn~riscv64-hsm-smp~1] */
unsigned rv_hart_scan(unsigned long boot_hart, unsigned max)
{
	unsigned present = 1U;
	unsigned next_id = 1U;

	for (unsigned long hart = 0; hart < max && present < max; hart++) {
		if (hart == boot_hart) {
			continue;
		}
		struct sbiret st = sbi_hart_get_status(hart);

		if (st.error == SBI_ERR_INVALID_PARAM) {
			continue;
		}
		present++;
		if (st.error != SBI_SUCCESS || st.value != SBI_HSM_STOPPED) {
			printk("riscv64: hart %lu not startable (error %ld, state %ld)\n", hart,
			       st.error, st.value);
			continue;
		}
		long err = rv_start_hart(hart, next_id);

		if (err != SBI_SUCCESS) {
			printk("riscv64: hart_start(%lu) failed: %ld\n", hart, err);
			continue;
		}
		next_id++;
	}
	return present;
}
