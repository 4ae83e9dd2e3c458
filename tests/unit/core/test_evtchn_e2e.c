/*
 * End-to-end event channel test on hal/host: two domains, each a callback
 * guest run by the real run loop, set up an interdomain channel with
 * hypercalls through the dispatcher and ping-pong 10 000 events each way,
 * reading and acknowledging the 2-level bits in their own shared_info page
 * through their stage-2, and blocking (WFI) between events.
 */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core_test.h"

#include <core/evtchn.h>
#include <core/guest_access.h>
#include <core/hypercall_abi.h>
#include <hal/vcpu.h>

#define N_EVENTS 10000U
#define SHINFO_GFN 0x90000ULL
#define SHINFO_GPA (SHINFO_GFN << 12)
#define ARG_PAGE 4U

struct pp_guest {
	struct domain *d; /* only d->as: the guest's own view of its memory */
	bool pinger;
	int stage;
	uint32_t port;
	unsigned sent, received, owed, spurious, halts, errors;
};

static uint32_t offered_port; /* out of band, as a guest would use xenstore */

static void gmem(struct pp_guest *g, uint64_t gpa, void *buf, size_t n, bool write)
{
	if (host_guest_access(&g->d->as, gpa, buf, n, write) != EXIT_NONE) {
		g->errors++;
	}
}

static struct host_step evtchn_call(unsigned cmd)
{
	return host_hypercall(HYPERVISOR_event_channel_op, cmd, ct_gpa(ARG_PAGE), 0, 0);
}

/* The guest's upcall handler: acknowledge and count pending ports. */
static void handle_events(struct pp_guest *g)
{
	uint64_t pend_off = hal_xen_legacy_max_vcpus() * hal_xen_vcpu_info_size();
	uint8_t zero = 0;
	uint64_t sel = 0, zero64 = 0;

	gmem(g, SHINFO_GPA, &zero, 1, true); /* upcall_pending = 0 */
	gmem(g, SHINFO_GPA + 8, &sel, 8, false);
	gmem(g, SHINFO_GPA + 8, &zero64, 8, true);
	for (unsigned w = 0; w < 64; w++) {
		uint64_t pending, mask;

		if (((sel >> w) & 1U) == 0U) {
			continue;
		}
		gmem(g, SHINFO_GPA + pend_off + w * 8U, &pending, 8, false);
		gmem(g, SHINFO_GPA + pend_off + 512U + w * 8U, &mask, 8, false);
		pending &= ~mask;
		for (unsigned b = 0; b < 64; b++) {
			uint64_t word;

			if (((pending >> b) & 1U) == 0U) {
				continue;
			}
			gmem(g, SHINFO_GPA + pend_off + w * 8U, &word, 8, false);
			word &= ~(1ULL << b);
			gmem(g, SHINFO_GPA + pend_off + w * 8U, &word, 8, true);
			if (w * 64U + b == g->port) {
				g->received++;
				g->owed += g->pinger ? (g->sent < N_EVENTS ? 1U : 0U) : 1U;
			} else {
				g->spurious++;
			}
		}
	}
}

static bool done(const struct pp_guest *g)
{
	return g->received == N_EVENTS && g->owed == 0U;
}

/* The event loop: send what is owed, else handle events, else wait. */
static bool event_loop(struct pp_guest *g, struct vcpu_arch *v, struct host_step *next)
{
	uint8_t upcall = 0;

	if (v->regs[0] != 0U) {
		g->errors++; /* the previous send failed */
	}
	v->regs[0] = 0;
	if (g->owed > 0U) {
		struct xen_evtchn_port_arg a = {.port = g->port};

		gmem(g, ct_gpa(ARG_PAGE), &a, sizeof(a), true);
		g->owed--;
		g->sent++;
		*next = evtchn_call(EVTCHNOP_send);
		return true;
	}
	gmem(g, SHINFO_GPA, &upcall, 1, false);
	if (upcall != 0U) {
		handle_events(g);
		return event_loop(g, v, next);
	}
	if (done(g)) {
		return false;
	}
	g->halts++;
	*next = host_exit(EXIT_HALT);
	return true;
}

static bool setup_steps(struct pp_guest *g, struct vcpu_arch *v, struct host_step *next)
{
	switch (g->stage++) {
	case 0: {
		struct xen_add_to_physmap x = {.domid = XEN_DOMID_SELF,
		                               .space = XENMAPSPACE_shared_info,
		                               .gpfn = SHINFO_GFN};

		gmem(g, ct_gpa(ARG_PAGE), &x, sizeof(x), true);
		*next = host_hypercall(HYPERVISOR_memory_op, XENMEM_add_to_physmap,
		                       ct_gpa(ARG_PAGE), 0, 0);
		return true;
	}
	case 1:
		g->errors += v->regs[0] != 0U;
		if (!g->pinger) {
			struct xen_evtchn_alloc_unbound a = {.dom = XEN_DOMID_SELF,
			                                     .remote_dom = 2};

			gmem(g, ct_gpa(ARG_PAGE), &a, sizeof(a), true);
			*next = evtchn_call(EVTCHNOP_alloc_unbound);
			return true;
		}
		if (offered_port == 0U) {
			g->stage = 1;
			*next = host_hypercall(HYPERVISOR_sched_op, SCHEDOP_yield, 0, 0, 0);
			return true;
		}
		struct xen_evtchn_bind_interdomain b = {.remote_dom = 1,
		                                        .remote_port = offered_port};

		gmem(g, ct_gpa(ARG_PAGE), &b, sizeof(b), true);
		*next = evtchn_call(EVTCHNOP_bind_interdomain);
		return true;
	default: {
		uint32_t out[3];

		g->errors += v->regs[0] != 0U;
		v->regs[0] = 0;
		gmem(g, ct_gpa(ARG_PAGE), out, sizeof(out), false);
		g->port = g->pinger ? out[2] : out[1];
		if (!g->pinger) {
			offered_port = g->port;
		} else {
			handle_events(g); /* binding notifies the new port once */
			g->spurious = 0;
			g->received = 0;
			g->owed = 1; /* the first ping */
		}
		g->stage = 10;
		return event_loop(g, v, next);
	}
	}
}

static bool pp_guest_fn(void *ctx, struct vcpu_arch *v, struct host_step *next)
{
	struct pp_guest *g = ctx;

	return g->stage >= 10 ? event_loop(g, v, next) : setup_steps(g, v, next);
}

/* [utest->dsn~evtchn-hypercall~1] [utest->dsn~evtchn-2l-delivery~1]
 * [utest->dsn~evtchn-send~1] [utest->dsn~evtchn-bind-interdomain~1] */
START_TEST(test_two_domains_ping_pong_10000_events)
{
	struct pp_guest ponger = {.pinger = false}, pinger = {.pinger = true};
	unsigned idle = 0, passes = 0;

	ct_boot();
	ponger.d = ct_domain(1, ROLE_DOMU, T_CAPS_DOMU);
	pinger.d = ct_domain(2, ROLE_DOMU, T_CAPS_DOMU);
	offered_port = 0;
	host_vcpu_set_guest(&ponger.d->vcpu[0].arch, pp_guest_fn, &ponger);
	host_vcpu_set_guest(&pinger.d->vcpu[0].arch, pp_guest_fn, &pinger);
	ct_finish();

	while (!(done(&ponger) && done(&pinger)) && idle < 1000U && passes < 2000000U) {
		idle = ct_run(1) != 0U ? 0U : idle + 1U;
		passes++;
	}
	ck_assert_uint_eq(ponger.errors, 0);
	ck_assert_uint_eq(pinger.errors, 0);
	ck_assert_uint_ne(ponger.port, 0);
	ck_assert_uint_ne(pinger.port, 0);
	ck_assert_uint_eq(pinger.sent, N_EVENTS);
	ck_assert_uint_eq(ponger.received, N_EVENTS);
	ck_assert_uint_eq(ponger.sent, N_EVENTS);
	ck_assert_uint_eq(pinger.received, N_EVENTS);
	ck_assert_uint_eq(ponger.spurious + pinger.spurious, 0);
	/* The ponger waited in WFI for the first ping and the upcall woke it
	 * (later events were already pending whenever a side ran). */
	ck_assert_uint_ge(ponger.halts, 1);
	ck_assert_uint_ge(ponger.d->stats.hypercalls, N_EVENTS + 2U);
	ck_assert_uint_eq(ponger.d->stats.denied + pinger.d->stats.denied, 0);
}
END_TEST

/* Without MANIFEST_CAP_EVTCHN the dispatcher refuses event_channel_op. */
START_TEST(test_event_channel_op_needs_the_capability)
{
	struct domain *d;
	struct xen_evtchn_alloc_unbound a = {.dom = XEN_DOMID_SELF, .remote_dom = XEN_DOMID_SELF};

	ct_boot();
	d = ct_domain(1, ROLE_DOMU, MANIFEST_CAP_CONSOLE_IO);
	ck_assert_int_eq(copy_to_guest(d, ct_gpa(ARG_PAGE), &a, sizeof(a)), 0);
	ck_assert_int_eq(ct_hypercall(d, HYPERVISOR_event_channel_op, EVTCHNOP_alloc_unbound,
	                              ct_gpa(ARG_PAGE), 0),
	                 -XEN_EPERM);
	ck_assert_uint_eq(d->evtchn.ports[1].state, EVTCHN_FREE);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("core_evtchn_e2e");
	TCase *tc = tcase_create("e2e");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_two_domains_ping_pong_10000_events);
	tcase_add_test(tc, test_event_channel_op_needs_the_capability);
	suite_add_tcase(s, tc);

	SRunner *sr = srunner_create(s);

	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);

	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
