/*
 * The echo domain of the evtchn figure: maps shared_info, then forever
 * waits for an event on BENCH_EVTCHN_PORT and sends one back.
 */
#include "bench.h"

void bench_entry(void)
{
	if (!bench_evtchn_map()) {
		bench_printf("\nBENCH echo n/a=no-shared-info\n");
		bench_arch_exit();
	}
	bench_printf("\nBENCH echo start\n");
	uint64_t first_line = bench_arch_boot_clock();

	bench_printf("BENCH echo_boot first_insn=%llu first_line=%llu\n",
	             (unsigned long long)bench_boot_count, (unsigned long long)first_line);
	for (;;) {
		while (!bench_evtchn_pending()) {
		}
		bench_evtchn_clear();
		(void)bench_evtchn_send();
	}
}
