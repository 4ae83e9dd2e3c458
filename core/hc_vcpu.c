/*
 * vcpu_op(cmd, vcpuid, arg): per-vCPU calls of the caller's own domain.
 *
 * Design: register_vcpu_info moves a vCPU's vcpu_info into guest memory the
 * guest picked (validated: inside one page, writable normal memory); the
 * pointer is handed to core B, which delivers events there. The singleshot
 * timer stores a deadline the run loop fires as VIRQ_TIMER.
 */
#include <core/domain.h>
#include <core/evtchn.h>
#include <core/guest_access.h>
#include <core/hypercall.h>
#include <core/run.h>
#include <hal/as.h>
#include <hal/irq.h>
#include <hal/time.h>
#include <hal/vcpu.h>

#define XEN_ETIME 62

static long register_vcpu_info(struct vcpu *v, struct vcpu *t, uint64_t gpa)
{
	struct vcpu_register_vcpu_info r;
	uint64_t size = hal_xen_vcpu_info_size();

	if (copy_from_guest(v->domain, &r, gpa, sizeof(r)) != 0) {
		return -XEN_EFAULT;
	}
	if (r.offset > HAL_PAGE_SIZE - size || r.mfn >= (1ULL << 36)) {
		return -XEN_EINVAL;
	}
	if (t->evtchn.vcpu_info != NULL) {
		return -XEN_EINVAL; /* as Xen: registered once */
	}
	void *p = guest_ptr(v->domain, (r.mfn << HAL_PAGE_SHIFT) + r.offset, (size_t)size, true);

	if (p == NULL) {
		return -XEN_EINVAL;
	}
	evtchn_vcpu_set_info(t, p);
	return 0;
}

static long set_timer(struct vcpu *v, struct vcpu *t, uint64_t gpa)
{
	struct vcpu_set_singleshot_timer st;

	if (copy_from_guest(v->domain, &st, gpa, sizeof(st)) != 0) {
		return -XEN_EFAULT;
	}
	if ((st.flags & ~VCPU_SSHOTTMR_future) != 0U) {
		return -XEN_EINVAL;
	}
	if ((st.flags & VCPU_SSHOTTMR_future) != 0U && st.timeout_abs_ns < hal_time_now_ns()) {
		return -XEN_ETIME;
	}
	t->timer_deadline_ns = st.timeout_abs_ns != 0U ? st.timeout_abs_ns : 1U;
	core_request_pass(t->pcpu); /* its pCPU arms the timer in a pass */
	hal_cpu_kick(t->pcpu);
	return 0;
}

/* [impl->dsn~core-hc-vcpu~1] */
long do_vcpu_op(struct vcpu *v, const uint64_t *arg)
{
	struct vcpu *t = arg[1] <= UINT32_MAX ? domain_vcpu(v->domain, (unsigned)arg[1]) : NULL;

	if (t == NULL) {
		return -XEN_ENOENT;
	}
	switch (arg[0]) {
	case VCPUOP_is_up:
		return t->state != VCPU_OFFLINE ? 1 : 0;
	case VCPUOP_register_vcpu_info:
		return register_vcpu_info(v, t, arg[2]);
	case VCPUOP_set_singleshot_timer:
		return set_timer(v, t, arg[2]);
	case VCPUOP_stop_singleshot_timer:
		t->timer_deadline_ns = 0;
		return 0;
	default:
		return -XEN_ENOSYS;
	}
}
