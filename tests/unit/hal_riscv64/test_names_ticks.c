/* Unit tests for hal/riscv64 trap-dump names and tick conversion (host). */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ticks.h"
#include "trap.h"

#define IRQ (1UL << 63)

/* [utest->dsn~riscv64-trap-dump~1] */
START_TEST(test_exception_names)
{
	ck_assert_str_eq(rv_scause_name(2), "illegal instruction");
	ck_assert_str_eq(rv_scause_name(5), "load access fault");
	ck_assert_str_eq(rv_scause_name(9), "environment call from HS-mode");
	ck_assert_str_eq(rv_scause_name(10), "environment call from VS-mode");
	ck_assert_str_eq(rv_scause_name(13), "load page fault");
	ck_assert_str_eq(rv_scause_name(15), "store/AMO page fault");
	ck_assert_str_eq(rv_scause_name(21), "load guest-page fault");
	ck_assert_str_eq(rv_scause_name(22), "virtual instruction");
	ck_assert_str_eq(rv_scause_name(23), "store/AMO guest-page fault");
	/* codes the specification leaves reserved or custom */
	ck_assert_str_eq(rv_scause_name(14), "reserved");
	ck_assert_str_eq(rv_scause_name(16), "reserved");
	ck_assert_str_eq(rv_scause_name(24), "reserved");
	ck_assert_str_eq(rv_scause_name(1UL << 40), "reserved");
}
END_TEST

START_TEST(test_interrupt_names)
{
	ck_assert_str_eq(rv_scause_name(IRQ | 5), "supervisor timer interrupt");
	ck_assert_str_eq(rv_scause_name(IRQ | 9), "supervisor external interrupt");
	ck_assert_str_eq(rv_scause_name(IRQ | 12), "supervisor guest external interrupt");
	ck_assert_str_eq(rv_scause_name(IRQ | 2), "virtual supervisor software interrupt");
	/* the interrupt bit changes the table: 2 is not "illegal instruction" here */
	ck_assert_str_eq(rv_scause_name(IRQ | 0), "reserved");
	ck_assert_str_eq(rv_scause_name(IRQ | 3), "reserved");
	ck_assert_str_eq(rv_scause_name(IRQ | 13), "reserved");
}
END_TEST

START_TEST(test_register_names)
{
	ck_assert_str_eq(rv_reg_name(0), "zero");
	ck_assert_str_eq(rv_reg_name(2), "sp");
	ck_assert_str_eq(rv_reg_name(4), "tp");
	ck_assert_str_eq(rv_reg_name(8), "s0");
	ck_assert_str_eq(rv_reg_name(10), "a0");
	ck_assert_str_eq(rv_reg_name(17), "a7");
	ck_assert_str_eq(rv_reg_name(18), "s2");
	ck_assert_str_eq(rv_reg_name(27), "s11");
	ck_assert_str_eq(rv_reg_name(31), "t6");
	ck_assert_str_eq(rv_reg_name(32), "?");
}
END_TEST

static uint64_t reference_ns(uint64_t ticks, uint64_t hz)
{
	return (uint64_t)(((unsigned __int128)ticks * 1000000000U) / hz);
}

/* [utest->dsn~riscv64-time~1] */
START_TEST(test_ticks_qemu_timebase)
{
	ck_assert_uint_eq(rv_ticks_to_ns(0, 10000000U), 0);
	ck_assert_uint_eq(rv_ticks_to_ns(1, 10000000U), 100);
	ck_assert_uint_eq(rv_ticks_to_ns(10000000U, 10000000U), 1000000000U);
	ck_assert_uint_eq(rv_ticks_to_ns(12345678901ULL, 10000000U), 1234567890100ULL);
}
END_TEST

START_TEST(test_ticks_exact_for_odd_rates)
{
	const uint64_t rates[] = {1, 32768, 24000000, 10000000, 1000000000, 4294967295ULL};
	/* past 2^64 / 1e9 ticks, a naive ticks * 1e9 / hz would overflow */
	const uint64_t ticks[] = {
	        0, 1, 7, 999999, 1ULL << 40, 123456789012345ULL, (1ULL << 35) + 12345};

	for (size_t r = 0; r < sizeof(rates) / sizeof(rates[0]); r++) {
		for (size_t t = 0; t < sizeof(ticks) / sizeof(ticks[0]); t++) {
			uint64_t want = reference_ns(ticks[t], rates[r]);

			if (ticks[t] / rates[r] > UINT64_MAX / 1000000000U) {
				continue; /* the result itself does not fit */
			}
			ck_assert_msg(rv_ticks_to_ns(ticks[t], rates[r]) == want,
			              "ticks %llu at %llu Hz", (unsigned long long)ticks[t],
			              (unsigned long long)rates[r]);
		}
	}
	/* 24 MHz: one tick is 41.67 ns, rounded down */
	ck_assert_uint_eq(rv_ticks_to_ns(1, 24000000U), 41);
}
END_TEST

/* The WFI wake time: never before the deadline on the floor-rounded
 * clock (hal_time_now_ns), and the first ns at which that clock reaches it.
 * [utest->dsn~riscv64-wfi-timed-halt~1] */
START_TEST(test_ticks_to_ns_ceil_wakes_at_the_deadline)
{
	const uint64_t rates[] = {1, 32768, 24000000, 10000000, 1000000000, 4294967295ULL};
	const uint64_t ticks[] = {0, 1, 7, 999999, 1ULL << 40, 123456789012345ULL};

	for (size_t r = 0; r < sizeof(rates) / sizeof(rates[0]); r++) {
		for (size_t t = 0; t < sizeof(ticks) / sizeof(ticks[0]); t++) {
			uint64_t hz = rates[r], d = ticks[t];
			uint64_t ns = rv_ticks_to_ns_ceil(d, hz);

			if (d / hz > UINT64_MAX / 1000000000U - 2U) {
				continue;
			}
			/* the ceiling: a clock reading >= ns means tick >= d */
			ck_assert_msg(rv_ticks_to_ns(d, hz) <= ns &&
			                      ns - rv_ticks_to_ns(d, hz) <= 1U,
			              "ticks %llu at %llu Hz", (unsigned long long)d,
			              (unsigned long long)hz);
			ck_assert_uint_eq(
			        ns,
			        (uint64_t)(((unsigned __int128)d * 1000000000U + hz - 1U) / hz));
			ck_assert(d == 0U || rv_ticks_to_ns(d - 1U, hz) < ns);
			/* the core's timer armed at ns fires at or after tick d */
			ck_assert_uint_ge(rv_ns_to_ticks(ns, hz), d);
		}
	}
	/* 10 MHz: exact; 24 MHz: 41.67 ns rounds up */
	ck_assert_uint_eq(rv_ticks_to_ns_ceil(3, 10000000U), 300);
	ck_assert_uint_eq(rv_ticks_to_ns_ceil(1, 24000000U), 42);
	/* out of reach (compare ~0 is "off"): no wake time */
	ck_assert_uint_eq(rv_ticks_to_ns_ceil(~0ULL, 10000000U), 0);
	ck_assert_uint_eq(rv_ticks_to_ns_ceil(~0ULL, 1U), 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("hal_riscv64_names_ticks");
	TCase *tc = tcase_create("names_ticks");

	tcase_add_test(tc, test_exception_names);
	tcase_add_test(tc, test_interrupt_names);
	tcase_add_test(tc, test_register_names);
	tcase_add_test(tc, test_ticks_qemu_timebase);
	tcase_add_test(tc, test_ticks_exact_for_odd_rates);
	tcase_add_test(tc, test_ticks_to_ns_ceil_wakes_at_the_deadline);
	suite_add_tcase(s, tc);

	SRunner *sr = srunner_create(s);

	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);

	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
