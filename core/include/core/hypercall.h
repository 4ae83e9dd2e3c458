/*
 * Hypercall dispatch and the static policy (see core/hypercall.c,
 * core/policy.c and docs/hypercalls.md).
 */
#ifndef CORE_HYPERCALL_H
#define CORE_HYPERCALL_H

#include <stdint.h>

#include <core/domain.h>
#include <core/hypercall_abi.h>
#include <hal/exit.h>

/* One hypercall family: arguments in ABI order, returns 0/value or -errno. */
typedef long (*hypercall_fn)(struct vcpu *v, const uint64_t *arg);

/*
 * Run the hypercall in e (EXIT_HYPERCALL) for v: look up the handler
 * (unknown: -XEN_ENOSYS), check the caller's capabilities against the
 * policy (denied: -XEN_EPERM, counted), then call it.
 * @return the value for the guest's return register.
 */
long hypercall_dispatch(struct vcpu *v, const struct vm_exit *e);

/*
 * May domain d make hypercall nr with sub-command cmd? Counts a denial in
 * d->stats.denied and the global counter.
 * @return 0 or -XEN_EPERM.
 */
int policy_check(struct domain *d, uint64_t nr, uint64_t cmd);

/* Denials since boot, all domains together. */
uint64_t policy_denials_total(void);

/* Reset the global counter (boot; tests). */
void policy_reset(void);

/* The families (core/hc_*.c). */
long do_xen_version(struct vcpu *v, const uint64_t *arg);
long do_console_io(struct vcpu *v, const uint64_t *arg);
long do_memory_op(struct vcpu *v, const uint64_t *arg);
long do_vcpu_op(struct vcpu *v, const uint64_t *arg);
long do_sched_op(struct vcpu *v, const uint64_t *arg);
long do_bh_domctl(struct vcpu *v, const uint64_t *arg);

#endif
