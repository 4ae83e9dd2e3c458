/* Unit tests for hal/host's simulated stage-2 (hal/host/as.c) against the
 * contract in hal/include/hal/as.h. */
#include <check.h>
#include <string.h>

#include "test_main.h"

#include <hal/as.h>
#include <host/guest.h>
#include <host/host.h>

#define PG HAL_PAGE_SIZE
#define PA (HOST_RAM_BASE + (128ULL << 20))

static struct as_arch as;
static char pool[4096];

static void setup(void)
{
	memset(&as, 0, sizeof(as));
	ck_assert_int_eq(hal_as_create(&as, 1, pool, sizeof(pool)), 0);
}

static bool mapped(uint64_t gpa)
{
	struct hal_as_page pg;

	return hal_as_translate(&as, gpa, &pg) == 0;
}

/* [utest->dsn~core-hal-as~1] */
START_TEST(map_translate_and_refuse_overlap)
{
	struct hal_as_page pg;

	ck_assert_int_eq(hal_as_create(&as, 256, pool, sizeof(pool)), -HAL_EINVAL);
	ck_assert_int_eq(hal_as_create(&as, 1, NULL, 0), -HAL_EINVAL);
	ck_assert_int_eq(hal_as_map(&as, 0x10000, PA, 4 * PG, HAL_AS_R, HAL_MEM_NORMAL), 0);
	ck_assert_int_eq(hal_as_translate(&as, 0x10000 + PG + 7, &pg), 0);
	ck_assert_uint_eq(pg.pa, PA + PG + 7);
	ck_assert_uint_eq(pg.perm, HAL_AS_R);
	ck_assert_int_eq(hal_as_map(&as, 0x13000, PA, PG, HAL_AS_R, HAL_MEM_NORMAL), -HAL_EEXIST);
	ck_assert_int_eq(hal_as_map(&as, 0x20001, PA, PG, HAL_AS_R, HAL_MEM_NORMAL), -HAL_EINVAL);
	ck_assert_int_eq(hal_as_map(&as, 0x20000, PA, 0, HAL_AS_R, HAL_MEM_NORMAL), -HAL_EINVAL);
	ck_assert_int_eq(hal_as_map(&as, 0x20000, PA, PG, 0, HAL_MEM_NORMAL), -HAL_EINVAL);
	ck_assert_int_eq(hal_as_map(&as, UINT64_MAX & ~(PG - 1), PA, PG, HAL_AS_R, HAL_MEM_NORMAL),
	                 -HAL_EINVAL);
	ck_assert_int_eq(hal_as_translate(&as, UINT64_MAX, &pg), -HAL_ENOENT);
	ck_assert(!mapped(0x14000));
}
END_TEST

START_TEST(unmap_splits_ranges)
{
	ck_assert_int_eq(hal_as_map(&as, 0x10000, PA, 8 * PG, HAL_AS_R | HAL_AS_W, HAL_MEM_NORMAL),
	                 0);
	ck_assert_int_eq(hal_as_unmap(&as, 0x12000, 2 * PG), 0); /* middle */
	ck_assert(mapped(0x11fff));
	ck_assert(!mapped(0x12000));
	ck_assert(!mapped(0x13fff));
	ck_assert(mapped(0x14000));
	ck_assert_int_eq(hal_as_unmap(&as, 0x10000, PG), 0); /* left edge */
	ck_assert(!mapped(0x10000));
	ck_assert(mapped(0x11000));
	ck_assert_int_eq(hal_as_unmap(&as, 0x17000, 4 * PG), 0); /* right edge and beyond */
	ck_assert(mapped(0x16fff));
	ck_assert(!mapped(0x17000));
	ck_assert_int_eq(hal_as_unmap(&as, 0x0, 0x100000), 0); /* everything */
	ck_assert(!mapped(0x11000));
	ck_assert(!mapped(0x15000));
	ck_assert_int_eq(hal_as_unmap(&as, 0x123, PG), -HAL_EINVAL);
	hal_as_flush(&as);
	hal_as_activate(&as);
	ck_assert_uint_eq(as.flushes, 1);
}
END_TEST

/* [utest->dsn~core-host-sim~1] */
START_TEST(guest_accesses_obey_permissions)
{
	uint64_t v = 0x1234;

	ck_assert_int_eq(hal_as_map(&as, 0x10000, PA, PG, HAL_AS_R, HAL_MEM_NORMAL), 0);
	ck_assert_int_eq(hal_as_map(&as, 0x11000, PA + PG, PG, HAL_AS_W, HAL_MEM_NORMAL), 0);
	ck_assert_int_eq(hal_as_map(&as, 0x12000, PA, PG, HAL_AS_R | HAL_AS_W, HAL_MEM_DEVICE), 0);
	ck_assert_int_eq(host_guest_access(&as, 0x10008, &v, 8, true), EXIT_FAULT);
	ck_assert_int_eq(host_guest_access(&as, 0x10008, &v, 8, false), EXIT_NONE);
	ck_assert_int_eq(host_guest_access(&as, 0x11008, &v, 8, false), EXIT_FAULT);
	v = 0x1234;
	ck_assert_int_eq(host_guest_access(&as, 0x11008, &v, 8, true), EXIT_NONE);
	ck_assert_int_eq(host_guest_access(&as, 0x12000, &v, 8, true), EXIT_MMIO);
	ck_assert_int_eq(host_guest_access(&as, 0x50000, &v, 8, true), EXIT_MMIO);
	ck_assert_int_eq(host_guest_access(&as, 0x10ffc, &v, 8, false), EXIT_FAULT);
	ck_assert_uint_eq(*(uint64_t *)hal_pa_to_va(PA + PG + 8), 0x1234);
}
END_TEST

static Suite *host_as_suite(void)
{
	Suite *s = suite_create("core_host_as");
	TCase *tc = tcase_create("as");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, map_translate_and_refuse_overlap);
	tcase_add_test(tc, unmap_splits_ranges);
	tcase_add_test(tc, guest_accesses_obey_permissions);
	suite_add_tcase(s, tc);
	return s;
}

CORE_TEST_MAIN(host_as_suite)
