/*
 * The hypervisor's per-pCPU deadline timer (timer.c).
 */
#ifndef RISCV64_TIMER_H
#define RISCV64_TIMER_H

#include <stdbool.h>
#include <stdint.h>

/* Boot, every hart: find Sstc and let guests use vstimecmp. */
void rv_timer_init(void);

/* A supervisor timer interrupt ended a guest run: true (and disarmed)
 * when this pCPU's own deadline passed, false when it was a guest's
 * emulated deadline (or spurious). */
bool rv_timer_interrupt(void);

/* Current time in timer ticks. */
static inline uint64_t rv_ticks_now(void)
{
	uint64_t t;

	__asm__ volatile("rdtime %0" : "=r"(t));
	return t;
}

#endif
