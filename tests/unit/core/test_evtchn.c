/* Unit tests for core/evtchn*.c (event channels, 2-level ABI) on hal/host. */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <core/domain.h>
#include <core/domain_config.h>
#include <core/evtchn.h>
#include <core/guest_access.h>
#include <core/mem.h>
#include <hal/irq.h>
#include <hal/vcpu.h>
#include <host/guest.h>
#include <host/host.h>

#define RAM_GPA 0x80000000ULL
#define RAM_SIZE (1ULL << 20)
#define ARG_GPA (RAM_GPA + 0x1000U) /* scratch page for hypercall arguments */
#define VINFO_GPA (RAM_GPA + 0x2000U)

static struct domain *d1, *d2;

static struct domain *make_domain(uint16_t id, unsigned nr_vcpus)
{
	struct domain_config cfg = {
	        .id = id,
	        .name = id == 1 ? "one" : "two",
	        .role = ROLE_DOMU,
	        .caps = MANIFEST_CAP_EVTCHN | MANIFEST_CAP_GNTTAB,
	        .nr_vcpus = nr_vcpus,
	        .nr_mem = 1,
	        .mem = {{.gpa = RAM_GPA, .size = RAM_SIZE}},
	};
	const char *why = NULL;

	ck_assert_msg(domain_create(&cfg, &why) == 0, "domain_create: %s", why);
	return domain_by_id(id);
}

static void setup(void)
{
	struct hal_boot_info info;

	host_boot_info(&info);
	mem_boot_init(&info);
	domains_clear();
	d1 = make_domain(1, 2);
	d2 = make_domain(2, 1);
}

static void teardown(void)
{
	domains_clear();
}

/* The guest writes its hypercall argument into its own RAM. */
static void put_arg(struct domain *d, const void *arg, size_t len)
{
	ck_assert_int_eq(copy_to_guest(d, ARG_GPA, arg, len), 0);
}

static void get_arg(struct domain *d, void *arg, size_t len)
{
	ck_assert_int_eq(copy_from_guest(d, arg, ARG_GPA, len), 0);
}

static long op(struct domain *d, unsigned cmd, void *arg, size_t len)
{
	long rc;

	put_arg(d, arg, len);
	rc = do_event_channel_op(&d->vcpu[0], cmd, ARG_GPA);
	get_arg(d, arg, len);
	return rc;
}

static long port_op(struct domain *d, unsigned cmd, uint32_t port)
{
	struct xen_evtchn_port_arg a = {.port = port};

	return op(d, cmd, &a, sizeof(a));
}

static uint32_t alloc_unbound(struct domain *d, uint16_t remote)
{
	struct xen_evtchn_alloc_unbound a = {.dom = XEN_DOMID_SELF, .remote_dom = remote};

	ck_assert_int_eq(op(d, EVTCHNOP_alloc_unbound, &a, sizeof(a)), 0);
	return a.port;
}

static uint32_t bind_interdomain(struct domain *d, uint16_t remote, uint32_t rport)
{
	struct xen_evtchn_bind_interdomain a = {.remote_dom = remote, .remote_port = rport};

	ck_assert_int_eq(op(d, EVTCHNOP_bind_interdomain, &a, sizeof(a)), 0);
	return a.local_port;
}

/* Offsets of the 2-level words for the host layout (1 vcpu_info of 48 bytes). */
static uint64_t *pending_words(struct domain *d)
{
	return (uint64_t *)(void *)((uint8_t *)d->shared_info +
	                            hal_xen_legacy_max_vcpus() * hal_xen_vcpu_info_size());
}

static uint64_t *mask_words(struct domain *d)
{
	return pending_words(d) + 64;
}

static bool pending(struct domain *d, uint32_t port)
{
	return (pending_words(d)[port / 64] >> (port % 64)) & 1U;
}

static uint8_t *vinfo0(struct domain *d)
{
	return (uint8_t *)d->shared_info;
}

static uint64_t sel(const uint8_t *vi)
{
	uint64_t s;

	memcpy(&s, vi + 8, sizeof(s));
	return s;
}

static bool upcall_injected(struct vcpu *v)
{
	return host_vcpu_virq_pending(&v->arch, hal_irq_upcall_virq(), true);
}

/* Guest-side acknowledgement of everything pending (what a guest's upcall
 * handler does). */
static void guest_ack_all(struct domain *d, uint8_t *vi)
{
	vi[0] = 0;
	memset(vi + 8, 0, 8);
	memset(pending_words(d), 0, 64 * 8);
}

/* [utest->dsn~evtchn-alloc-unbound~1] [utest->dsn~evtchn-bind-interdomain~1]
 * [utest->dsn~evtchn-send~1] [utest->dsn~evtchn-2l-delivery~1] */
START_TEST(test_interdomain_send_sets_bits_and_raises_upcall)
{
	uint32_t p1 = alloc_unbound(d1, 2);
	uint32_t p2 = bind_interdomain(d2, 1, p1);

	ck_assert_uint_ne(p1, 0);
	ck_assert_uint_ne(p2, 0);
	/* Binding sets the local port pending (notifications may have been lost). */
	ck_assert(pending(d2, p2));
	ck_assert(upcall_injected(&d2->vcpu[0]));
	guest_ack_all(d2, vinfo0(d2));

	ck_assert_int_eq(port_op(d2, EVTCHNOP_send, p2), 0);
	ck_assert(pending(d1, p1));
	ck_assert_uint_eq(sel(vinfo0(d1)), 1ULL << (p1 / 64));
	ck_assert_uint_eq(vinfo0(d1)[0], 1);
	ck_assert(upcall_injected(&d1->vcpu[0]));
	ck_assert(evtchn_port_pending(d1, p1));
	ck_assert(evtchn_vcpu_upcall_pending(&d1->vcpu[0]));

	/* A second send while still pending raises nothing new. */
	ck_assert_int_eq(port_op(d2, EVTCHNOP_send, p2), 0);
	ck_assert(!upcall_injected(&d1->vcpu[0]));

	guest_ack_all(d1, vinfo0(d1));
	ck_assert_int_eq(port_op(d1, EVTCHNOP_send, p1), 0);
	ck_assert(pending(d2, p2));
	ck_assert(upcall_injected(&d2->vcpu[0]));
}
END_TEST

/* [utest->dsn~evtchn-unmask~1] */
START_TEST(test_masked_port_delivers_on_unmask)
{
	uint32_t p1 = alloc_unbound(d1, 2);
	uint32_t p2 = bind_interdomain(d2, 1, p1);

	mask_words(d1)[p1 / 64] |= 1ULL << (p1 % 64); /* the guest masks p1 */
	ck_assert_int_eq(port_op(d2, EVTCHNOP_send, p2), 0);
	ck_assert(pending(d1, p1));
	ck_assert_uint_eq(sel(vinfo0(d1)), 0);
	ck_assert_uint_eq(vinfo0(d1)[0], 0);
	ck_assert(!upcall_injected(&d1->vcpu[0]));

	ck_assert_int_eq(port_op(d1, EVTCHNOP_unmask, p1), 0);
	ck_assert_uint_eq(mask_words(d1)[p1 / 64] & (1ULL << (p1 % 64)), 0);
	ck_assert_uint_eq(sel(vinfo0(d1)), 1ULL << (p1 / 64));
	ck_assert(upcall_injected(&d1->vcpu[0]));

	/* Unmasking a port that is not pending raises nothing. */
	guest_ack_all(d1, vinfo0(d1));
	mask_words(d1)[p1 / 64] |= 1ULL << (p1 % 64);
	ck_assert_int_eq(port_op(d1, EVTCHNOP_unmask, p1), 0);
	ck_assert(!upcall_injected(&d1->vcpu[0]));
	ck_assert_uint_eq(vinfo0(d1)[0], 0);
}
END_TEST

static struct xen_evtchn_status status(struct domain *d, uint32_t port)
{
	struct xen_evtchn_status s = {.dom = XEN_DOMID_SELF, .port = port};

	ck_assert_int_eq(op(d, EVTCHNOP_status, &s, sizeof(s)), 0);
	return s;
}

/* [utest->dsn~evtchn-close~1] [utest->dsn~evtchn-status~1] */
START_TEST(test_close_returns_peer_to_unbound)
{
	uint32_t p1 = alloc_unbound(d1, 2);
	struct xen_evtchn_status s = status(d1, p1);

	ck_assert_uint_eq(s.status, EVTCHNSTAT_unbound);
	ck_assert_uint_eq(s.u.unbound.dom, 2);

	uint32_t p2 = bind_interdomain(d2, 1, p1);

	s = status(d1, p1);
	ck_assert_uint_eq(s.status, EVTCHNSTAT_interdomain);
	ck_assert_uint_eq(s.u.interdomain.dom, 2);
	ck_assert_uint_eq(s.u.interdomain.port, p2);

	ck_assert_int_eq(port_op(d2, EVTCHNOP_close, p2), 0);
	ck_assert(!pending(d2, p2)); /* the stale pending bit went with the port */
	ck_assert_uint_eq(status(d2, p2).status, EVTCHNSTAT_closed);
	s = status(d1, p1);
	ck_assert_uint_eq(s.status, EVTCHNSTAT_unbound);
	ck_assert_uint_eq(s.u.unbound.dom, 2);
	/* d2 can bind again to the same port of d1. */
	ck_assert_uint_ne(bind_interdomain(d2, 1, p1), 0);
	/* Sending on a closed port fails, closing it twice fails. */
	ck_assert_int_eq(port_op(d1, EVTCHNOP_close, p1), 0);
	ck_assert_int_eq(port_op(d1, EVTCHNOP_close, p1), -XEN_EINVAL);
	ck_assert_int_eq(port_op(d1, EVTCHNOP_send, p1), -XEN_EINVAL);
}
END_TEST

START_TEST(test_send_on_unbound_is_dropped_and_loopback_works)
{
	uint32_t p = alloc_unbound(d1, XEN_DOMID_SELF);

	ck_assert_int_eq(port_op(d1, EVTCHNOP_send, p), 0);
	ck_assert(!pending(d1, p));

	uint32_t q = bind_interdomain(d1, XEN_DOMID_SELF, p);

	ck_assert_uint_ne(q, p);
	guest_ack_all(d1, vinfo0(d1));
	ck_assert_int_eq(port_op(d1, EVTCHNOP_send, q), 0);
	ck_assert(pending(d1, p));
	ck_assert(!pending(d1, q));
	ck_assert_int_eq(port_op(d1, EVTCHNOP_close, p), 0);
	ck_assert_uint_eq(status(d1, q).status, EVTCHNSTAT_unbound);
}
END_TEST

/* [utest->dsn~evtchn-ipi~1] [utest->dsn~evtchn-2l-delivery~1] */
START_TEST(test_ipi_to_second_vcpu_needs_registered_vcpu_info)
{
	struct xen_evtchn_bind_ipi b = {.vcpu = 1};
	uint8_t *vi;

	ck_assert_int_eq(op(d1, EVTCHNOP_bind_ipi, &b, sizeof(b)), 0);
	ck_assert_uint_eq(status(d1, b.port).status, EVTCHNSTAT_ipi);
	ck_assert_uint_eq(status(d1, b.port).vcpu, 1);
	/* vCPU 1 has no legacy slot on this layout: the bit is set, no upcall. */
	ck_assert_int_eq(port_op(d1, EVTCHNOP_send, b.port), 0);
	ck_assert(pending(d1, b.port));
	ck_assert(!upcall_injected(&d1->vcpu[1]));
	ck_assert(!evtchn_vcpu_upcall_pending(&d1->vcpu[1]));

	/* After VCPUOP_register_vcpu_info the next event reaches vCPU 1. */
	vi = guest_ptr(d1, VINFO_GPA, 64, true);
	ck_assert_ptr_nonnull(vi);
	evtchn_vcpu_set_info(&d1->vcpu[1], vi);
	pending_words(d1)[b.port / 64] = 0;
	ck_assert_int_eq(port_op(d1, EVTCHNOP_send, b.port), 0);
	ck_assert_uint_eq(vi[0], 1);
	ck_assert_uint_eq(sel(vi), 1ULL << (b.port / 64));
	ck_assert(upcall_injected(&d1->vcpu[1]));
	ck_assert(!upcall_injected(&d1->vcpu[0]));
	ck_assert_uint_eq(vinfo0(d1)[0], 0);

	evtchn_vcpu_init(&d1->vcpu[1]);
	ck_assert_ptr_null(d1->vcpu[1].evtchn.vcpu_info);
}
END_TEST

/* [utest->dsn~evtchn-virq~1] */
START_TEST(test_virq_bind_and_raise)
{
	struct xen_evtchn_bind_virq b = {.virq = XEN_VIRQ_TIMER, .vcpu = 0};
	struct xen_evtchn_status s;

	ck_assert_int_eq(evtchn_send_virq(&d1->vcpu[0], XEN_VIRQ_TIMER), -XEN_ENOENT);
	ck_assert_int_eq(op(d1, EVTCHNOP_bind_virq, &b, sizeof(b)), 0);
	s = status(d1, b.port);
	ck_assert_uint_eq(s.status, EVTCHNSTAT_virq);
	ck_assert_uint_eq(s.u.virq, XEN_VIRQ_TIMER);

	ck_assert_int_eq(evtchn_send_virq(&d1->vcpu[0], XEN_VIRQ_TIMER), 0);
	ck_assert(pending(d1, b.port));
	ck_assert(upcall_injected(&d1->vcpu[0]));
	/* Same virq on the same vCPU twice: -EEXIST; on vCPU 1: fine. */
	struct xen_evtchn_bind_virq again = {.virq = XEN_VIRQ_TIMER, .vcpu = 0};

	ck_assert_int_eq(op(d1, EVTCHNOP_bind_virq, &again, sizeof(again)), -XEN_EEXIST);
	again.vcpu = 1;
	ck_assert_int_eq(op(d1, EVTCHNOP_bind_virq, &again, sizeof(again)), 0);
	ck_assert_int_eq(evtchn_send_virq(&d1->vcpu[1], XEN_VIRQ_TIMER), 0);
	ck_assert(pending(d1, again.port));
	/* A guest cannot send on a virq port; other virqs are unbound. */
	ck_assert_int_eq(port_op(d1, EVTCHNOP_send, b.port), -XEN_EINVAL);
	ck_assert_int_eq(evtchn_send_virq(&d1->vcpu[0], XEN_VIRQ_CONSOLE), -XEN_ENOENT);
	ck_assert_int_eq(evtchn_send_virq(&d1->vcpu[0], XEN_NR_VIRQS), -XEN_EINVAL);
	ck_assert_int_eq(port_op(d1, EVTCHNOP_close, b.port), 0);
	ck_assert_int_eq(evtchn_send_virq(&d1->vcpu[0], XEN_VIRQ_TIMER), -XEN_ENOENT);
}
END_TEST

START_TEST(test_table_full_gives_enospc)
{
	struct xen_evtchn_bind_ipi b = {.vcpu = 0};
	uint32_t n = 0;

	while (op(d1, EVTCHNOP_bind_ipi, &b, sizeof(b)) == 0) {
		n++;
		ck_assert_uint_lt(n, EVTCHN_MAX_PORTS);
	}
	ck_assert_uint_eq(n, EVTCHN_MAX_PORTS - 1U); /* every port but 0 */
	ck_assert_int_eq(op(d1, EVTCHNOP_bind_ipi, &b, sizeof(b)), -XEN_ENOSPC);
	struct xen_evtchn_alloc_unbound a = {.dom = XEN_DOMID_SELF, .remote_dom = 2};

	ck_assert_int_eq(op(d1, EVTCHNOP_alloc_unbound, &a, sizeof(a)), -XEN_ENOSPC);
	struct xen_evtchn_bind_virq v = {.virq = 5, .vcpu = 0};

	ck_assert_int_eq(op(d1, EVTCHNOP_bind_virq, &v, sizeof(v)), -XEN_ENOSPC);
	uint32_t p2 = alloc_unbound(d2, 1);
	struct xen_evtchn_bind_interdomain bi = {.remote_dom = 2, .remote_port = p2};

	ck_assert_int_eq(op(d1, EVTCHNOP_bind_interdomain, &bi, sizeof(bi)), -XEN_ENOSPC);
	ck_assert_uint_eq(status(d2, p2).status, EVTCHNSTAT_unbound);
}
END_TEST

/* Everything a bad call could touch, for before/after comparison. */
struct snapshot {
	struct evtchn_domain ev[2];
	uint8_t shinfo[2][4096];
	uint8_t arg[64];
};

static void snap(struct snapshot *s)
{
	memset(s, 0, sizeof(*s));
	s->ev[0] = d1->evtchn;
	s->ev[1] = d2->evtchn;
	memcpy(s->shinfo[0], d1->shared_info, 4096);
	memcpy(s->shinfo[1], d2->shared_info, 4096);
	get_arg(d1, s->arg, sizeof(s->arg));
}

struct bad_call {
	unsigned cmd;
	uint8_t arg[24];
	size_t len;
	long expect;
};

#define BAD(c, type, e, ...)                                                                       \
	{                                                                                          \
		struct bad_call b_ = {.cmd = (c), .len = sizeof(type), .expect = (e)};             \
		type a_ = __VA_ARGS__;                                                             \
		memcpy(b_.arg, &a_, sizeof(a_));                                                   \
		calls[n++] = b_;                                                                   \
	}

/* [utest->dsn~evtchn-hypercall~1] [utest->dsn~evtchn-port-table~1] */
START_TEST(test_bad_arguments_fail_and_change_nothing)
{
	struct bad_call calls[64];
	unsigned n = 0;
	uint32_t p1 = alloc_unbound(d1, 2);
	uint32_t p2 = bind_interdomain(d2, 1, p1);
	uint32_t other = alloc_unbound(d2, 2); /* unbound, but for d2 itself */
	const uint32_t ports[] = {0, EVTCHN_MAX_PORTS, EVTCHN_MAX_PORTS + 1U, 0xffffffffU};

	(void)p2;
	for (unsigned i = 0; i < 4; i++) {
		BAD(EVTCHNOP_send, struct xen_evtchn_port_arg, -XEN_EINVAL, {.port = ports[i]});
		BAD(EVTCHNOP_close, struct xen_evtchn_port_arg, -XEN_EINVAL, {.port = ports[i]});
		BAD(EVTCHNOP_bind_interdomain, struct xen_evtchn_bind_interdomain, -XEN_EINVAL,
		    {.remote_dom = 2, .remote_port = ports[i]});
		if (i > 0) {
			BAD(EVTCHNOP_unmask, struct xen_evtchn_port_arg, -XEN_EINVAL,
			    {.port = ports[i]});
			BAD(EVTCHNOP_status, struct xen_evtchn_status, -XEN_EINVAL,
			    {.dom = XEN_DOMID_SELF, .port = ports[i]});
		}
	}
	const uint16_t domids[] = {3, 7, 0x7ff1, 0x7ff4, 0xffff};

	for (unsigned i = 0; i < 5; i++) {
		BAD(EVTCHNOP_alloc_unbound, struct xen_evtchn_alloc_unbound, -XEN_ESRCH,
		    {.dom = XEN_DOMID_SELF, .remote_dom = domids[i]});
		BAD(EVTCHNOP_alloc_unbound, struct xen_evtchn_alloc_unbound, -XEN_ESRCH,
		    {.dom = domids[i], .remote_dom = 2});
		BAD(EVTCHNOP_bind_interdomain, struct xen_evtchn_bind_interdomain, -XEN_ESRCH,
		    {.remote_dom = domids[i], .remote_port = p1});
		BAD(EVTCHNOP_status, struct xen_evtchn_status, -XEN_ESRCH,
		    {.dom = domids[i], .port = 1});
	}
	BAD(EVTCHNOP_alloc_unbound, struct xen_evtchn_alloc_unbound, -XEN_EPERM,
	    {.dom = 2, .remote_dom = 1});
	BAD(EVTCHNOP_status, struct xen_evtchn_status, -XEN_EPERM, {.dom = 2, .port = p2});
	/* Not an unbound port offered to d1: interdomain, d2's own, free. */
	BAD(EVTCHNOP_bind_interdomain, struct xen_evtchn_bind_interdomain, -XEN_EINVAL,
	    {.remote_dom = 2, .remote_port = p2});
	BAD(EVTCHNOP_bind_interdomain, struct xen_evtchn_bind_interdomain, -XEN_EINVAL,
	    {.remote_dom = 2, .remote_port = other});
	BAD(EVTCHNOP_bind_interdomain, struct xen_evtchn_bind_interdomain, -XEN_EINVAL,
	    {.remote_dom = 2, .remote_port = EVTCHN_MAX_PORTS - 1U});
	BAD(EVTCHNOP_bind_virq, struct xen_evtchn_bind_virq, -XEN_EINVAL,
	    {.virq = XEN_NR_VIRQS, .vcpu = 0});
	BAD(EVTCHNOP_bind_virq, struct xen_evtchn_bind_virq, -XEN_EINVAL,
	    {.virq = 0xffffffffU, .vcpu = 0});
	BAD(EVTCHNOP_bind_virq, struct xen_evtchn_bind_virq, -XEN_ENOENT, {.virq = 0, .vcpu = 2});
	BAD(EVTCHNOP_bind_virq, struct xen_evtchn_bind_virq, -XEN_ENOENT,
	    {.virq = 0, .vcpu = 0xffffffffU});
	BAD(EVTCHNOP_bind_ipi, struct xen_evtchn_bind_ipi, -XEN_ENOENT, {.vcpu = 2});
	BAD(EVTCHNOP_bind_ipi, struct xen_evtchn_bind_ipi, -XEN_ENOENT, {.vcpu = 0x80000000U});
	const unsigned unknown[] = {EVTCHNOP_bind_pirq,
	                            EVTCHNOP_bind_vcpu,
	                            EVTCHNOP_reset,
	                            EVTCHNOP_init_control,
	                            EVTCHNOP_expand_array,
	                            EVTCHNOP_set_priority,
	                            14,
	                            1000,
	                            0xffffffffU};

	for (unsigned i = 0; i < sizeof(unknown) / sizeof(unknown[0]); i++) {
		BAD(unknown[i], struct xen_evtchn_port_arg, -XEN_ENOSYS, {.port = p1});
	}

	for (unsigned i = 0; i < n; i++) {
		struct snapshot before, after;
		long rc;

		put_arg(d1, calls[i].arg, calls[i].len);
		snap(&before);
		rc = do_event_channel_op(&d1->vcpu[0], calls[i].cmd, ARG_GPA);
		snap(&after);
		ck_assert_msg(rc == calls[i].expect, "call %u (cmd %u): got %ld, want %ld", i,
		              calls[i].cmd, rc, calls[i].expect);
		ck_assert_msg(memcmp(&before, &after, sizeof(before)) == 0,
		              "call %u (cmd %u) changed state", i, calls[i].cmd);
	}
}
END_TEST

/* [utest->dsn~evtchn-hypercall~1] */
START_TEST(test_bad_pointers_fault_and_change_nothing)
{
	const uint64_t bad[] = {
	        0,                      /* below RAM */
	        RAM_GPA - 2,            /* straddles the start of RAM */
	        RAM_GPA + RAM_SIZE - 2, /* straddles the end of RAM */
	        RAM_GPA + RAM_SIZE,     /* just past RAM */
	        0xfffffffffffffff8ULL,  /* wraps around */
	        0x8000000000000000ULL,  /* far away */
	};
	const unsigned cmds[] = {EVTCHNOP_alloc_unbound, EVTCHNOP_bind_interdomain,
	                         EVTCHNOP_bind_virq,     EVTCHNOP_bind_ipi,
	                         EVTCHNOP_close,         EVTCHNOP_send,
	                         EVTCHNOP_status,        EVTCHNOP_unmask};
	uint32_t p1 = alloc_unbound(d1, 2);

	(void)bind_interdomain(d2, 1, p1);
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		for (unsigned c = 0; c < sizeof(cmds) / sizeof(cmds[0]); c++) {
			struct snapshot before, after;

			snap(&before);
			long rc = do_event_channel_op(&d1->vcpu[0], cmds[c], bad[i]);

			ck_assert_msg(rc == -XEN_EFAULT, "gpa %#llx cmd %u: %ld",
			              (unsigned long long)bad[i], cmds[c], rc);
			snap(&after);
			ck_assert(memcmp(&before, &after, sizeof(before)) == 0);
		}
	}
}
END_TEST

START_TEST(test_no_shared_info_means_no_delivery)
{
	struct evtchn_shinfo_layout l = {.legacy_max_vcpus = 1, .vcpu_info_size = 48};
	uint32_t p1 = alloc_unbound(d1, 2);
	uint32_t p2 = bind_interdomain(d2, 1, p1);
	uint8_t zero[4096] = {0};

	/* Re-init d1 without a shared_info page: events vanish, nothing breaks. */
	evtchn_domain_init(d1, NULL, &l);
	memset(d1->shared_info, 0, 4096);
	ck_assert_uint_eq(status(d1, p1).status, EVTCHNSTAT_closed);
	ck_assert_int_eq(bind_interdomain(d1, 2, alloc_unbound(d2, 1)) != 0, 1);
	ck_assert_int_eq(port_op(d1, EVTCHNOP_unmask, 1), 0);
	ck_assert(!evtchn_port_pending(d1, 1));
	ck_assert(!evtchn_vcpu_upcall_pending(&d1->vcpu[0]));
	ck_assert_int_eq(memcmp(d1->shared_info, zero, sizeof(zero)), 0);
	(void)p2;
}
END_TEST

/* [utest->dsn~evtchn-static~1] [utest->dsn~evtchn-reset~1] */
START_TEST(test_static_channel_survives_reset_and_cannot_be_closed)
{
	ck_assert_int_eq(evtchn_bind_static(d1, 10, d2, 20), 0);
	ck_assert_uint_eq(status(d1, 10).status, EVTCHNSTAT_interdomain);
	ck_assert_uint_eq(status(d1, 10).u.interdomain.port, 20);
	ck_assert_int_eq(port_op(d1, EVTCHNOP_close, 10), -XEN_EINVAL);
	ck_assert_int_eq(port_op(d1, EVTCHNOP_send, 10), 0);
	ck_assert(pending(d2, 20));

	/* A dynamic channel d2 <-> d1 and an IPI of d1. */
	uint32_t p2 = alloc_unbound(d2, 1);
	uint32_t p1 = bind_interdomain(d1, 2, p2);
	struct xen_evtchn_bind_ipi b = {.vcpu = 0};

	ck_assert_int_eq(op(d1, EVTCHNOP_bind_ipi, &b, sizeof(b)), 0);

	evtchn_domain_reset(d1);
	ck_assert_uint_eq(status(d1, 10).status, EVTCHNSTAT_interdomain);
	ck_assert_uint_eq(status(d1, p1).status, EVTCHNSTAT_closed);
	ck_assert_uint_eq(status(d1, b.port).status, EVTCHNSTAT_closed);
	ck_assert_uint_eq(status(d2, p2).status, EVTCHNSTAT_unbound);
	ck_assert_int_eq(port_op(d2, EVTCHNOP_send, 20), 0);
	ck_assert(pending(d1, 10));

	/* Static binding errors. */
	ck_assert_int_eq(evtchn_bind_static(d1, 10, d2, 21), -XEN_EBUSY);
	ck_assert_int_eq(evtchn_bind_static(d1, 11, d2, 20), -XEN_EBUSY);
	ck_assert_int_eq(evtchn_bind_static(d1, 0, d2, 21), -XEN_EINVAL);
	ck_assert_int_eq(evtchn_bind_static(d1, 11, d2, EVTCHN_MAX_PORTS), -XEN_EINVAL);
	ck_assert_int_eq(evtchn_bind_static(d1, 11, d1, 11), -XEN_EINVAL);
	ck_assert_int_eq(evtchn_bind_static(d1, 11, d1, 12), 0);
	ck_assert_int_eq(port_op(d1, EVTCHNOP_send, 11), 0);
	ck_assert(pending(d1, 12));
}
END_TEST

/* A manifest image holding only what evtchn_connect_static() reads. */
struct mini_manifest {
	struct manifest_header h;
	struct manifest_evtchn e[3];
};

/* [utest->dsn~evtchn-static~1] */
START_TEST(test_static_channels_from_manifest)
{
	static struct mini_manifest m;
	char out[512];

	memset(&m, 0, sizeof(m));
	m.h.tables[MT_EVTCHNS].offset = offsetof(struct mini_manifest, e);
	m.h.tables[MT_EVTCHNS].entry_size = sizeof(struct manifest_evtchn);
	m.h.tables[MT_EVTCHNS].count = 2;
	m.e[0] = (struct manifest_evtchn){.dom_a = 1, .port_a = 5, .dom_b = 2, .port_b = 6};
	m.e[1] = (struct manifest_evtchn){.dom_a = 2, .port_a = 7, .dom_b = 1, .port_b = 8};
	ck_assert_int_eq(evtchn_connect_static(NULL), 0);
	ck_assert_int_eq(evtchn_connect_static(&m), 2);
	ck_assert_uint_eq(status(d1, 5).u.interdomain.port, 6);
	ck_assert_uint_eq(status(d2, 7).u.interdomain.port, 8);

	host_console_take(out, sizeof(out));
	m.h.tables[MT_EVTCHNS].count = 3;
	m.e[2] = (struct manifest_evtchn){.dom_a = 1, .port_a = 9, .dom_b = 4, .port_b = 6};
	ck_assert_int_eq(evtchn_connect_static(&m), -XEN_EBUSY); /* row 0 again */
	host_console_take(out, sizeof(out));
	ck_assert_ptr_nonnull(strstr(out, "static channel 0 (d1 port 5 <-> d2 port 6)"));
	m.e[0].port_a = 30;
	m.e[0].port_b = 31;
	m.e[1].port_a = 32;
	m.e[1].port_b = 33;
	ck_assert_int_eq(evtchn_connect_static(&m), -XEN_ESRCH);
	host_console_take(out, sizeof(out));
	ck_assert_ptr_nonnull(strstr(out, "static channel 2 (d1 port 9 <-> d4 port 6): no such"));
	m.e[2] = (struct manifest_evtchn){.dom_a = 1, .port_a = 40, .dom_b = 2, .port_b = 5000};
	ck_assert_int_eq(evtchn_connect_static(&m), -XEN_EBUSY);
	m.h.tables[MT_EVTCHNS].count = 1;
	m.e[0] = m.e[2];
	ck_assert_int_eq(evtchn_connect_static(&m), -XEN_EINVAL);
	host_console_take(out, sizeof(out));
	ck_assert_ptr_nonnull(strstr(out, "port out of range"));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("core_evtchn");
	TCase *tc = tcase_create("evtchn");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_interdomain_send_sets_bits_and_raises_upcall);
	tcase_add_test(tc, test_masked_port_delivers_on_unmask);
	tcase_add_test(tc, test_close_returns_peer_to_unbound);
	tcase_add_test(tc, test_send_on_unbound_is_dropped_and_loopback_works);
	tcase_add_test(tc, test_ipi_to_second_vcpu_needs_registered_vcpu_info);
	tcase_add_test(tc, test_virq_bind_and_raise);
	tcase_add_test(tc, test_table_full_gives_enospc);
	tcase_add_test(tc, test_bad_arguments_fail_and_change_nothing);
	tcase_add_test(tc, test_bad_pointers_fault_and_change_nothing);
	tcase_add_test(tc, test_no_shared_info_means_no_delivery);
	tcase_add_test(tc, test_static_channel_survives_reset_and_cannot_be_closed);
	tcase_add_test(tc, test_static_channels_from_manifest);
	suite_add_tcase(s, tc);

	SRunner *sr = srunner_create(s);

	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);

	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
