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
	for (;;) {
		while (!bench_evtchn_pending()) {
		}
		bench_evtchn_clear();
		(void)bench_evtchn_send();
	}
}
