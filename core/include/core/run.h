/*
 * The run loop (see core/run.c): one neutral exit at a time.
 */
#ifndef CORE_RUN_H
#define CORE_RUN_H

#include <stdbool.h>

#include <core/domain.h>
#include <hal/exit.h>

/*
 * Run v until one exit and handle it (hypercall, MMIO, halt, fault...).
 * @pre v is runnable, pinned to this pCPU, and its domain is RUNNING.
 */
void vcpu_run_once(struct vcpu *v);

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
