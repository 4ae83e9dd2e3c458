/*
 * What the run loop needs from a scheduler. core/sched_glue.c implements it
 * on the sched/ framework (cpupools, null/credit2/RTDS/ARINC 653).
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

/* Forget the scheduler state (start of boot; tests): nothing is picked
 * until core_sched_setup(). */
void core_sched_clear(void);

/* When pCPU cpu must pick again (absolute ns), 0 = no deadline. */
uint64_t core_sched_deadline(unsigned cpu);

/*
 * Build the cpupools and one unit per vCPU of every existing domain: from
 * the manifest's cpupools, or (manifest NULL) one credit2 pool over every
 * pCPU. Boot only, after all domains exist and before they start.
 * @return 0, or -XEN_EINVAL after printing the scheduler's reason.
 */
int core_sched_setup(const void *manifest);

#endif
