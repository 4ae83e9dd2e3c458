/*
 * Wake-up versus block: an event raised for a vCPU between its "nothing
 * pending" check and its block must not be lost.
 */
#include <check.h>
#include <stdlib.h>

#include <hal/irq.h>

#include "core_test.h"

static struct domain *d1;

static void setup(void)
{
	ct_boot();
	d1 = ct_domain(1, ROLE_DOMU, T_CAPS_DOMU);
	ct_finish();
}

/* [utest->dsn~core-no-lost-wakeup~1] */
START_TEST(wake_between_check_and_block_is_not_lost)
{
	struct vcpu *v = &d1->vcpu[0];

	ck_assert_int_eq(v->state, VCPU_RUNNABLE);
	/* the vCPU found nothing pending; another pCPU raises its upcall now */
	vcpu_raise_upcall(v);
	/* ... and only then does the vCPU block: it must stay runnable */
	vcpu_block(v);
	ck_assert_int_eq(v->state, VCPU_RUNNABLE);
	/* the remembered wake is used once: the next block sleeps */
	vcpu_block(v);
	ck_assert_int_eq(v->state, VCPU_BLOCKED);
	vcpu_wake(v);
	ck_assert_int_eq(v->state, VCPU_RUNNABLE);
}
END_TEST

START_TEST(wake_of_a_blocked_vcpu_leaves_nothing_behind)
{
	struct vcpu *v = &d1->vcpu[0];

	vcpu_block(v);
	ck_assert_int_eq(v->state, VCPU_BLOCKED);
	vcpu_wake(v);
	ck_assert_int_eq(v->state, VCPU_RUNNABLE);
	vcpu_block(v);
	ck_assert_int_eq(v->state, VCPU_BLOCKED);
}
END_TEST

/* The backend's wake by arch state (an MSI or IPI it raised itself). */
START_TEST(backend_wakes_a_blocked_vcpu_by_its_arch_state)
{
	struct vcpu *v = &d1->vcpu[0];
	struct vcpu_arch stranger;

	vcpu_block(v);
	ck_assert_int_eq(v->state, VCPU_BLOCKED);
	core_vcpu_wake(&stranger); /* no vCPU of any domain: nothing happens */
	ck_assert_int_eq(v->state, VCPU_BLOCKED);
	core_vcpu_wake(&v->arch);
	ck_assert_int_eq(v->state, VCPU_RUNNABLE);
}
END_TEST

START_TEST(reset_forgets_a_pending_wake)
{
	struct vcpu *v = &d1->vcpu[0];

	vcpu_wake(v); /* runnable: remembered */
	ck_assert(v->wake_pending);
	ck_assert_int_eq(domain_reset(d1), 0);
	ck_assert(!v->wake_pending);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("core_wake");
	TCase *tc = tcase_create("wake");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, wake_between_check_and_block_is_not_lost);
	tcase_add_test(tc, wake_of_a_blocked_vcpu_leaves_nothing_behind);
	tcase_add_test(tc, reset_forgets_a_pending_wake);
	tcase_add_test(tc, backend_wakes_a_blocked_vcpu_by_its_arch_state);
	suite_add_tcase(s, tc);

	SRunner *sr = srunner_create(s);

	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);

	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
