/*
 * x86-64 time: the TSC, calibrated once against the PIT.
 *
 * Design: the boot pCPU measures TSC ticks across a PIT channel 2 one-shot
 * count of CALIBRATE_MS (the channel 2 output is readable in port 0x61, no
 * interrupt needed), CALIBRATE_RUNS times, and takes the median: under an
 * emulator a single run can be stretched by host scheduling. A 2 ms window
 * (2386 PIT ticks) bounds the error by the PIT's resolution (0.84 us) plus
 * one poll of port 0x61 (about 1 us on hardware), under 0.1 % (1000 ppm):
 * a 10 ms timeout fires at most 10 us off. It was 10 ms (200 ppm), 4x the
 * boot time (5 x 10 ms = 3.1 M instructions under -icount shift=4).
 * CPUID 0x15/0x16 (TSC frequency) are not used: AMD CPUs and QEMU's qemu64
 * and EPYC models do not provide them. It keeps
 * nanoseconds per tick as a 32.32 fixed-point factor (tsc.h).
 * hal_time_now_ns() = (rdtsc - tsc_at_boot) * factor >> 32 on every pCPU;
 * this assumes the TSCs are synchronised and invariant, as on QEMU and on
 * AMD CPUs with CPUID 0x80000007 EDX.InvariantTSC.
 * Locking: the factor is written once before secondaries start.
 */
#include <stdint.h>

#include <hal/time.h>
#include <lib/print.h>

#include "arch.h"
#include "tsc.h"
#include "x86.h"

#define PIT_HZ 1193182ULL
#define PIT_CH2_DATA 0x42U
#define PIT_CMD 0x43U
#define PIT_CMD_CH2_MODE0 0xB0U /* channel 2, lobyte/hibyte, mode 0, binary */
#define PORT_B 0x61U
#define PORT_B_GATE2 0x01U
#define PORT_B_SPEAKER 0x02U
#define PORT_B_OUT2 0x20U

#define CALIBRATE_MS 2ULL
#define CALIBRATE_RUNS 5U
#define CALIBRATE_MAX_POLLS 100000000UL
#define FALLBACK_TSC_HZ 1000000000ULL

static uint64_t tsc_at_boot;
static uint64_t ns_per_tick_32; /* nanoseconds per TSC tick, 32.32 fixed point */
static uint64_t tsc_hz;

/* TSC ticks in CALIBRATE_MS, or 0 if the PIT output never rose. */
static uint64_t pit_measure_tsc(void)
{
	uint16_t count = (uint16_t)(PIT_HZ * CALIBRATE_MS / 1000ULL);
	uint64_t t0;
	unsigned long polls = 0;

	outb(PORT_B, (uint8_t)((inb(PORT_B) & ~PORT_B_SPEAKER) | PORT_B_GATE2));
	outb(PIT_CMD, PIT_CMD_CH2_MODE0);
	outb(PIT_CH2_DATA, (uint8_t)count);
	outb(PIT_CH2_DATA, (uint8_t)(count >> 8));
	t0 = rdtsc();
	while ((inb(PORT_B) & PORT_B_OUT2) == 0U) {
		if (++polls > CALIBRATE_MAX_POLLS) {
			return 0;
		}
	}
	return rdtsc() - t0;
}

/* Median of CALIBRATE_RUNS measurements (insertion sort of a few values). */
static uint64_t pit_measure_tsc_median(void)
{
	uint64_t v[CALIBRATE_RUNS] = {0}; /* each element is written before it is read */

	for (unsigned i = 0; i < CALIBRATE_RUNS; i++) {
		uint64_t t = pit_measure_tsc();
		unsigned j = i;

		for (; j > 0U && v[j - 1U] > t; j--) {
			v[j] = v[j - 1U];
		}
		v[j] = t;
	}
	return v[CALIBRATE_RUNS / 2U];
}

/*
 * [impl->dsn~x86-tsc~1]
 * @post hal_time_now_ns() counts from here at the calibrated TSC rate.
 */
void x86_time_init(void)
{
	uint64_t ticks = pit_measure_tsc_median();

	if (ticks == 0U) {
		tsc_hz = FALLBACK_TSC_HZ;
		printk("TSC: PIT calibration failed, assuming %llu MHz\n",
		       (unsigned long long)(tsc_hz / 1000000ULL));
	} else {
		tsc_hz = ticks * 1000ULL / CALIBRATE_MS;
		printk("TSC: %llu MHz (calibrated against the PIT)\n",
		       (unsigned long long)(tsc_hz / 1000000ULL));
	}
	ns_per_tick_32 = x86_tsc_factor(tsc_hz);
	tsc_at_boot = rdtsc();
}

uint64_t x86_tsc_to_time_ns(uint64_t tsc)
{
	return tsc <= tsc_at_boot ? 0U : x86_tsc_ticks_to_ns(tsc - tsc_at_boot, ns_per_tick_32);
}

uint64_t hal_time_now_ns(void)
{
	return x86_tsc_ticks_to_ns(rdtsc() - tsc_at_boot, ns_per_tick_32);
}

/* Busy-wait at least us microseconds. */
void x86_delay_us(uint64_t us)
{
	uint64_t end = hal_time_now_ns() + us * 1000ULL;

	while (hal_time_now_ns() < end) {
		cpu_pause();
	}
}
