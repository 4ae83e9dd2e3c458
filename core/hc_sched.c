/*
 * sched_op(cmd, arg): yield, block, shutdown, poll.
 *
 * Design: block and poll put the caller to sleep unless an event is
 * already pending; any upcall (vcpu_raise_upcall) or the poll timeout
 * wakes it. Poll may thus return before one of its ports is pending, which
 * Xen's ABI allows (callers re-check). shutdown(reboot) resets the domain,
 * shutdown(crash) applies the fault policy, other reasons stop it.
 */
#include <core/domain.h>
#include <core/evtchn.h>
#include <core/guest_access.h>
#include <core/hypercall.h>
#include <core/sched_if.h>
#include <hal/time.h>

static long sched_shutdown(struct vcpu *v, uint64_t gpa)
{
	struct sched_shutdown s;

	if (copy_from_guest(v->domain, &s, gpa, sizeof(s)) != 0) {
		return -XEN_EFAULT;
	}
	switch (s.reason) {
	case SHUTDOWN_reboot:
		return domain_reset(v->domain);
	case SHUTDOWN_crash:
		domain_handle_fault(v->domain);
		return 0;
	case SHUTDOWN_poweroff:
	case SHUTDOWN_suspend:
	case SHUTDOWN_watchdog:
		return domain_shutdown(v->domain, s.reason);
	default:
		return -XEN_EINVAL;
	}
}

static long sched_poll(struct vcpu *v, uint64_t gpa)
{
	struct sched_poll p;
	uint32_t ports[SCHED_POLL_MAX_PORTS];

	if (copy_from_guest(v->domain, &p, gpa, sizeof(p)) != 0) {
		return -XEN_EFAULT;
	}
	if (p.nr_ports > SCHED_POLL_MAX_PORTS) {
		return -XEN_EINVAL;
	}
	if (copy_from_guest(v->domain, ports, p.ports, p.nr_ports * sizeof(ports[0])) != 0) {
		return -XEN_EFAULT;
	}
	for (uint32_t i = 0; i < p.nr_ports; i++) {
		if (ports[i] >= EVTCHN_MAX_PORTS) {
			return -XEN_EINVAL;
		}
	}
	for (uint32_t i = 0; i < p.nr_ports; i++) {
		if (evtchn_port_pending(v->domain, ports[i])) {
			return 0;
		}
	}
	if (p.timeout != 0U && p.timeout <= hal_time_now_ns()) {
		return 0;
	}
	v->poll_port = p.nr_ports > 0U ? ports[0] : 0U;
	v->poll_deadline_ns = p.timeout;
	vcpu_block(v);
	return 0;
}

/* [impl->dsn~core-hc-sched~1] */
long do_sched_op(struct vcpu *v, const uint64_t *arg)
{
	switch (arg[0]) {
	case SCHEDOP_yield:
		core_sched_yield(v);
		return 0;
	case SCHEDOP_block:
		if (!evtchn_vcpu_upcall_pending(v)) {
			vcpu_block(v);
		}
		return 0;
	case SCHEDOP_shutdown:
		return sched_shutdown(v, arg[1]);
	case SCHEDOP_poll:
		return sched_poll(v, arg[1]);
	default:
		return -XEN_ENOSYS;
	}
}
