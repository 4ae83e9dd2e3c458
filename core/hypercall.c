/*
 * Hypercall dispatch.
 *
 * Design: a const table indexed by Xen's hypercall number (and a test for
 * Bulkhead's own range) gives the handler. Order of checks: unknown number
 * -> -ENOSYS; the static policy -> -EPERM (counted); then the handler,
 * which validates every guest value before it changes anything. Event channels and grant
 * tables are core B's; the adapters here only unpack their arguments.
 *
 * Locking: none here; handlers take what they need.
 */
#include <core/domain.h>
#include <core/evtchn.h>
#include <core/grant.h>
#include <core/hypercall.h>

static long hc_event_channel_op(struct vcpu *v, const uint64_t *arg)
{
	return do_event_channel_op(v, (unsigned)arg[0], arg[1]);
}

static long hc_grant_table_op(struct vcpu *v, const uint64_t *arg)
{
	if (arg[2] > UINT32_MAX) {
		return -XEN_EINVAL;
	}
	return do_grant_table_op(v, (unsigned)arg[0], arg[1], (unsigned)arg[2]);
}

/* Xen's numbers are small: a table indexed by number, one load per call. */
#define XEN_HYPERCALLS 64U

static const hypercall_fn xen_hypercalls[XEN_HYPERCALLS] = {
        [HYPERVISOR_memory_op] = do_memory_op,
        [HYPERVISOR_xen_version] = do_xen_version,
        [HYPERVISOR_console_io] = do_console_io,
        [HYPERVISOR_grant_table_op] = hc_grant_table_op,
        [HYPERVISOR_vcpu_op] = do_vcpu_op,
        [HYPERVISOR_sched_op] = do_sched_op,
        [HYPERVISOR_event_channel_op] = hc_event_channel_op,
};

static hypercall_fn lookup(uint64_t nr)
{
	if (nr < XEN_HYPERCALLS) {
		return xen_hypercalls[nr];
	}
	return nr == HYPERVISOR_bh_domctl ? do_bh_domctl : NULL;
}

/* [impl->dsn~core-hypercall-dispatch~1] */
long hypercall_dispatch(struct vcpu *v, const struct vm_exit *e)
{
	hypercall_fn fn = lookup(e->hypercall.nr);

	v->domain->stats.hypercalls++;
	if (fn == NULL) {
		return -XEN_ENOSYS;
	}
	if (policy_check(v->domain, e->hypercall.nr, e->hypercall.arg[0]) != 0) {
		return -XEN_EPERM;
	}
	return fn(v, e->hypercall.arg);
}
