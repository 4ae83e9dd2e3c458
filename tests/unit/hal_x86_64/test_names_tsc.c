/* Unit tests for hal/x86_64 trap names, SVM feature names and TSC maths (host). */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arch.h"
#include "tsc.h"

/* [utest->dsn~x86-trap-dump~1] */
START_TEST(test_vector_names)
{
	ck_assert_str_eq(x86_vector_name(0), "#DE divide error");
	ck_assert_str_eq(x86_vector_name(6), "#UD invalid opcode");
	ck_assert_str_eq(x86_vector_name(8), "#DF double fault");
	ck_assert_str_eq(x86_vector_name(13), "#GP general protection");
	ck_assert_str_eq(x86_vector_name(14), "#PF page fault");
	ck_assert_str_eq(x86_vector_name(29), "#VC VMM communication");
	ck_assert_str_eq(x86_vector_name(15), "reserved");
	ck_assert_str_eq(x86_vector_name(22), "reserved");
	ck_assert_str_eq(x86_vector_name(31), "reserved");
	ck_assert_str_eq(x86_vector_name(32), "external interrupt");
	ck_assert_str_eq(x86_vector_name(255), "external interrupt");
	ck_assert_str_eq(x86_vector_name(256), "invalid vector");
}
END_TEST

/* [utest->dsn~x86-svm-check~1] */
START_TEST(test_svm_features)
{
	char buf[128];

	/* What QEMU TCG reports with -cpu qemu64,+svm,+npt. */
	ck_assert_uint_eq(x86_svm_format_features(0x1, buf, sizeof(buf)), 2);
	ck_assert_str_eq(buf, "NP");
	ck_assert_uint_eq(x86_svm_format_features(0x0, buf, sizeof(buf)), 4);
	ck_assert_str_eq(buf, "none");
	x86_svm_format_features((1U << 0) | (1U << 3) | (1U << 7) | (1U << 13), buf, sizeof(buf));
	ck_assert_str_eq(buf, "NP NRIPS DecodeAssists AVIC");
	/* unknown bits (8, 31) are not named */
	x86_svm_format_features((1U << 8) | (1U << 31) | (1U << 5), buf, sizeof(buf));
	ck_assert_str_eq(buf, "VmcbClean");
}
END_TEST

START_TEST(test_svm_features_truncates)
{
	char buf[8];
	size_t full = x86_svm_format_features(0xFU, buf, sizeof(buf));

	ck_assert_uint_eq(full, strlen("NP LbrVirt SVML NRIPS"));
	ck_assert_str_eq(buf, "NP LbrV");
	ck_assert_uint_eq(x86_svm_format_features(0xFU, NULL, 0), full);
}
END_TEST

static uint64_t reference_ns(uint64_t ticks, uint64_t hz)
{
	return (uint64_t)((unsigned __int128)ticks * 1000000000U / hz);
}

/* [utest->dsn~x86-tsc~1] */
START_TEST(test_tsc_conversion)
{
	static const uint64_t rates[] = {1000000000U, 2600000000U, 3193182000U, 25000000U};

	for (size_t i = 0; i < sizeof(rates) / sizeof(rates[0]); i++) {
		uint64_t hz = rates[i];
		uint64_t f = x86_tsc_factor(hz);
		/* one second, one hour and about 30 days of ticks */
		uint64_t spans[] = {hz, hz * 3600U, hz * 3600U * 24U * 30U};

		for (size_t j = 0; j < 3U; j++) {
			uint64_t got = x86_tsc_ticks_to_ns(spans[j], f);
			uint64_t want = reference_ns(spans[j], hz);
			uint64_t err = want - got; /* truncation only ever loses */

			ck_assert_uint_le(got, want);
			ck_assert_uint_le(err, spans[j] / (1ULL << 32) + 1U);
		}
	}
	ck_assert_uint_eq(x86_tsc_ticks_to_ns(0, x86_tsc_factor(2600000000U)), 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("hal_x86_64_names_tsc");
	TCase *tc = tcase_create("names_tsc");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, test_vector_names);
	tcase_add_test(tc, test_svm_features);
	tcase_add_test(tc, test_svm_features_truncates);
	tcase_add_test(tc, test_tsc_conversion);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
