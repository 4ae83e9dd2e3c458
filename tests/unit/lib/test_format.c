/* Unit tests for lib/format.c, the hypervisor's printf. */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <lib/print.h>

/* These tests feed the formatter edge cases on purpose. */
#pragma GCC diagnostic ignored "-Wformat"
#ifndef __clang__ /* gcc-only warning groups */
#pragma GCC diagnostic ignored "-Wformat-overflow"
#pragma GCC diagnostic ignored "-Wformat-truncation"
#endif

static char buf[128];

#define FMT(...) bh_snprintf(buf, sizeof(buf), __VA_ARGS__)

/* [utest->dsn~lib-format~1] */
START_TEST(test_integers)
{
	FMT("%d %i %u", -42, 7, 4000000000U);
	ck_assert_str_eq(buf, "-42 7 4000000000");
	FMT("%lld %llu", (long long)INT64_MIN, (unsigned long long)UINT64_MAX);
	ck_assert_str_eq(buf, "-9223372036854775808 18446744073709551615");
	FMT("%hhu %hd %zu", 300, 70000, (size_t)12);
	ck_assert_str_eq(buf, "44 4464 12");
}
END_TEST

START_TEST(test_hex_octal_pointer)
{
	FMT("%x %X %08lx %o", 0xbeefU, 0xbeefU, 0x12abUL, 8U);
	ck_assert_str_eq(buf, "beef BEEF 000012ab 10");
	FMT("%p", (void *)(uintptr_t)0x1234);
	ck_assert_str_eq(buf, "0x0000000000001234");
}
END_TEST

START_TEST(test_width_and_flags)
{
	FMT("[%5d|%-5d|%05d|%-3s|%3s|%.2s]", 42, 42, -42, "a", "b", "xyz");
	ck_assert_str_eq(buf, "[   42|42   |-0042|a  |  b|xy]");
	FMT("%c%c%%", 'o', 'k');
	ck_assert_str_eq(buf, "ok%");
	FMT("%s", (char *)NULL);
	ck_assert_str_eq(buf, "(null)");
}
END_TEST

START_TEST(test_truncation_reports_full_length)
{
	char small[6];
	int n = bh_snprintf(small, sizeof(small), "hello %s", "world");

	ck_assert_int_eq(n, 11);
	ck_assert_str_eq(small, "hello");
	ck_assert_int_eq(bh_snprintf(NULL, 0, "%d", 12345), 5);
}
END_TEST

START_TEST(test_trailing_percent_is_dropped)
{
	FMT("100%");
	ck_assert_str_eq(buf, "100");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("lib_format");
	TCase *tc = tcase_create("format");

	tcase_add_test(tc, test_integers);
	tcase_add_test(tc, test_hex_octal_pointer);
	tcase_add_test(tc, test_width_and_flags);
	tcase_add_test(tc, test_truncation_reports_full_length);
	tcase_add_test(tc, test_trailing_percent_is_dropped);
	suite_add_tcase(s, tc);

	SRunner *sr = srunner_create(s);

	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);

	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
