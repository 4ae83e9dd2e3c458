/*
 * The benchmark sequence, the same bare-metal and under Bulkhead: each
 * figure is measured with the guest-visible counter and printed as one
 * "BENCH <figure> key=value ..." line (parsed by scripts/bulkhead-bench).
 */
#include "bench.h"

/* [impl->dsn~bench-figures~1] */

#define IRQ_SAMPLES 1000U
#define EVTCHN_SAMPLES 200U

static uint64_t samples[IRQ_SAMPLES];

/* Ticks in one microsecond of counter time (at least 2). */
static uint64_t ticks_per_us(void)
{
	uint64_t t = bench_arch_count_hz() / 1000000U;

	return t < 2U ? 2U : t;
}

static void bench_irq_latency(bool idle)
{
	struct bench_stats s;
	uint64_t gap0 = 20U * ticks_per_us();

	for (unsigned i = 0; i < IRQ_SAMPLES; i++) {
		/* Deadlines 20-40 us apart, spread so the phase varies. */
		uint64_t gap = gap0 + (gap0 * ((i * 37U) % 100U)) / 100U;
		uint64_t deadline = bench_arch_count() + gap;
		uint64_t seen = bench_arch_timer_wait(deadline, idle);
		samples[i] = seen >= deadline ? seen - deadline : 0U;
	}
	bench_stats(samples, IRQ_SAMPLES, &s);
	bench_printf("BENCH irq_latency path=%s wait=%s n=%u min=%llu median=%llu p99=%llu "
	             "max=%llu\n",
	             bench_arch_timer_path(), idle ? "wfi" : "spin", IRQ_SAMPLES,
	             (unsigned long long)s.min, (unsigned long long)s.median,
	             (unsigned long long)s.p99, (unsigned long long)s.max);
}

static bool mmio_read(void)
{
	bench_arch_mmio_read();
	return true;
}

static void bench_round_trips(void)
{
	bool ok = true;
	uint64_t empty = bench_calibrate_pair();
	uint64_t mmio = bench_round_trip(mmio_read, &ok);

	bench_printf("BENCH counter_pair median=%llu\n", (unsigned long long)empty);
	bench_printf("BENCH mmio_trap median=%llu\n", (unsigned long long)mmio);
	if (!bench_arch_hosted()) {
		bench_printf("BENCH hypercall n/a=no-hypervisor\n");
		return;
	}
	uint64_t null = bench_round_trip(bench_arch_hypercall_null, &ok);
	bool null_ok = ok;
	uint64_t version = bench_round_trip(bench_arch_hypercall_version, &ok);
	if (!null_ok || !ok) {
		bench_printf("BENCH hypercall n/a=no-conduit\n");
		return;
	}
	bench_printf("BENCH hypercall null=%llu xen_version=%llu\n", (unsigned long long)null,
	             (unsigned long long)version);
}

/*
 * Stolen time of a computing guest: over a 50 ms window of counter time,
 * every gap of more than 1 us between two consecutive counter reads is
 * time spent outside the guest (an exit, or another vCPU).
 */
static void bench_exits(void)
{
	uint64_t hz = bench_arch_count_hz();
	uint64_t window = hz / 20U;
	uint64_t limit = ticks_per_us();
	uint64_t gaps = 0;
	uint64_t stolen = 0;
	uint64_t start = bench_arch_count();
	uint64_t prev = start;

	while (prev - start < window) {
		uint64_t now = bench_arch_count();
		if (now - prev > limit) {
			gaps++;
			stolen += now - prev;
		}
		prev = now;
	}
	uint64_t span = prev - start;
	bench_printf("BENCH exits_per_s value=%llu stolen_ppm=%llu window_ticks=%llu\n",
	             (unsigned long long)((gaps * hz) / span),
	             (unsigned long long)((stolen * 1000000U) / span), (unsigned long long)span);
}

/*
 * Event-channel round trip to the echo domain: clear, send, poll until the
 * echo's event is pending. n/a bare, without shared_info, or when the
 * config binds no channel (the send fails).
 */
static void bench_evtchn(void)
{
	struct bench_stats s;
	uint64_t give_up = bench_arch_count_hz() / 10U;

	if (!bench_arch_hosted() || !bench_evtchn_map()) {
		bench_printf("BENCH evtchn n/a=%s\n",
		             bench_arch_hosted() ? "no-shared-info" : "no-hypervisor");
		return;
	}
	for (unsigned i = 0; i < EVTCHN_SAMPLES; i++) {
		bench_evtchn_clear();
		uint64_t t0 = bench_arch_count();
		if (bench_evtchn_send() != 0) {
			bench_printf("BENCH evtchn n/a=no-channel\n");
			return;
		}
		while (!bench_evtchn_pending()) {
			if (bench_arch_count() - t0 > give_up) {
				bench_printf("BENCH evtchn n/a=no-echo\n");
				return;
			}
		}
		samples[i] = bench_arch_count() - t0;
	}
	bench_stats(samples, EVTCHN_SAMPLES, &s);
	bench_printf("BENCH evtchn n=%u min=%llu median=%llu p99=%llu max=%llu\n", EVTCHN_SAMPLES,
	             (unsigned long long)s.min, (unsigned long long)s.median,
	             (unsigned long long)s.p99, (unsigned long long)s.max);
}

void bench_entry(void)
{
	bench_printf("\nBENCH start arch=%s mode=%s hz=%llu\n", bench_arch_name(),
	             bench_arch_hosted() ? "bulkhead" : "bare",
	             (unsigned long long)bench_arch_count_hz());
	/* The first console line is out (written through the UART, or handed
	 * to Bulkhead's console with its newline): when a user sees it. */
	uint64_t first_line = bench_arch_boot_clock();

	bench_printf("BENCH boot first_insn=%llu first_line=%llu\n",
	             (unsigned long long)bench_boot_count, (unsigned long long)first_line);
	bench_arch_irq_init();
	bench_irq_latency(false);
	bench_round_trips();
	bench_arch_extra();
	bench_evtchn();
	bench_exits();
	/* Last: a backend that never wakes a vCPU from WFI stops the run
	 * here, after every other figure is out. */
	bench_irq_latency(true);
	bench_printf("BENCH done\n");
	bench_arch_exit();
}
