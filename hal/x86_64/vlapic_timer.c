/*
 * x86-64 vLAPIC timer: one-shot, periodic and TSC-deadline modes.
 *
 * Design: the guest-visible timer clock is X86_VLAPIC_TIMER_NS_PER_TICK
 * (100 MHz) divided by the divide configuration register. A count or a
 * TSC deadline becomes an absolute expiry on the hypervisor clock
 * (hal_time_now_ns); before each entry an expired timer sets its vector in
 * IRR (unless LVT masked), periodic mode re-arms from the previous expiry,
 * and the physical timer is programmed for the next expiry so the guest
 * exits on time (vlapic.c, timer.c).
 */
#include <stdint.h>

#include <hal/time.h>

#include "arch.h"
#include "vlapic.h"

#define R_LVT_TIMER 0x320U
#define R_TIMER_INIT 0x380U
#define R_TIMER_DIV 0x3e0U
#define LVT_MASKED ((uint32_t)1U << 16)
#define MODE_SHIFT 17U
#define MODE_ONESHOT 0U
#define MODE_PERIODIC 1U
#define MODE_TSC_DEADLINE 2U

static unsigned timer_mode(const struct x86_vlapic *l)
{
	return (l->lvt_timer >> MODE_SHIFT) & 3U;
}

/* Divide configuration (bits 0,1,3) -> divisor 1..128. */
static uint64_t divisor(uint32_t dcr)
{
	unsigned code = (dcr & 3U) | ((dcr >> 1) & 4U);

	return code == 7U ? 1U : 2ULL << code;
}

static uint64_t count_ns(const struct x86_vlapic *l, uint64_t count)
{
	return count * X86_VLAPIC_TIMER_NS_PER_TICK * divisor(l->timer_div);
}

static void start_count(struct x86_vlapic *l)
{
	l->timer_start_ns = hal_time_now_ns();
	l->timer_period_ns = count_ns(l, l->timer_init);
	l->timer_deadline_ns = l->timer_init != 0U ? l->timer_start_ns + l->timer_period_ns : 0U;
}

void x86_vlapic_timer_write(struct vcpu_arch *v, uint32_t reg, uint32_t value)
{
	struct x86_vlapic *l = &v->lapic;

	if (reg == R_TIMER_DIV) {
		l->timer_div = value & 0xbU;
	} else if (reg == R_LVT_TIMER) {
		unsigned old = timer_mode(l);

		l->lvt_timer = value & 0x700ffU;
		if (timer_mode(l) != old) {
			l->timer_deadline_ns = 0; /* a mode change disarms */
			l->tsc_deadline = 0;
		}
	} else if (reg == R_TIMER_INIT && timer_mode(l) != MODE_TSC_DEADLINE) {
		l->timer_init = value;
		start_count(l);
	} else {
		/* other registers, and the initial count in TSC-deadline mode, are ignored */
	}
}

uint32_t x86_vlapic_timer_current(const struct vcpu_arch *v)
{
	const struct x86_vlapic *l = &v->lapic;
	uint64_t now = hal_time_now_ns();
	uint64_t tick;

	if (l->timer_deadline_ns == 0U || now >= l->timer_deadline_ns ||
	    timer_mode(l) == MODE_TSC_DEADLINE) {
		return 0;
	}
	tick = X86_VLAPIC_TIMER_NS_PER_TICK * divisor(l->timer_div);
	return (uint32_t)((l->timer_deadline_ns - now) / tick);
}

void x86_vlapic_set_tsc_deadline(struct vcpu_arch *v, uint64_t tsc)
{
	struct x86_vlapic *l = &v->lapic;

	if (timer_mode(l) != MODE_TSC_DEADLINE) {
		return;
	}
	l->tsc_deadline = tsc;
	/* The guest's TSC is the host's plus the domain's offset (vcpu.c). */
	l->timer_deadline_ns = tsc == 0U ? 0U : x86_tsc_to_time_ns(tsc - v->as->tsc_offset);
	if (tsc != 0U && l->timer_deadline_ns == 0U) {
		l->timer_deadline_ns = 1U; /* in the past: fire at once */
	}
}

/* [impl->dsn~x86-vlapic-timer~1] */
void x86_vlapic_timer_fire(struct vcpu_arch *v, uint64_t now)
{
	struct x86_vlapic *l = &v->lapic;

	if (l->timer_deadline_ns == 0U) {
		return;
	}
	now = now != 0U ? now : hal_time_now_ns();
	if (now < l->timer_deadline_ns) {
		return;
	}
	if ((l->lvt_timer & LVT_MASKED) == 0U) {
		x86_vlapic_set_irr(v, l->lvt_timer & 0xffU);
	}
	if (timer_mode(l) == MODE_PERIODIC && l->timer_period_ns != 0U) {
		l->timer_deadline_ns += l->timer_period_ns;
		if (l->timer_deadline_ns <= now) { /* missed periods collapse into one */
			l->timer_deadline_ns = now + l->timer_period_ns;
		}
	} else {
		l->timer_deadline_ns = 0;
		l->tsc_deadline = 0;
	}
}

bool x86_vlapic_tsc_deadline_ok(void)
{
	return true;
}
