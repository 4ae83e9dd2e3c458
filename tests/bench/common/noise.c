/*
 * The noisy neighbour of the irq_latency_noisy figure: forever, a timer
 * interrupt 20 us ahead, a vUART status read and a xen_version hypercall,
 * so the hypervisor is busy on another pCPU while the bench guest measures.
 * It prints one line at start so the runner knows it is up.
 */
#include "bench.h"

void bench_entry(void)
{
	uint64_t step = bench_arch_count_hz() / 50000U;

	bench_printf("\nBENCH noise start\n");
	bench_arch_irq_init();
	for (;;) {
		(void)bench_arch_timer_wait(bench_arch_count() + step, false);
		bench_arch_mmio_read();
		(void)bench_arch_hypercall_version();
	}
}
