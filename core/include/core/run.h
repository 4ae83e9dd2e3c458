/*
 * The run loop (see core/run.c): one neutral exit at a time.
 */
#ifndef CORE_RUN_H
#define CORE_RUN_H

#include <stdbool.h>

#include <core/domain.h>
#include <hal/exit.h>

/* Exits one vcpu_run_once() handles at most before a pass must run. */
#define CORE_FAST_EXITS_MAX 32U

/*
 * Run v and handle its exits (hypercall, MMIO, halt, fault...): the first,
 * and then as long as they stay on the fast path (core/run.c), at most
 * CORE_FAST_EXITS_MAX.
 * @pre v is runnable, pinned to this pCPU, and its domain is RUNNING.
 */
void vcpu_run_once(struct vcpu *v);

/*
 * pCPU cpu must run a full pass (timers, scheduler pick) before it enters a
 * guest again: something it schedules or times changed. Any pCPU may call
 * it; a caller on another pCPU also kicks cpu (hal_cpu_kick) so a guest
 * running there exits.
 */
void core_request_pass(unsigned cpu);

/* Handle one exit of v (exposed so tests and the fuzzer can feed exits). */
void core_handle_exit(struct vcpu *v, const struct vm_exit *e);

/*
 * One pass of the loop on pCPU cpu: console input, expired vCPU timers,
 * then the scheduler's pick, run once. @return true if a vCPU ran.
 */
bool core_run_pass(unsigned cpu);

/* The loop itself: passes forever, idling when nothing is runnable. */
_Noreturn void core_run_loop(unsigned cpu);

/* Is v inside the guest, or is its exit being handled, on a pCPU other
 * than the caller's? */
bool vcpu_in_guest_elsewhere(const struct vcpu *v);

/* Expire the singleshot timers and poll timeouts of vCPUs pinned to cpu and
 * note the earliest remaining one (armed after the next scheduling pick). */
void core_check_timers(unsigned cpu);

#endif
