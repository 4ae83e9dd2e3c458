/* Unit tests for core/guest_access.c: translated, bounds-checked copies. */
#include <check.h>
#include <string.h>

#include "core_test.h"
#include "test_main.h"

#include <core/guest_access.h>
#include <core/xen_abi/xen.h>
#include <hal/as.h>

static struct domain *d;

static void setup(void)
{
	ct_boot();
	d = ct_domain(1, ROLE_DOMU, T_CAPS_DOMU);
}

/* [utest->dsn~core-guest-access~1] */
START_TEST(copy_round_trip_across_pages)
{
	char out[6000], in[6000];
	uint64_t gpa = ct_gpa(3) + 4000;

	for (unsigned i = 0; i < sizeof(out); i++) {
		out[i] = (char)(i * 7U);
	}
	ck_assert_int_eq(copy_to_guest(d, gpa, out, sizeof(out)), 0);
	memset(in, 0, sizeof(in));
	ck_assert_int_eq(copy_from_guest(d, in, gpa, sizeof(in)), 0);
	ck_assert_mem_eq(in, out, sizeof(out));
	ck_assert_mem_eq(ct_ram(d, gpa), out, 96);
}
END_TEST

START_TEST(out_of_range_fails_and_changes_nothing)
{
	char buf[64], zero[64] = {0};
	uint64_t end = T_RAM_GPA + T_RAM_SIZE;

	memset(buf, 0x5a, sizeof(buf));
	/* straddles the end of RAM: nothing written at the valid part either */
	ck_assert_int_eq(copy_to_guest(d, end - 32, buf, sizeof(buf)), -XEN_EFAULT);
	ck_assert_mem_eq(ct_ram(d, end - 32), zero, 32);
	ck_assert_int_eq(copy_to_guest(d, 0, buf, 1), -XEN_EFAULT);
	ck_assert_int_eq(copy_to_guest(d, UINT64_MAX - 8, buf, 64), -XEN_EFAULT);
	memset(buf, 0x5a, sizeof(buf));
	ck_assert_int_eq(copy_from_guest(d, buf, end - 32, sizeof(buf)), -XEN_EFAULT);
	ck_assert_int_eq(buf[0], 0x5a); /* dst untouched */
	ck_assert_int_eq(copy_from_guest(d, buf, UINT64_MAX, 2), -XEN_EFAULT);
	ck_assert_int_eq(guest_check(d, end - 1, 1, true), 0);
	ck_assert_int_eq(guest_check(d, end - 1, 2, false), -XEN_EFAULT);
	ck_assert_int_eq(copy_from_guest(d, buf, end, 0), 0); /* empty is fine */
}
END_TEST

START_TEST(read_only_and_device_pages_are_refused)
{
	uint64_t ro = 0x10000000ULL, dev = 0x20000000ULL;
	uint64_t pa = HOST_RAM_BASE + (200ULL << 20);
	char buf[8] = "abcdefg";

	ck_assert_int_eq(hal_as_map(&d->as, ro, pa, HAL_PAGE_SIZE, HAL_AS_R, HAL_MEM_NORMAL), 0);
	ck_assert_int_eq(hal_as_map(&d->as, dev, pa + HAL_PAGE_SIZE, HAL_PAGE_SIZE,
	                            HAL_AS_R | HAL_AS_W, HAL_MEM_DEVICE),
	                 0);
	ck_assert_int_eq(copy_to_guest(d, ro, buf, 4), -XEN_EFAULT);
	ck_assert_int_eq(copy_from_guest(d, buf, ro, 4), 0);
	ck_assert_ptr_null(guest_ptr(d, ro, 4, true));
	ck_assert_ptr_nonnull(guest_ptr(d, ro, 4, false));
	ck_assert_int_eq(copy_from_guest(d, buf, dev, 4), -XEN_EFAULT);
	ck_assert_int_eq(copy_to_guest(d, dev, buf, 4), -XEN_EFAULT);
	ck_assert_ptr_null(guest_ptr(d, dev, 4, false));
	uint64_t hpa = 0;

	ck_assert_int_eq(domain_gpa_to_hpa(d, dev, &hpa), -XEN_EFAULT);
	ck_assert_int_eq(domain_gpa_to_hpa(d, ro + 5, &hpa), 0);
	ck_assert_uint_eq(hpa, pa + 5);
}
END_TEST

START_TEST(guest_ptr_needs_contiguous_host_pages)
{
	uint64_t a = 0x30000000ULL;
	uint64_t pa = HOST_RAM_BASE + (210ULL << 20);

	/* two guest pages backed by non-adjacent host pages */
	ck_assert_int_eq(
	        hal_as_map(&d->as, a, pa, HAL_PAGE_SIZE, HAL_AS_R | HAL_AS_W, HAL_MEM_NORMAL), 0);
	ck_assert_int_eq(hal_as_map(&d->as, a + HAL_PAGE_SIZE, pa + 2 * HAL_PAGE_SIZE,
	                            HAL_PAGE_SIZE, HAL_AS_R | HAL_AS_W, HAL_MEM_NORMAL),
	                 0);
	ck_assert_ptr_null(guest_ptr(d, a + 100, HAL_PAGE_SIZE, false));
	ck_assert_ptr_nonnull(guest_ptr(d, a + 100, 100, true));
	/* RAM is contiguous: a pointer spanning pages is fine */
	uint8_t *p = guest_ptr(d, ct_gpa(1) - 8, 16, true);

	ck_assert_ptr_eq(p, ct_ram(d, ct_gpa(1) - 8));
	ck_assert_ptr_null(guest_ptr(d, ct_gpa(1), 0, false));
	ck_assert_ptr_null(guest_ptr(d, UINT64_MAX - 4, 8, false));
	/* copies work across non-contiguous pages */
	char out[200], in[200];

	memset(out, 'q', sizeof(out));
	ck_assert_int_eq(copy_to_guest(d, a + HAL_PAGE_SIZE - 100, out, sizeof(out)), 0);
	ck_assert_int_eq(copy_from_guest(d, in, a + HAL_PAGE_SIZE - 100, sizeof(in)), 0);
	ck_assert_mem_eq(in, out, sizeof(in));
}
END_TEST

static Suite *guest_access_suite(void)
{
	Suite *s = suite_create("core_guest_access");
	TCase *tc = tcase_create("copy");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, copy_round_trip_across_pages);
	tcase_add_test(tc, out_of_range_fails_and_changes_nothing);
	tcase_add_test(tc, read_only_and_device_pages_are_refused);
	tcase_add_test(tc, guest_ptr_needs_contiguous_host_pages);
	suite_add_tcase(s, tc);
	return s;
}

CORE_TEST_MAIN(guest_access_suite)
