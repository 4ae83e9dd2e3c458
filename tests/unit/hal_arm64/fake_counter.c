/*
 * Host fakes for what ptimer.c and exit.c reach outside themselves: the
 * physical count (time.c), the vGIC raise (vgic.c) and the WFI wake time
 * (timer.c, here at 16 ns per tick: QEMU's 62.5 MHz counter).
 */
#include <stdatomic.h>

#include <arm64/ptimer.h>
#include <arm64/vgic.h>

#include "fake_counter.h"

uint64_t fake_count;
unsigned fake_raises;
unsigned fake_last_ppi;

uint64_t arm64_counter_now(void)
{
	return fake_count;
}

int arm64_vgic_raise(struct vcpu_arch *v, unsigned virq, int pirq)
{
	(void)pirq;
	(void)atomic_fetch_or(&v->vgic.pending_local, (uint32_t)1U << virq);
	fake_raises++;
	fake_last_ppi = virq;
	return 0;
}

uint64_t arm64_timer_wake_ns(const struct vcpu_arch *v)
{
	uint64_t at = arm64_ptimer_deadline(v);

	return at == 0U ? 0U : at * 16U + 1U;
}
