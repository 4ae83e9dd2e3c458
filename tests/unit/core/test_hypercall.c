/* Unit tests for core/hypercall.c, core/policy.c and the hc_*.c families. */
#include <check.h>
#include <string.h>

#include "core_test.h"
#include "test_main.h"

#include <core/console.h>
#include <core/guest_access.h>
#include <core/hypercall.h>
#include <core/physmap.h>
#include <core/run.h>
#include <core/xen_abi/xen.h>
#include <hal/as.h>
#include <hal/time.h>
#include <hal/vcpu.h>

#define BAD_GPA 0x1000ULL /* not mapped in any test domain */
#define XEN_ETIME 62

static struct domain *ctl, *hw, *du, *du2;

static void setup(void)
{
	ct_boot();
	ctl = ct_domain(0, ROLE_CONTROL, T_CAPS_CONTROL);
	hw = ct_domain(1, ROLE_HARDWARE, T_CAPS_DOMU | MANIFEST_CAP_DOMCTL);
	du = ct_domain(2, ROLE_DOMU, T_CAPS_DOMU);
	du2 = ct_domain(3, ROLE_DOMU, 0);
	ct_finish();
	(void)ct_console();
}

/* [utest->dsn~core-hypercall-dispatch~1] */
START_TEST(unknown_calls_and_subcommands_are_enosys)
{
	ck_assert_int_eq(ct_hypercall(du, 0, 0, 0, 0), -XEN_ENOSYS);
	ck_assert_int_eq(ct_hypercall(du, 99, 0, 0, 0), -XEN_ENOSYS);
	ck_assert_int_eq(ct_hypercall(du, BH_HYPERCALL_LAST, 0, 0, 0), -XEN_ENOSYS);
	ck_assert_int_eq(ct_hypercall(du, HYPERVISOR_xen_version, 77, 0, 0), -XEN_ENOSYS);
	ck_assert_int_eq(ct_hypercall(du, HYPERVISOR_console_io, 9, 0, 0), -XEN_ENOSYS);
	ck_assert_int_eq(ct_hypercall(du, HYPERVISOR_memory_op, 0, 0, 0), -XEN_ENOSYS);
	ck_assert_int_eq(ct_hypercall(du, HYPERVISOR_vcpu_op, 0, 0, 0), -XEN_ENOSYS);
	ck_assert_int_eq(ct_hypercall(du, HYPERVISOR_sched_op, 42, 0, 0), -XEN_ENOSYS);
	ck_assert_int_eq(ct_hypercall(ctl, HYPERVISOR_bh_domctl, 9, 2, 0), -XEN_ENOSYS);
	ck_assert_uint_eq(du->stats.hypercalls, 8);
}
END_TEST

/* [utest->dsn~core-hypercall-policy~1] */
START_TEST(policy_denies_and_counts)
{
	uint64_t buf = ct_gpa(4);

	ck_assert_int_eq(ct_hypercall(du2, HYPERVISOR_console_io, CONSOLEIO_write, 1, buf),
	                 -XEN_EPERM);
	ck_assert_int_eq(ct_hypercall(du2, HYPERVISOR_event_channel_op, 0, buf, 0), -XEN_EPERM);
	ck_assert_int_eq(ct_hypercall(du2, HYPERVISOR_grant_table_op, 0, buf, 1), -XEN_EPERM);
	ck_assert_uint_eq(du2->stats.denied, 3);
	ck_assert_uint_eq(policy_denials_total(), 3);
	/* calls on the caller itself are open to everyone */
	ck_assert_int_gt(ct_hypercall(du2, HYPERVISOR_xen_version, XENVER_version, 0, 0), 0);
	ck_assert_uint_eq(du2->stats.denied, 3);
}
END_TEST

START_TEST(domu_reset_of_another_is_eperm_control_succeeds)
{
	ck_assert_int_eq(ct_hypercall(du, HYPERVISOR_bh_domctl, BH_DOMCTL_reset, 3, 0), -XEN_EPERM);
	ck_assert_uint_eq(du2->stats.resets, 0);
	ck_assert_uint_eq(du->stats.denied, 1);
	/* the hardware domain has DOMCTL in its caps but not the control role */
	ck_assert_int_eq(ct_hypercall(hw, HYPERVISOR_bh_domctl, BH_DOMCTL_reset, 3, 0), -XEN_EPERM);
	ck_assert_int_eq(ct_hypercall(hw, HYPERVISOR_bh_domctl, BH_DOMCTL_pause, 3, 0), -XEN_EPERM);
	ck_assert_uint_eq(du2->stats.resets, 0);
	ck_assert_int_eq(du2->state, DOMAIN_RUNNING);
	ck_assert_int_eq(ct_hypercall(ctl, HYPERVISOR_bh_domctl, BH_DOMCTL_reset, 3, 0), 0);
	ck_assert_uint_eq(du2->stats.resets, 1);
	ck_assert_int_eq(du2->state, DOMAIN_RUNNING);
	ck_assert_uint_eq(policy_denials_total(), 3);
}
END_TEST

/* [utest->dsn~core-hc-domctl~1] */
START_TEST(domctl_query_pause_unpause)
{
	struct bh_domain_info info;
	uint64_t gpa = ct_gpa(5);

	ck_assert_int_eq(ct_hypercall(ctl, HYPERVISOR_bh_domctl, BH_DOMCTL_query, 2, gpa), 0);
	memcpy(&info, ct_ram(ctl, gpa), sizeof(info));
	ck_assert_uint_eq(info.domid, 2);
	ck_assert_str_eq(info.name, "dom2");
	ck_assert_uint_eq(info.state, BH_DOMSTATE_running);
	ck_assert_uint_eq(info.caps, T_CAPS_DOMU);
	ck_assert_int_eq(ct_hypercall(ctl, HYPERVISOR_bh_domctl, BH_DOMCTL_query, 2, BAD_GPA),
	                 -XEN_EFAULT);
	ck_assert_int_eq(ct_hypercall(ctl, HYPERVISOR_bh_domctl, BH_DOMCTL_query, 7, gpa),
	                 -XEN_ESRCH);
	ck_assert_int_eq(ct_hypercall(ctl, HYPERVISOR_bh_domctl, BH_DOMCTL_query, 1ULL << 20, gpa),
	                 -XEN_ESRCH);
	ck_assert_int_eq(ct_hypercall(ctl, HYPERVISOR_bh_domctl, BH_DOMCTL_pause, 0, 0),
	                 -XEN_EINVAL); /* itself */
	ck_assert_int_eq(ct_hypercall(ctl, HYPERVISOR_bh_domctl, BH_DOMCTL_pause, 2, 0), 0);
	ck_assert_int_eq(du->state, DOMAIN_PAUSED);
	ck_assert_int_eq(ct_hypercall(ctl, HYPERVISOR_bh_domctl, BH_DOMCTL_pause, 2, 0),
	                 -XEN_EINVAL);
	ck_assert_int_eq(ct_hypercall(ctl, HYPERVISOR_bh_domctl, BH_DOMCTL_unpause, 2, 0), 0);
	ck_assert_int_eq(du->state, DOMAIN_RUNNING);
	/* a domU may not even query */
	ck_assert_int_eq(ct_hypercall(du, HYPERVISOR_bh_domctl, BH_DOMCTL_query, 0, gpa),
	                 -XEN_EPERM);
}
END_TEST

/* [utest->dsn~core-hc-version~1] */
START_TEST(xen_version_family)
{
	uint64_t gpa = ct_gpa(6);
	char *p = ct_ram(du, gpa);

	ck_assert_int_eq(ct_hypercall(du, HYPERVISOR_xen_version, XENVER_version, 0, 0),
	                 (4 << 16) | 19);
	ck_assert_int_eq(ct_hypercall(du, HYPERVISOR_xen_version, XENVER_extraversion, gpa, 0), 0);
	ck_assert_str_eq(p, "-bulkhead");
	ck_assert_int_eq(ct_hypercall(du, HYPERVISOR_xen_version, XENVER_capabilities, gpa, 0), 0);
	ck_assert_str_eq(p, "xen-3.0-host ");
	ck_assert_int_eq(ct_hypercall(du, HYPERVISOR_xen_version, XENVER_changeset, gpa, 0), 0);
	ck_assert_ptr_nonnull(strstr(p, "bulkhead-"));
	ck_assert_int_eq(ct_hypercall(du, HYPERVISOR_xen_version, XENVER_guest_handle, gpa, 0), 0);
	ck_assert_int_eq(p[0], 0);
	ck_assert_int_eq(ct_hypercall(du, HYPERVISOR_xen_version, XENVER_pagesize, 0, 0), 4096);
	struct xen_feature_info fi = {.submap_idx = 0};

	memcpy(p, &fi, sizeof(fi));
	ck_assert_int_eq(ct_hypercall(du, HYPERVISOR_xen_version, XENVER_get_features, gpa, 0), 0);
	memcpy(&fi, p, sizeof(fi));
	ck_assert_uint_eq(fi.submap, 1U << 2);
	fi.submap_idx = 5;
	memcpy(p, &fi, sizeof(fi));
	ck_assert_int_eq(ct_hypercall(du, HYPERVISOR_xen_version, XENVER_get_features, gpa, 0), 0);
	memcpy(&fi, p, sizeof(fi));
	ck_assert_uint_eq(fi.submap, 0);
	/* bad pointers: error, and nothing written at the valid start */
	uint64_t edge = T_RAM_GPA + T_RAM_SIZE - 4;
	char before[8];

	memcpy(before, ct_ram(du, edge), 4);
	for (unsigned cmd = XENVER_extraversion; cmd <= XENVER_guest_handle; cmd++) {
		if (cmd == XENVER_pagesize || cmd == XENVER_compile_info ||
		    cmd == XENVER_platform_parameters) {
			continue;
		}
		ck_assert_int_eq(ct_hypercall(du, HYPERVISOR_xen_version, cmd, edge, 0),
		                 -XEN_EFAULT);
		ck_assert_int_eq(ct_hypercall(du, HYPERVISOR_xen_version, cmd, BAD_GPA, 0),
		                 -XEN_EFAULT);
	}
	ck_assert_mem_eq(ct_ram(du, edge), before, 4);
}
END_TEST

/* [utest->dsn~core-console-hypercall~1] */
START_TEST(console_io_write_and_read)
{
	uint64_t gpa = ct_gpa(7);

	memcpy(ct_ram(du, gpa), "hello\nworld", 11);
	ck_assert_int_eq(ct_hypercall(du, HYPERVISOR_console_io, CONSOLEIO_write, 11, gpa), 0);
	ck_assert_str_eq(ct_console(), "(d2) hello\n");
	ck_assert_int_eq(ct_hypercall(du, HYPERVISOR_console_io, CONSOLEIO_write, 1, BAD_GPA),
	                 -XEN_EFAULT);
	ck_assert_int_eq(ct_hypercall(du, HYPERVISOR_console_io, CONSOLEIO_write, 4097, gpa),
	                 -XEN_EINVAL);
	ck_assert_int_eq(ct_hypercall(du, HYPERVISOR_console_io, CONSOLEIO_write, 16,
	                              T_RAM_GPA + T_RAM_SIZE - 8),
	                 -XEN_EFAULT);
	ck_assert_str_eq(ct_console(), ""); /* nothing printed by failed calls */
	memcpy(ct_ram(du, gpa), "!\n", 2);
	ck_assert_int_eq(ct_hypercall(du, HYPERVISOR_console_io, CONSOLEIO_write, 2, gpa), 0);
	ck_assert_str_eq(ct_console(), "(d2) world!\n");
	/* read: input goes to the focused domain */
	console_set_focus(2);
	host_console_feed("ab");
	console_poll();
	ck_assert_int_eq(ct_hypercall(du, HYPERVISOR_console_io, CONSOLEIO_read, 1, BAD_GPA),
	                 -XEN_EFAULT);
	ck_assert_int_eq(ct_hypercall(du, HYPERVISOR_console_io, CONSOLEIO_read, 8000, gpa),
	                 -XEN_EINVAL);
	ck_assert_int_eq(ct_hypercall(du, HYPERVISOR_console_io, CONSOLEIO_read, 10, gpa), 2);
	ck_assert_mem_eq(ct_ram(du, gpa), "ab", 2);
	ck_assert_int_eq(ct_hypercall(du, HYPERVISOR_console_io, CONSOLEIO_read, 10, gpa), 0);
}
END_TEST

static long add_physmap(struct domain *d, uint16_t domid, uint32_t space, uint64_t idx,
                        uint64_t gpfn)
{
	struct xen_add_to_physmap x = {.domid = domid, .space = space, .idx = idx, .gpfn = gpfn};
	uint64_t arg = ct_gpa(8);

	memcpy(ct_ram(d, arg), &x, sizeof(x));
	return ct_hypercall(d, HYPERVISOR_memory_op, XENMEM_add_to_physmap, arg, 0);
}

/* [utest->dsn~core-hc-memory~1] */
START_TEST(add_to_physmap_shared_info)
{
	uint64_t gfn = ct_gpa(20) >> 12, gfn2 = ct_gpa(21) >> 12;
	uint64_t ram_hpa;
	struct hal_as_page pg;

	ck_assert_int_eq(domain_gpa_to_hpa(du, gfn << 12, &ram_hpa), 0);
	ck_assert_int_eq(add_physmap(du, XEN_DOMID_SELF, XENMAPSPACE_shared_info, 0, gfn), 0);
	ck_assert_int_eq(hal_as_translate(&du->as, gfn << 12, &pg), 0);
	ck_assert_uint_eq(pg.pa, du->shared_info_pa);
	/* the guest's store through that gfn lands in shared_info */
	uint64_t v = 0x1122334455667788ULL;

	ck_assert_int_eq(host_guest_access(&du->as, (gfn << 12) + 64, &v, 8, true), EXIT_NONE);
	ck_assert_mem_eq((char *)du->shared_info + 64, &v, 8);
	/* moving it puts the RAM page back at the old gfn */
	ck_assert_int_eq(add_physmap(du, 2, XENMAPSPACE_shared_info, 0, gfn2), 0);
	ck_assert_int_eq(hal_as_translate(&du->as, gfn << 12, &pg), 0);
	ck_assert_uint_eq(pg.pa, ram_hpa);
	ck_assert_uint_eq(du->nr_physmap, 1);
	/* a reset undoes it */
	ck_assert_int_eq(domain_reset(du), 0);
	ck_assert_uint_eq(du->nr_physmap, 0);
	ck_assert_int_eq(domain_gpa_to_hpa(du, gfn2 << 12, &ram_hpa), 0);
	ck_assert_uint_ne(ram_hpa, du->shared_info_pa);
}
END_TEST

START_TEST(add_to_physmap_errors_change_nothing)
{
	uint64_t gfn = ct_gpa(20) >> 12;

	ck_assert_int_eq(add_physmap(du, 3, XENMAPSPACE_shared_info, 0, gfn), -XEN_EPERM);
	ck_assert_int_eq(add_physmap(du, XEN_DOMID_SELF, XENMAPSPACE_shared_info, 1, gfn),
	                 -XEN_EINVAL);
	ck_assert_int_eq(add_physmap(du, XEN_DOMID_SELF, 7, 0, gfn), -XEN_EINVAL);
	ck_assert_int_eq(add_physmap(du, XEN_DOMID_SELF, XENMAPSPACE_grant_table,
	                             XENMAPIDX_grant_table_status, gfn),
	                 -XEN_EINVAL);
	ck_assert_int_eq(add_physmap(du, XEN_DOMID_SELF, XENMAPSPACE_shared_info, 0, 1ULL << 40),
	                 -XEN_EINVAL);
	/* a device page may not be replaced */
	ck_assert_int_eq(hal_as_map(&du->as, 0x9000000, 0x9000000, 4096, HAL_AS_R | HAL_AS_W,
	                            HAL_MEM_DEVICE),
	                 0);
	ck_assert_int_eq(add_physmap(du, XEN_DOMID_SELF, XENMAPSPACE_shared_info, 0, 0x9000),
	                 -XEN_EINVAL);
	ck_assert_int_eq(ct_hypercall(du, HYPERVISOR_memory_op, XENMEM_add_to_physmap, BAD_GPA, 0),
	                 -XEN_EFAULT);
	ck_assert_uint_eq(du->nr_physmap, 0);
	uint64_t hpa;

	ck_assert_int_eq(domain_gpa_to_hpa(du, gfn << 12, &hpa), 0);
	ck_assert_uint_ne(hpa, du->shared_info_pa);
	/* an unmapped gfn is fine (nothing to give back later) */
	ck_assert_int_eq(add_physmap(du, XEN_DOMID_SELF, XENMAPSPACE_shared_info, 0, 0x7000), 0);
	physmap_restore_all(du);
	ck_assert_int_ne(domain_gpa_to_hpa(du, 0x7000000, &hpa), 0);
}
END_TEST

START_TEST(add_to_physmap_grant_frames)
{
	uint64_t gfn = ct_gpa(30) >> 12;
	uint64_t hpa;
	int rc = (int)add_physmap(du, XEN_DOMID_SELF, XENMAPSPACE_grant_table, 0, gfn);

	ck_assert_int_eq(rc, 0);
	ck_assert_int_eq(domain_gpa_to_hpa(du, gfn << 12, &hpa), 0);
	ck_assert_ptr_eq(hal_pa_to_va(hpa), grant_table_frame(du, 0));
	/* a frame index beyond the table: refused, the RAM page stays */
	uint64_t gfn2 = gfn + 1, before;

	ck_assert_int_eq(domain_gpa_to_hpa(du, gfn2 << 12, &before), 0);
	ck_assert_int_ne(add_physmap(du, XEN_DOMID_SELF, XENMAPSPACE_grant_table, 1000, gfn2), 0);
	ck_assert_int_eq(domain_gpa_to_hpa(du, gfn2 << 12, &hpa), 0);
	ck_assert_uint_eq(hpa, before);
	/* the last frame the table can grow to may be placed too */
	ck_assert_int_eq(add_physmap(du, XEN_DOMID_SELF, XENMAPSPACE_grant_table,
	                             GRANT_MAX_FRAMES - 1, gfn2),
	                 0);
	ck_assert_int_eq(domain_gpa_to_hpa(du, gfn2 << 12, &hpa), 0);
	ck_assert_ptr_eq(hal_pa_to_va(hpa), grant_table_frame(du, GRANT_MAX_FRAMES - 1));
	ck_assert_uint_eq(du->nr_physmap, 2);
}
END_TEST

START_TEST(add_to_physmap_table_full)
{
	unsigned ok = 0;
	long rc = 0;

	/* the shared_info moves; grant frames accumulate */
	for (unsigned i = 0; i < CORE_MAX_PHYSMAP + 2 && rc == 0; i++) {
		rc = add_physmap(du, XEN_DOMID_SELF, XENMAPSPACE_grant_table, i % GRANT_MAX_FRAMES,
		                 (ct_gpa(40) >> 12) + i);
		ok += rc == 0 ? 1U : 0U;
	}
	ck_assert_uint_le(du->nr_physmap, CORE_MAX_PHYSMAP);
	ck_assert_uint_ge(ok, 1);
}
END_TEST

static long vcpu_op(struct domain *d, unsigned cmd, uint64_t vcpu, const void *arg, size_t len)
{
	uint64_t gpa = ct_gpa(9);

	if (arg != NULL) {
		memcpy(ct_ram(d, gpa), arg, len);
	}
	return ct_hypercall(d, HYPERVISOR_vcpu_op, cmd, vcpu, gpa);
}

/* [utest->dsn~core-hc-vcpu~1] */
START_TEST(vcpu_op_family)
{
	struct vcpu_register_vcpu_info r = {.mfn = ct_gpa(10) >> 12, .offset = 64};
	struct vcpu *v = &du->vcpu[0];

	ck_assert_int_eq(vcpu_op(du, VCPUOP_is_up, 0, NULL, 0), 1);
	ck_assert_int_eq(vcpu_op(du, VCPUOP_is_up, 1, NULL, 0), -XEN_ENOENT);
	ck_assert_int_eq(vcpu_op(du, VCPUOP_is_up, 1ULL << 33, NULL, 0), -XEN_ENOENT);
	r.offset = 4096 - 10;
	ck_assert_int_eq(vcpu_op(du, VCPUOP_register_vcpu_info, 0, &r, sizeof(r)), -XEN_EINVAL);
	r.offset = 64;
	r.mfn = BAD_GPA >> 12;
	ck_assert_int_eq(vcpu_op(du, VCPUOP_register_vcpu_info, 0, &r, sizeof(r)), -XEN_EINVAL);
	r.mfn = 1ULL << 40;
	ck_assert_int_eq(vcpu_op(du, VCPUOP_register_vcpu_info, 0, &r, sizeof(r)), -XEN_EINVAL);
	ck_assert_int_eq(
	        ct_hypercall(du, HYPERVISOR_vcpu_op, VCPUOP_register_vcpu_info, 0, BAD_GPA),
	        -XEN_EFAULT);
	ck_assert_ptr_null(v->evtchn.vcpu_info);
	r.mfn = ct_gpa(10) >> 12;
	ck_assert_int_eq(vcpu_op(du, VCPUOP_register_vcpu_info, 0, &r, sizeof(r)), 0);
	ck_assert_ptr_eq(v->evtchn.vcpu_info, (uint8_t *)ct_ram(du, ct_gpa(10)) + 64);
	ck_assert_int_eq(vcpu_op(du, VCPUOP_register_vcpu_info, 0, &r, sizeof(r)), -XEN_EINVAL);

	struct vcpu_set_singleshot_timer t = {.timeout_abs_ns = hal_time_now_ns() + 1000000};

	ck_assert_int_eq(vcpu_op(du, VCPUOP_set_singleshot_timer, 0, &t, sizeof(t)), 0);
	ck_assert_uint_eq(v->timer_deadline_ns, t.timeout_abs_ns);
	ck_assert_int_eq(vcpu_op(du, VCPUOP_stop_singleshot_timer, 0, NULL, 0), 0);
	ck_assert_uint_eq(v->timer_deadline_ns, 0);
	t.flags = VCPU_SSHOTTMR_future;
	t.timeout_abs_ns = 1;
	ck_assert_int_eq(vcpu_op(du, VCPUOP_set_singleshot_timer, 0, &t, sizeof(t)), -XEN_ETIME);
	t.flags = 0x80;
	ck_assert_int_eq(vcpu_op(du, VCPUOP_set_singleshot_timer, 0, &t, sizeof(t)), -XEN_EINVAL);
	ck_assert_int_eq(
	        ct_hypercall(du, HYPERVISOR_vcpu_op, VCPUOP_set_singleshot_timer, 0, BAD_GPA),
	        -XEN_EFAULT);
	ck_assert_uint_eq(v->timer_deadline_ns, 0);
	t.flags = 0;
	t.timeout_abs_ns = 0; /* "now": fires on the next pass */
	ck_assert_int_eq(vcpu_op(du, VCPUOP_set_singleshot_timer, 0, &t, sizeof(t)), 0);
	ck_assert_uint_eq(v->timer_deadline_ns, 1);
}
END_TEST

static long sched_op(struct domain *d, unsigned cmd, const void *arg, size_t len)
{
	uint64_t gpa = ct_gpa(11);

	if (arg != NULL) {
		memcpy(ct_ram(d, gpa), arg, len);
	}
	return ct_hypercall(d, HYPERVISOR_sched_op, cmd, gpa, 0);
}

/* [utest->dsn~core-hc-sched~1] */
START_TEST(sched_op_yield_block_shutdown)
{
	struct sched_shutdown s = {.reason = 99};

	ck_assert_int_eq(sched_op(du, SCHEDOP_yield, NULL, 0), 0);
	ck_assert_int_eq(sched_op(du, SCHEDOP_block, NULL, 0), 0);
	ck_assert_int_eq(du->vcpu[0].state, VCPU_BLOCKED);
	vcpu_wake(&du->vcpu[0]);
	ck_assert_int_eq(du->vcpu[0].state, VCPU_RUNNABLE);
	ck_assert_int_eq(sched_op(du, SCHEDOP_shutdown, &s, sizeof(s)), -XEN_EINVAL);
	ck_assert_int_eq(ct_hypercall(du, HYPERVISOR_sched_op, SCHEDOP_shutdown, BAD_GPA, 0),
	                 -XEN_EFAULT);
	ck_assert_int_eq(du->state, DOMAIN_RUNNING);
	s.reason = SHUTDOWN_reboot;
	ck_assert_int_eq(sched_op(du, SCHEDOP_shutdown, &s, sizeof(s)), 0x7fffffff); /* reset */
	ck_assert_uint_eq(du->stats.resets, 1);
	ck_assert_int_eq(du->state, DOMAIN_RUNNING);
	s.reason = SHUTDOWN_crash;
	ck_assert_int_eq(sched_op(du, SCHEDOP_shutdown, &s, sizeof(s)), 0);
	ck_assert_int_eq(du->state, DOMAIN_CRASHED);
	s.reason = SHUTDOWN_poweroff;
	ck_assert_int_eq(sched_op(du2, SCHEDOP_shutdown, &s, sizeof(s)), 0);
	ck_assert_int_eq(du2->state, DOMAIN_SHUTDOWN);
	ck_assert_uint_eq(du2->shutdown_reason, SHUTDOWN_poweroff);
}
END_TEST

START_TEST(sched_op_poll)
{
	uint32_t ports[2] = {1, 2};
	struct sched_poll p = {.ports = ct_gpa(12), .nr_ports = 2};
	struct vcpu *v = &du->vcpu[0];

	memcpy(ct_ram(du, ct_gpa(12)), ports, sizeof(ports));
	p.nr_ports = SCHED_POLL_MAX_PORTS + 1;
	ck_assert_int_eq(sched_op(du, SCHEDOP_poll, &p, sizeof(p)), -XEN_EINVAL);
	p.nr_ports = 2;
	p.ports = BAD_GPA;
	ck_assert_int_eq(sched_op(du, SCHEDOP_poll, &p, sizeof(p)), -XEN_EFAULT);
	ck_assert_int_eq(ct_hypercall(du, HYPERVISOR_sched_op, SCHEDOP_poll, BAD_GPA, 0),
	                 -XEN_EFAULT);
	ports[1] = EVTCHN_MAX_PORTS;
	memcpy(ct_ram(du, ct_gpa(12)), ports, sizeof(ports));
	p.ports = ct_gpa(12);
	ck_assert_int_eq(sched_op(du, SCHEDOP_poll, &p, sizeof(p)), -XEN_EINVAL);
	ck_assert_int_eq(v->state, VCPU_RUNNABLE);
	ports[1] = 2;
	memcpy(ct_ram(du, ct_gpa(12)), ports, sizeof(ports));
	p.timeout = 1; /* already past */
	ck_assert_int_eq(sched_op(du, SCHEDOP_poll, &p, sizeof(p)), 0);
	ck_assert_int_eq(v->state, VCPU_RUNNABLE);
	p.timeout = hal_time_now_ns() + 5000000;
	ck_assert_int_eq(sched_op(du, SCHEDOP_poll, &p, sizeof(p)), 0);
	ck_assert_int_eq(v->state, VCPU_BLOCKED);
	ck_assert_uint_eq(v->poll_port, 1);
	ck_assert_uint_eq(v->poll_deadline_ns, p.timeout);
	/* the timeout wakes it */
	host_time_advance_ns(6000000);
	core_check_timers(0);
	ck_assert_int_eq(v->state, VCPU_RUNNABLE);
	ck_assert_uint_eq(v->poll_deadline_ns, 0);
}
END_TEST

START_TEST(event_and_grant_calls_reach_core_b)
{
	/* core B validates its own arguments: a bad pointer is an error */
	ck_assert_int_lt(
	        ct_hypercall(du, HYPERVISOR_event_channel_op, EVTCHNOP_alloc_unbound, BAD_GPA, 0),
	        0);
	ck_assert_int_lt(ct_hypercall(du, HYPERVISOR_grant_table_op, 0, BAD_GPA, 1), 0);
	ck_assert_int_eq(ct_hypercall(du, HYPERVISOR_grant_table_op, 0, BAD_GPA, 1ULL << 32),
	                 -XEN_EINVAL);
	ck_assert_uint_eq(du->stats.denied, 0);
}
END_TEST

/* Everything a failed call must leave alone, in a comparable form. */
struct snap {
	uint64_t ram_sum, shinfo_sum;
	enum domain_state state[4];
	enum vcpu_state vstate;
	uint64_t timer, poll_deadline, resets;
	unsigned nr_physmap;
	void *vcpu_info;
};

static uint64_t sum(const uint8_t *p, size_t n)
{
	uint64_t h = 1469598103934665603ULL;

	for (size_t i = 0; i < n; i++) {
		h = (h ^ p[i]) * 1099511628211ULL;
	}
	return h;
}

static void snap(struct snap *s)
{
	memset(s, 0, sizeof(*s));
	s->ram_sum = sum(ct_ram(du, T_RAM_GPA), T_RAM_SIZE);
	s->shinfo_sum = sum(du->shared_info, 4096);
	for (uint16_t i = 0; i < 4; i++) {
		s->state[i] = domain_by_id(i)->state;
	}
	s->vstate = du->vcpu[0].state;
	s->timer = du->vcpu[0].timer_deadline_ns;
	s->poll_deadline = du->vcpu[0].poll_deadline_ns;
	s->resets = du->stats.resets;
	s->nr_physmap = du->nr_physmap;
	s->vcpu_info = du->vcpu[0].evtchn.vcpu_info;
}

/* [utest->dsn~core-hypercall-dispatch~1] [utest->dsn~core-guest-access~1] */
START_TEST(every_call_with_bad_pointers_fails_and_changes_nothing)
{
	static const struct {
		uint64_t nr, cmd;
		int ptr_arg; /* which argument is the pointer (1 or 2) */
		uint64_t other;
	} calls[] = {
	        {HYPERVISOR_memory_op, XENMEM_add_to_physmap, 1, 0},
	        {HYPERVISOR_xen_version, XENVER_extraversion, 1, 0},
	        {HYPERVISOR_xen_version, XENVER_capabilities, 1, 0},
	        {HYPERVISOR_xen_version, XENVER_changeset, 1, 0},
	        {HYPERVISOR_xen_version, XENVER_get_features, 1, 0},
	        {HYPERVISOR_xen_version, XENVER_guest_handle, 1, 0},
	        {HYPERVISOR_console_io, CONSOLEIO_write, 2, 16},
	        {HYPERVISOR_console_io, CONSOLEIO_read, 2, 16},
	        {HYPERVISOR_vcpu_op, VCPUOP_register_vcpu_info, 2, 0},
	        {HYPERVISOR_vcpu_op, VCPUOP_set_singleshot_timer, 2, 0},
	        {HYPERVISOR_sched_op, SCHEDOP_shutdown, 1, 0},
	        {HYPERVISOR_sched_op, SCHEDOP_poll, 1, 0},
	        {HYPERVISOR_event_channel_op, EVTCHNOP_alloc_unbound, 1, 0},
	        {HYPERVISOR_event_channel_op, EVTCHNOP_bind_interdomain, 1, 0},
	        {HYPERVISOR_event_channel_op, EVTCHNOP_bind_virq, 1, 0},
	        {HYPERVISOR_event_channel_op, EVTCHNOP_bind_ipi, 1, 0},
	        {HYPERVISOR_event_channel_op, EVTCHNOP_close, 1, 0},
	        {HYPERVISOR_event_channel_op, EVTCHNOP_send, 1, 0},
	        {HYPERVISOR_event_channel_op, EVTCHNOP_status, 1, 0},
	        {HYPERVISOR_event_channel_op, EVTCHNOP_unmask, 1, 0},
	        {HYPERVISOR_grant_table_op, 0, 1, 1}, /* setup_table */
	        {HYPERVISOR_grant_table_op, 1, 1, 1}, /* map_grant_ref */
	        {HYPERVISOR_grant_table_op, 2, 1, 1}, /* unmap_grant_ref */
	        {HYPERVISOR_grant_table_op, 5, 1, 1}, /* copy */
	        {HYPERVISOR_grant_table_op, 6, 1, 1}, /* query_size */
	};
	const uint64_t bad[] = {BAD_GPA, T_RAM_GPA + T_RAM_SIZE - 2, UINT64_MAX - 1, 0};
	struct snap before, after;

	console_set_focus(2);
	host_console_feed("x"); /* queued input a failed read must not consume */
	console_poll();
	snap(&before);
	for (unsigned i = 0; i < sizeof(calls) / sizeof(calls[0]); i++) {
		for (unsigned b = 0; b < sizeof(bad) / sizeof(bad[0]); b++) {
			uint64_t a1 = calls[i].ptr_arg == 1 ? bad[b] : calls[i].other;
			uint64_t a2 = calls[i].ptr_arg == 2 ? bad[b] : calls[i].other;
			long rc = ct_hypercall(du, calls[i].nr, calls[i].cmd, a1, a2);

			ck_assert_msg(rc < 0, "call %lu cmd %lu ptr 0x%lx returned %ld",
			              (unsigned long)calls[i].nr, (unsigned long)calls[i].cmd,
			              (unsigned long)bad[b], rc);
		}
	}
	snap(&after);
	ck_assert_mem_eq(&after, &before, sizeof(before));
	ck_assert_str_eq(ct_console(), "");
	char c;

	ck_assert_uint_eq(console_guest_read(du, &c, 1), 1);
	ck_assert_int_eq(c, 'x');
	/* the domain control calls, from the control domain, on a bad buffer */
	ck_assert_int_eq(ct_hypercall(ctl, HYPERVISOR_bh_domctl, BH_DOMCTL_query, 2, BAD_GPA),
	                 -XEN_EFAULT);
	ck_assert_int_eq(ct_hypercall(ctl, HYPERVISOR_bh_domctl, BH_DOMCTL_reset, 1000, 0),
	                 -XEN_ESRCH);
}
END_TEST

static Suite *hypercall_suite(void)
{
	Suite *s = suite_create("core_hypercall");
	TCase *tc = tcase_create("hypercall");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, unknown_calls_and_subcommands_are_enosys);
	tcase_add_test(tc, policy_denies_and_counts);
	tcase_add_test(tc, domu_reset_of_another_is_eperm_control_succeeds);
	tcase_add_test(tc, domctl_query_pause_unpause);
	tcase_add_test(tc, xen_version_family);
	tcase_add_test(tc, console_io_write_and_read);
	tcase_add_test(tc, add_to_physmap_shared_info);
	tcase_add_test(tc, add_to_physmap_errors_change_nothing);
	tcase_add_test(tc, add_to_physmap_grant_frames);
	tcase_add_test(tc, add_to_physmap_table_full);
	tcase_add_test(tc, vcpu_op_family);
	tcase_add_test(tc, sched_op_yield_block_shutdown);
	tcase_add_test(tc, sched_op_poll);
	tcase_add_test(tc, event_and_grant_calls_reach_core_b);
	tcase_add_test(tc, every_call_with_bad_pointers_fails_and_changes_nothing);
	suite_add_tcase(s, tc);
	return s;
}

CORE_TEST_MAIN(hypercall_suite)
