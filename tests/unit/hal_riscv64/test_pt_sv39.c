/* Unit tests for hal/riscv64/pt_sv39.c (Sv39 table builder) on the host. */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pt_sv39.h"

#define GiB (1ULL << 30)
#define MiB (1ULL << 20)
#define KiB (1ULL << 10)

static _Alignas(4096) pt_table_t tables[8];
static struct pt_pool pool;

static void setup(void)
{
	memset(tables, 0xa5, sizeof(tables)); /* pt_map must clear what it takes */
	pool.tables = tables;
	pool.nr = 8;
	pool.used = 0;
}

static void expect_mapped(uint64_t va, uint64_t pa, uint64_t attr)
{
	uint64_t got_pa = 0, got_attr = 0;

	ck_assert_msg(pt_lookup(&pool, va, &got_pa, &got_attr) == 1, "va 0x%llx not mapped",
	              (unsigned long long)va);
	ck_assert_uint_eq(got_pa, pa);
	ck_assert_uint_eq(got_attr, attr | PTE_V);
}

static void expect_unmapped(uint64_t va)
{
	uint64_t pa, attr;

	ck_assert_msg(pt_lookup(&pool, va, &pa, &attr) == 0, "va 0x%llx mapped",
	              (unsigned long long)va);
}

/* [utest->dsn~riscv64-sv39~1] */
START_TEST(test_single_page)
{
	ck_assert_int_eq(pt_map(&pool, 0x10000000ULL, 0x10000000ULL, 4 * KiB, PT_ATTR_RW), 0);
	expect_mapped(0x10000000ULL, 0x10000000ULL, PT_ATTR_RW);
	expect_mapped(0x10000ffcULL, 0x10000ffcULL, PT_ATTR_RW);
	expect_unmapped(0x10001000ULL);
	expect_unmapped(0x0ffff000ULL);
	ck_assert_uint_eq(pool.used, 3); /* root, one 2 MiB-level, one 4 KiB-level table */
}
END_TEST

START_TEST(test_largest_pages_chosen)
{
	/* 1 GiB + 2 MiB + 4 KiB from a 1 GiB-aligned base: one leaf of each size. */
	uint64_t base = 2 * GiB;

	ck_assert_int_eq(pt_map(&pool, base, base, GiB + 2 * MiB + 4 * KiB, PT_ATTR_RW), 0);
	ck_assert_uint_eq(pool.used, 3);
	expect_mapped(base + GiB - 8, base + GiB - 8, PT_ATTR_RW);
	expect_mapped(base + GiB + 2 * MiB - 8, base + GiB + 2 * MiB - 8, PT_ATTR_RW);
	expect_mapped(base + GiB + 2 * MiB + 4 * KiB - 8, base + GiB + 2 * MiB + 4 * KiB - 8,
	              PT_ATTR_RW);
	expect_unmapped(base + GiB + 2 * MiB + 4 * KiB);
	/* The first GiB is one root entry: a leaf with R/W set. */
	uint64_t root0 = tables[0][2];

	ck_assert_uint_ne(root0 & (PTE_R | PTE_W), 0);
}
END_TEST

START_TEST(test_non_identity_and_misaligned_pa)
{
	/* va is 2 MiB aligned but pa only 4 KiB aligned: 4 KiB pages only. */
	uint64_t va = 0x40000000ULL, pa = 0x80201000ULL;

	ck_assert_int_eq(pt_map(&pool, va, pa, 2 * MiB, PT_ATTR_RO), 0);
	ck_assert_uint_eq(pool.used, 3);
	expect_mapped(va, pa, PT_ATTR_RO);
	expect_mapped(va + 2 * MiB - 4 * KiB + 16, pa + 2 * MiB - 4 * KiB + 16, PT_ATTR_RO);
	expect_unmapped(va + 2 * MiB);
}
END_TEST

START_TEST(test_attributes_kept_per_region)
{
	uint64_t text = 0x80200000ULL;

	ck_assert_int_eq(pt_map(&pool, text, text, 12 * KiB, PT_ATTR_RX), 0);
	ck_assert_int_eq(pt_map(&pool, text + 12 * KiB, text + 12 * KiB, 8 * KiB, PT_ATTR_RO), 0);
	ck_assert_int_eq(pt_map(&pool, text + 20 * KiB, text + 20 * KiB, 4 * MiB, PT_ATTR_RW), 0);
	expect_mapped(text + 4 * KiB, text + 4 * KiB, PT_ATTR_RX);
	expect_mapped(text + 16 * KiB, text + 16 * KiB, PT_ATTR_RO);
	expect_mapped(text + 3 * MiB, text + 3 * MiB, PT_ATTR_RW);
	ck_assert_uint_eq(pool.used, 4); /* root, L1, L0 for 0x80200000, L0 for 0x80400000 */
}
END_TEST

START_TEST(test_overlap_refused)
{
	ck_assert_int_eq(pt_map(&pool, 0x80200000ULL, 0x80200000ULL, 4 * KiB, PT_ATTR_RX), 0);
	/* same page again */
	ck_assert_int_eq(pt_map(&pool, 0x80200000ULL, 0x80200000ULL, 4 * KiB, PT_ATTR_RW),
	                 -PT_EEXIST);
	/* a 1 GiB page over a range that already holds a table */
	ck_assert_int_eq(pt_map(&pool, 2 * GiB, 2 * GiB, GiB, PT_ATTR_RW), -PT_EEXIST);
	/* a small page inside an existing 2 MiB leaf */
	ck_assert_int_eq(pt_map(&pool, 0x0c000000ULL, 0x0c000000ULL, 2 * MiB, PT_ATTR_RW), 0);
	ck_assert_int_eq(pt_map(&pool, 0x0c001000ULL, 0x0c001000ULL, 4 * KiB, PT_ATTR_RW),
	                 -PT_EEXIST);
	expect_mapped(0x80200000ULL, 0x80200000ULL, PT_ATTR_RX);
}
END_TEST

START_TEST(test_pool_exhaustion)
{
	pool.nr = 2;
	/* root + L1 fit; the L0 table does not */
	ck_assert_int_eq(pt_map(&pool, 0x1000ULL, 0x1000ULL, 4 * KiB, PT_ATTR_RW), -PT_ENOMEM);
	ck_assert_uint_eq(pool.used, 2);
	/* a 2 MiB leaf needs no more tables */
	ck_assert_int_eq(pt_map(&pool, 0x200000ULL, 0x200000ULL, 2 * MiB, PT_ATTR_RW), 0);
	pool.nr = 0;
	pool.used = 0;
	ck_assert_int_eq(pt_map(&pool, 0, 0, 4 * KiB, PT_ATTR_RW), -PT_ENOMEM);
}
END_TEST

START_TEST(test_bad_arguments)
{
	ck_assert_int_eq(pt_map(&pool, 0x800, 0x1000, 4 * KiB, PT_ATTR_RW), -PT_EINVAL);
	ck_assert_int_eq(pt_map(&pool, 0x1000, 0x1800, 4 * KiB, PT_ATTR_RW), -PT_EINVAL);
	ck_assert_int_eq(pt_map(&pool, 0x1000, 0x1000, 100, PT_ATTR_RW), -PT_EINVAL);
	ck_assert_int_eq(pt_map(&pool, 0x1000, 0x1000, 4 * KiB, PTE_G | PTE_A), -PT_EINVAL);
	ck_assert_int_eq(pt_map(&pool, 0x1000, 0x1000, 4 * KiB, PT_ATTR_RW | (1ULL << 10)),
	                 -PT_EINVAL);
	/* beyond the lower half of Sv39, and wrapping around */
	ck_assert_int_eq(pt_map(&pool, 1ULL << 38, 0, 4 * KiB, PT_ATTR_RW), -PT_EINVAL);
	ck_assert_int_eq(pt_map(&pool, (1ULL << 38) - 4 * KiB, 0, 8 * KiB, PT_ATTR_RW), -PT_EINVAL);
	ck_assert_int_eq(pt_map(&pool, 0xfffffffffffff000ULL, 0, 8 * KiB, PT_ATTR_RW), -PT_EINVAL);
	ck_assert_uint_eq(pool.used, 0); /* nothing allocated for rejected requests */
	/* lookups beyond the range never hit */
	expect_unmapped(1ULL << 38);
}
END_TEST

START_TEST(test_satp)
{
	ck_assert_int_eq(pt_map(&pool, 0, 0, 4 * KiB, PT_ATTR_RW), 0);
	uint64_t satp = pt_satp(&pool);

	ck_assert_uint_eq(satp >> 60, 8);               /* Sv39 */
	ck_assert_uint_eq((satp >> 44) & 0xffffULL, 0); /* ASID 0 */
	ck_assert_uint_eq((satp & ((1ULL << 44) - 1)) << 12, (uint64_t)(uintptr_t)tables[0]);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("hal_riscv64_pt_sv39");
	TCase *tc = tcase_create("pt");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, test_single_page);
	tcase_add_test(tc, test_largest_pages_chosen);
	tcase_add_test(tc, test_non_identity_and_misaligned_pa);
	tcase_add_test(tc, test_attributes_kept_per_region);
	tcase_add_test(tc, test_overlap_refused);
	tcase_add_test(tc, test_pool_exhaustion);
	tcase_add_test(tc, test_bad_arguments);
	tcase_add_test(tc, test_satp);
	suite_add_tcase(s, tc);

	SRunner *sr = srunner_create(s);

	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);

	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
