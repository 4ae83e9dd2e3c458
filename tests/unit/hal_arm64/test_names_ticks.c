/*
 * Unit tests for hal/arm64/trap_names.c and ticks.c (pure code, on the host).
 * [utest->dsn~arm64-trap-dump~1]
 * [utest->dsn~arm64-time~1]
 */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <arm64/ticks.h>
#include <arm64/trap_names.h>

START_TEST(test_ec_names_known)
{
	ck_assert_str_eq(arm64_ec_name(0x00), "unknown reason");
	ck_assert_str_eq(arm64_ec_name(0x16), "HVC (AArch64)");
	ck_assert_str_eq(arm64_ec_name(0x17), "SMC (AArch64)");
	ck_assert_str_eq(arm64_ec_name(0x18), "MSR/MRS/system instruction");
	ck_assert_str_eq(arm64_ec_name(0x24), "data abort from a lower EL");
	ck_assert_str_eq(arm64_ec_name(0x25), "data abort at EL2");
	ck_assert_str_eq(arm64_ec_name(0x21), "instruction abort at EL2");
	ck_assert_str_eq(arm64_ec_name(0x3c), "BRK (AArch64)");
}
END_TEST

START_TEST(test_ec_names_unknown)
{
	/* reserved encodings and values beyond the 6-bit field */
	ck_assert_str_eq(arm64_ec_name(0x02), "unknown EC");
	ck_assert_str_eq(arm64_ec_name(0x3f), "unknown EC");
	ck_assert_str_eq(arm64_ec_name(0x40), "unknown EC");
	ck_assert_str_eq(arm64_ec_name(~0U), "unknown EC");
}
END_TEST

START_TEST(test_vector_names)
{
	ck_assert_str_eq(arm64_vector_name(0), "EL2t sync");
	ck_assert_str_eq(arm64_vector_name(4), "EL2h sync");
	ck_assert_str_eq(arm64_vector_name(9), "lower A64 IRQ");
	ck_assert_str_eq(arm64_vector_name(15), "lower A32 SError");
	ck_assert_str_eq(arm64_vector_name(16), "unknown vector");
	/* every entry has a distinct name */
	for (unsigned i = 0; i < ARM64_NR_VECTORS; i++) {
		for (unsigned j = i + 1U; j < ARM64_NR_VECTORS; j++) {
			ck_assert_str_ne(arm64_vector_name(i), arm64_vector_name(j));
		}
	}
}
END_TEST

static uint64_t reference_ns(uint64_t ticks, uint64_t hz)
{
	return (uint64_t)(((unsigned __int128)ticks * 1000000000U) / hz);
}

START_TEST(test_ticks_qemu_62_5mhz)
{
	/* QEMU's virt counter: 62.5 MHz, 16 ns per tick */
	ck_assert_uint_eq(arm64_ticks_to_ns(0, 62500000U), 0);
	ck_assert_uint_eq(arm64_ticks_to_ns(1, 62500000U), 16);
	ck_assert_uint_eq(arm64_ticks_to_ns(62500000U, 62500000U), 1000000000U);
	ck_assert_uint_eq(arm64_ticks_to_ns(62500001U, 62500000U), 1000000016U);
}
END_TEST

START_TEST(test_ticks_no_overflow)
{
	const uint64_t rates[] = {1U,         24000000U,   62500000U,
	                          100000000U, 1000000000U, (1ULL << 34) - 1U};
	const uint64_t ticks[] = {
	        0, 1, 999999, 1ULL << 40, (1ULL << 52) + 12345, 123456789012345678ULL, UINT64_MAX};

	for (size_t r = 0; r < sizeof(rates) / sizeof(rates[0]); r++) {
		for (size_t t = 0; t < sizeof(ticks) / sizeof(ticks[0]); t++) {
			if (ticks[t] / rates[r] > UINT64_MAX / 1000000000U) {
				continue; /* the result itself does not fit */
			}
			ck_assert_msg(arm64_ticks_to_ns(ticks[t], rates[r]) ==
			                      reference_ns(ticks[t], rates[r]),
			              "ticks %llu at %llu Hz", (unsigned long long)ticks[t],
			              (unsigned long long)rates[r]);
		}
	}
	/* naive ticks * 10^9 would overflow here: 2^52 ticks at 62.5 MHz */
	ck_assert_uint_eq(arm64_ticks_to_ns(1ULL << 52, 62500000U), (1ULL << 52) * 16U);
}
END_TEST

/* [utest->dsn~arm64-hyp-timer~1] the deadline conversion, exact and round trip */
START_TEST(test_ns_to_ticks)
{
	ck_assert_uint_eq(arm64_ns_to_ticks(0, 62500000U), 0);
	ck_assert_uint_eq(arm64_ns_to_ticks(16, 62500000U), 1);
	ck_assert_uint_eq(arm64_ns_to_ticks(15, 62500000U), 0);
	ck_assert_uint_eq(arm64_ns_to_ticks(1000000000U, 62500000U), 62500000U);
	ck_assert_uint_eq(arm64_ns_to_ticks(1000000016U, 62500000U), 62500001U);
	/* 10^9 ns * 17 GHz would overflow a naive product; this one must not. */
	ck_assert_uint_eq(arm64_ns_to_ticks(3600ULL * 1000000000ULL, 1ULL << 33),
	                  3600ULL * (1ULL << 33));
	for (uint64_t t = 1; t < (1ULL << 50); t = t * 7U + 3U) {
		ck_assert_uint_eq(arm64_ns_to_ticks(arm64_ticks_to_ns(t, 62500000U), 62500000U), t);
	}
}
END_TEST

START_TEST(test_ticks_zero_frequency)
{
	ck_assert_uint_eq(arm64_ticks_to_ns(12345, 0), 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("hal_arm64_names_ticks");
	TCase *tc = tcase_create("names_ticks");

	tcase_add_test(tc, test_ec_names_known);
	tcase_add_test(tc, test_ec_names_unknown);
	tcase_add_test(tc, test_vector_names);
	tcase_add_test(tc, test_ticks_qemu_62_5mhz);
	tcase_add_test(tc, test_ticks_no_overflow);
	tcase_add_test(tc, test_ticks_zero_frequency);
	tcase_add_test(tc, test_ns_to_ticks);
	suite_add_tcase(s, tc);

	SRunner *sr = srunner_create(s);

	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);

	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
