/*
 * bh_domctl(cmd, domid, arg): Bulkhead's control-domain calls on other
 * domains (query, pause, unpause, reset). The policy (core/policy.c) has
 * already checked the caller may; here only the target is validated. A
 * domain acts on itself through sched_op instead, so domid == caller is
 * refused for everything but query.
 */
#include <core/domain.h>
#include <core/guest_access.h>
#include <core/hypercall.h>
#include <lib/string.h>

static long query(struct vcpu *v, struct domain *t, uint64_t gpa)
{
	struct bh_domain_info info;

	(void)memset(&info, 0, sizeof(info));
	info.domid = t->id;
	info.role = (uint8_t)t->role;
	info.state = (uint8_t)t->state;
	info.nr_vcpus = t->nr_vcpus;
	info.caps = t->caps;
	info.shutdown_reason = t->shutdown_reason;
	info.resets = t->stats.resets;
	info.faults = t->stats.faults;
	info.denied = t->stats.denied;
	(void)memcpy(info.name, t->name, sizeof(info.name) - 1U);
	return copy_to_guest(v->domain, gpa, &info, sizeof(info));
}

/* [impl->dsn~core-hc-domctl~1] */
long do_bh_domctl(struct vcpu *v, const uint64_t *arg)
{
	struct domain *t = arg[1] <= UINT16_MAX ? domain_by_id((uint16_t)arg[1]) : NULL;

	if (arg[0] > BH_DOMCTL_reset) {
		return -XEN_ENOSYS;
	}
	if (t == NULL) {
		return -XEN_ESRCH;
	}
	if (arg[0] == BH_DOMCTL_query) {
		return query(v, t, arg[2]);
	}
	if (t == v->domain) {
		return -XEN_EINVAL;
	}
	switch (arg[0]) {
	case BH_DOMCTL_pause:
		return domain_pause(t);
	case BH_DOMCTL_unpause:
		return domain_unpause(t);
	default:
		return domain_reset(t);
	}
}
