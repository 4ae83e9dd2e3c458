/*
 * x86-64 hypervisor timer and kicks: the physical LAPIC one-shot timer.
 *
 * Design: each pCPU keeps the core's deadline (hal_timer_set_deadline). The
 * LAPIC timer runs in one-shot mode at the rate measured against the TSC
 * at boot (counts_per_ms, the smallest of five 2 ms runs); before a guest
 * runs it is armed for the earlier of the core's deadline and the vCPU's vLAPIC
 * timer, so the guest exits (INTR) in time; hal_cpu_idle() keeps its own
 * bounded wake-up. A kick is a fixed IPI with the idle-wake vector, which
 * makes the target leave its guest or its idle loop.
 * Locking: deadlines are per pCPU, written only by their pCPU.
 */
#include <stdbool.h>
#include <stdint.h>

#include <hal/cpu.h>
#include <hal/irq.h>
#include <hal/time.h>
#include <hal/timer.h>
#include <lib/print.h>

#include "arch.h"
#include "vlapic.h"
#include "x86.h"

#define CALIBRATE_US 2000U
#define CALIBRATE_RUNS 5U
#define MAX_WAIT_NS 1000000ULL /* a backend wait never exceeds 1 ms */

static uint64_t deadline_ns[HAL_MAX_CPUS];
static uint64_t counts_per_ms = 1000000U; /* QEMU's 1 GHz until measured */

/* LAPIC counts in CALIBRATE_US, or 0 if the timer did not move. */
static uint64_t measure_counts(void)
{
	uint32_t left;

	x86_lapic_arm_oneshot(0xffffffffU);
	x86_delay_us(CALIBRATE_US);
	left = x86_lapic_current_count();
	x86_lapic_arm_oneshot(0);
	return 0xffffffffU - left;
}

/*
 * Smallest of CALIBRATE_RUNS measurements: under a loaded emulator a run
 * can read several times too many counts (seen: 4x), never too few.
 */
void x86_timer_calibrate(void)
{
	uint64_t best = ~0ULL;

	for (unsigned i = 0; i < CALIBRATE_RUNS; i++) {
		uint64_t c = measure_counts();

		best = c < best ? c : best;
	}
	if (best > 1000U && best != ~0ULL) {
		counts_per_ms = best * 1000U / CALIBRATE_US;
	}
	printk("LAPIC timer: %llu kHz\n", (unsigned long long)counts_per_ms);
}

static void arm_for(uint64_t when)
{
	uint64_t now = hal_time_now_ns();
	uint64_t ns = when > now ? when - now : 0U;
	uint64_t count = ns * counts_per_ms / 1000000U;

	x86_lapic_arm_oneshot(count == 0U           ? 1U
	                      : count > 0xffffffffU ? 0xffffffffU
	                                            : (uint32_t)count);
}

/* [impl->dsn~x86-hv-timer~1] */
void hal_timer_set_deadline(uint64_t when_ns)
{
	unsigned cpu = hal_cpu_id();

	deadline_ns[cpu] = when_ns;
	if (when_ns != 0U) {
		arm_for(when_ns);
	}
}

bool x86_timer_expired(void)
{
	uint64_t d = deadline_ns[hal_cpu_id()];

	return d != 0U && hal_time_now_ns() >= d;
}

void x86_timer_program(uint64_t extra_ns)
{
	uint64_t d = deadline_ns[hal_cpu_id()];

	if (extra_ns != 0U && (d == 0U || extra_ns < d)) {
		d = extra_ns;
	}
	if (d != 0U) {
		arm_for(d);
	}
}

void x86_wait_until(uint64_t when_ns)
{
	uint64_t now = hal_time_now_ns();

	if (when_ns <= now) {
		return;
	}
	arm_for(when_ns - now > MAX_WAIT_NS ? now + MAX_WAIT_NS : when_ns);
	__asm__ volatile("sti; hlt; cli" ::: "memory");
}

void hal_cpu_kick(unsigned cpu)
{
	if (cpu < HAL_MAX_CPUS && cpu != hal_cpu_id() && x86_cpu_started(cpu)) {
		x86_lapic_send_fixed(x86_cpu_info_of(cpu)->apic_id, X86_VEC_IDLE_WAKE);
	}
}
