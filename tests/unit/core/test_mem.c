/* Unit tests for core/mem.c: the boot-time allocator. */
#include <check.h>
#include <string.h>

#include "core_test.h"
#include "test_main.h"

#include <core/mem.h>
#include <core/xen_abi/xen.h>
#include <hal/as.h>

static const struct hal_boot_info small = {
        .ram = {{.base = HOST_RAM_BASE, .size = 1ULL << 20},
                {.base = HOST_RAM_BASE + (4ULL << 20), .size = 1ULL << 20}},
        .nr_ram = 2,
        .hv_image = {.base = HOST_RAM_BASE, .size = 64ULL << 10},
};

/* [utest->dsn~core-mem-boot-alloc~1] */
START_TEST(alloc_is_aligned_and_outside_the_hypervisor)
{
	mem_boot_init(&small);
	ck_assert_uint_eq(mem_free_bytes(), (2ULL << 20) - (64ULL << 10));
	uint64_t a = mem_alloc_pa(4096, 4096);
	uint64_t b = mem_alloc_pa(8192, 65536);

	ck_assert_uint_eq(a, HOST_RAM_BASE + (64ULL << 10));
	ck_assert_uint_eq(b % 65536, 0);
	ck_assert_uint_ne(a, b);
	ck_assert(b >= a + 4096);
	ck_assert_uint_eq(mem_free_bytes(), (2ULL << 20) - (64ULL << 10) - 4096 - 8192);
}
END_TEST

START_TEST(alloc_zeroes_and_uses_second_range)
{
	mem_boot_init(&small);
	uint8_t *p = hal_pa_to_va(HOST_RAM_BASE + (64ULL << 10));

	p[0] = 0xaa;
	/* too big for the first range: comes from the second */
	ck_assert_uint_eq(mem_alloc_pa(1ULL << 20, 4096), HOST_RAM_BASE + (4ULL << 20));
	uint8_t *q = mem_alloc(4096, 4096);

	ck_assert_ptr_eq(q, p);
	ck_assert_uint_eq(q[0], 0);
}
END_TEST

START_TEST(exhaustion_returns_zero)
{
	mem_boot_init(&small);
	ck_assert_uint_eq(mem_alloc_pa(3ULL << 20, 4096), 0);
	ck_assert_uint_ne(mem_alloc_pa(1ULL << 20, 4096), 0);
	ck_assert_uint_ne(mem_alloc_pa(900ULL << 10, 4096), 0);
	ck_assert_uint_eq(mem_alloc_pa(1ULL << 20, 4096), 0);
	ck_assert_ptr_null(mem_alloc(1ULL << 20, 4096));
	ck_assert_uint_eq(mem_alloc_pa(0, 4096), 0);
	ck_assert_uint_eq(mem_alloc_pa(4096, 3), 0);
}
END_TEST

START_TEST(reserve_exact_ranges)
{
	mem_boot_init(&small);
	uint64_t mid = HOST_RAM_BASE + (512ULL << 10);

	ck_assert_int_eq(mem_reserve(mid, 4096), 0);
	ck_assert_int_eq(mem_reserve(mid, 4096), -XEN_EBUSY);           /* taken */
	ck_assert_int_eq(mem_reserve(HOST_RAM_BASE, 4096), -XEN_EBUSY); /* hypervisor */
	ck_assert_int_eq(mem_reserve(HOST_RAM_BASE + (2ULL << 20), 4096), -XEN_EBUSY); /* hole */
	ck_assert_int_eq(mem_reserve(mid, 0), -XEN_EINVAL);
	ck_assert_int_eq(mem_reserve(UINT64_MAX - 10, 4096), -XEN_EINVAL);
	ck_assert_int_eq(mem_reserve(mid + 4096, 4096), 0);
	ck_assert_int_eq(mem_reserve(mid - 4096, 4096), 0);
	/* the whole second range, exactly */
	ck_assert_int_eq(mem_reserve(HOST_RAM_BASE + (4ULL << 20), 1ULL << 20), 0);
	ck_assert_uint_eq(mem_free_bytes(), (1ULL << 20) - (64ULL << 10) - 3 * 4096);
}
END_TEST

START_TEST(range_table_full_is_refused)
{
	mem_boot_init(&small);
	int rc = 0;

	/* punch holes until the free-range table is full */
	for (unsigned i = 0; i < 64 && rc == 0; i++) {
		rc = mem_reserve(HOST_RAM_BASE + (128ULL << 10) + i * 8192ULL, 4096);
	}
	ck_assert_int_eq(rc, -XEN_EBUSY);
}
END_TEST

static void alloc_after_boot(void)
{
	(void)mem_alloc_pa(4096, 4096);
}

static void reserve_after_boot(void)
{
	(void)mem_reserve(HOST_RAM_BASE + (512ULL << 10), 4096);
}

/* [utest->dsn~core-mem-no-alloc-after-boot~1] */
START_TEST(allocation_after_boot_panics)
{
	mem_boot_init(&small);
	ck_assert(!mem_boot_is_done());
	ck_assert(!ct_panics(alloc_after_boot));
	mem_boot_done();
	ck_assert(mem_boot_is_done());
	ck_assert(ct_panics(alloc_after_boot));
	ck_assert(ct_panics(reserve_after_boot));
	ck_assert_ptr_nonnull(strstr(ct_console(), "no allocation after boot"));
}
END_TEST

static Suite *mem_suite(void)
{
	Suite *s = suite_create("core_mem");
	TCase *tc = tcase_create("alloc");

	tcase_add_test(tc, alloc_is_aligned_and_outside_the_hypervisor);
	tcase_add_test(tc, alloc_zeroes_and_uses_second_range);
	tcase_add_test(tc, exhaustion_returns_zero);
	tcase_add_test(tc, reserve_exact_ranges);
	tcase_add_test(tc, range_table_full_is_refused);
	tcase_add_test(tc, allocation_after_boot_panics);
	suite_add_tcase(s, tc);
	return s;
}

CORE_TEST_MAIN(mem_suite)
