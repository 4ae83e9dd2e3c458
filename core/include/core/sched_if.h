/*
 * What the run loop needs from a scheduler (the sched/ helper's API will
 * replace core/sched_rr.c behind these names; see /work/notes/core-to-sched.md
 * and docs/core.md).
 *
 * Runnable means: v->state == VCPU_RUNNABLE and v->domain->state ==
 * DOMAIN_RUNNING. The core changes those fields and then calls
 * core_sched_notify() so a scheduler with queues can update them.
 */
#ifndef CORE_SCHED_IF_H
#define CORE_SCHED_IF_H

#include <core/domain.h>

/* Next vCPU to run on pCPU cpu, or NULL to idle. Called on every pass. */
struct vcpu *core_sched_pick(unsigned cpu);

/* v's runnability may have changed (wake, block, pause, reset...). */
void core_sched_notify(struct vcpu *v);

/* v gives up the rest of its slice (SCHEDOP_yield). */
void core_sched_yield(struct vcpu *v);

#endif
