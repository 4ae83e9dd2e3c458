/*
 * Unit tests for hal/x86_64 nested page tables (npt.c) on the host: the
 * tables live in a heap pool; physical addresses are host pointers
 * (identity hal_pa_to_va), mapped "host" ranges are never touched.
 */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <hal/as.h>

#include "npt.h"
#include "pio.h"
#include "vioapic.h"

#define MB (1ULL << 20)
#define POOL_PAGES 64U

static unsigned remote_flushes;
static unsigned ioapic_resets;

void *hal_pa_to_va(uint64_t pa)
{
	return (void *)(uintptr_t)pa;
}

uint64_t hal_va_to_pa(const void *va)
{
	return (uint64_t)(uintptr_t)va;
}

unsigned x86_npt_max_asid(void)
{
	return 16;
}

void x86_vioapic_reset(struct as_arch *as)
{
	(void)as;
	ioapic_resets++;
}

void x86_npt_flush_remote(const struct as_arch *as)
{
	(void)as;
	remote_flushes++;
}

static struct as_arch as;
static void *pool;

static void setup(void)
{
	memset(&as, 0, sizeof(as));
	pool = aligned_alloc(4096, POOL_PAGES * 4096U);
	ck_assert_int_eq(hal_as_create(&as, 1, pool, POOL_PAGES * 4096U), 0);
}

static void teardown(void)
{
	free(pool);
}

/* [utest->dsn~x86-tsc-native~1] the TSC choice; hal_as_create resets it */
START_TEST(test_clock_choice)
{
	ck_assert(!as.tsc_native);
	ck_assert_int_eq(hal_as_set_clock(&as, HAL_AS_CLOCK_NATIVE), 0);
	ck_assert(as.tsc_native);
	ck_assert_int_eq(hal_as_set_clock(&as, (enum hal_as_clock)2), -HAL_EINVAL);
	ck_assert(as.tsc_native);
	ck_assert_int_eq(hal_as_set_clock(&as, HAL_AS_CLOCK_DOMAIN), 0);
	ck_assert(!as.tsc_native);
	ck_assert_int_eq(hal_as_set_clock(&as, HAL_AS_CLOCK_NATIVE), 0);
	ck_assert_int_eq(hal_as_create(&as, 1, pool, POOL_PAGES * 4096U), 0);
	ck_assert(!as.tsc_native);
}
END_TEST

/* [utest->dsn~x86-npt~1] */
START_TEST(test_create_checks)
{
	struct as_arch a;
	void *p = aligned_alloc(4096, 4096);

	memset(&a, 0, sizeof(a));
	ck_assert_int_eq(hal_as_create(&a, 0, p, 4096), -HAL_EINVAL);  /* ASID 0 is the host's */
	ck_assert_int_eq(hal_as_create(&a, 16, p, 4096), -HAL_EINVAL); /* over the ASID count */
	ck_assert_int_eq(hal_as_create(&a, 1, (char *)p + 8, 4096), -HAL_EINVAL);
	ck_assert_int_eq(hal_as_create(&a, 1, p, 100), -HAL_ENOMEM);
	ioapic_resets = 0;
	ck_assert_int_eq(hal_as_create(&a, 15, p, 4096), 0);
	ck_assert_uint_eq(ioapic_resets, 1); /* a new address space starts with a masked vIOAPIC */
	ck_assert_uint_eq(a.asid, 15);
	ck_assert_uint_eq(a.npt_root, (uint64_t)(uintptr_t)p);
	free(p);
}
END_TEST

/* [utest->dsn~x86-npt~1] */
START_TEST(test_map_translate_4k)
{
	struct hal_as_page pg;

	ck_assert_int_eq(hal_as_translate(&as, 0x5000, &pg), -HAL_ENOENT);
	ck_assert_int_eq(hal_as_map(&as, 0x5000, 0x40005000, 0x2000, HAL_AS_R | HAL_AS_W | HAL_AS_X,
	                            HAL_MEM_NORMAL),
	                 0);
	ck_assert_int_eq(hal_as_translate(&as, 0x6123, &pg), 0);
	ck_assert_uint_eq(pg.pa, 0x40006123);
	ck_assert_uint_eq(pg.perm, HAL_AS_R | HAL_AS_W | HAL_AS_X);
	ck_assert_int_eq(pg.type, HAL_MEM_NORMAL);
	ck_assert_int_eq(hal_as_translate(&as, 0x7000, &pg), -HAL_ENOENT);
	ck_assert_int_eq(hal_as_translate(&as, 0x4fff, &pg), -HAL_ENOENT);
	ck_assert_int_eq(hal_as_translate(&as, ~0ULL, &pg), -HAL_ENOENT);
}
END_TEST

/* [utest->dsn~x86-npt~1] */
START_TEST(test_perm_and_type_bits)
{
	struct hal_as_page pg;
	uint64_t bits = x86_npt_leaf_bits(HAL_AS_R, HAL_MEM_DEVICE);

	ck_assert_uint_eq(bits & 0x7U, 0x5U);   /* P, U, not RW */
	ck_assert_uint_eq(bits >> 63, 1U);      /* NX */
	ck_assert_uint_eq(bits & 0x18U, 0x18U); /* PCD | PWT */
	ck_assert_uint_eq(x86_npt_leaf_bits(HAL_AS_R | HAL_AS_W | HAL_AS_X, HAL_MEM_NORMAL), 0x7U);
	ck_assert_int_eq(hal_as_map(&as, 0xfec00000, 0xfec00000, 0x1000, HAL_AS_R | HAL_AS_W,
	                            HAL_MEM_DEVICE),
	                 0);
	ck_assert_int_eq(hal_as_translate(&as, 0xfec00010, &pg), 0);
	ck_assert_uint_eq(pg.perm, HAL_AS_R | HAL_AS_W);
	ck_assert_int_eq(pg.type, HAL_MEM_DEVICE);
}
END_TEST

/* [utest->dsn~x86-npt~1] */
START_TEST(test_2m_blocks_and_split)
{
	struct hal_as_page pg;
	size_t before = as.pool_used;

	ck_assert_int_eq(
	        hal_as_map(&as, 4 * MB, 64 * MB, 4 * MB, HAL_AS_R | HAL_AS_W, HAL_MEM_NORMAL), 0);
	ck_assert_uint_eq(as.pool_used - before, 2 * 4096U); /* PDPT + PD, no page tables */
	ck_assert_int_eq(hal_as_translate(&as, 5 * MB + 0x345, &pg), 0);
	ck_assert_uint_eq(pg.pa, 65 * MB + 0x345);
	/* Unmapping one 4 KiB page splits its block; the rest stays mapped. */
	ck_assert_int_eq(hal_as_unmap(&as, 5 * MB, 0x1000), 0);
	ck_assert_int_eq(hal_as_translate(&as, 5 * MB, &pg), -HAL_ENOENT);
	ck_assert_int_eq(hal_as_translate(&as, 5 * MB + 0x1000, &pg), 0);
	ck_assert_uint_eq(pg.pa, 65 * MB + 0x1000);
	ck_assert_int_eq(hal_as_translate(&as, 4 * MB + 0x1ff000, &pg), 0);
	ck_assert_uint_eq(pg.perm, HAL_AS_R | HAL_AS_W);
	ck_assert_int_eq(hal_as_translate(&as, 7 * MB, &pg), 0);
	/* Whole-block unmap. */
	ck_assert_int_eq(hal_as_unmap(&as, 6 * MB, 2 * MB), 0);
	ck_assert_int_eq(hal_as_translate(&as, 7 * MB, &pg), -HAL_ENOENT);
}
END_TEST

/* [utest->dsn~x86-npt~1] The free check skips absent tables whole but
 * still finds a page mapped at the far end or a block in the middle. */
START_TEST(test_overlap_found_across_absent_tables)
{
	struct hal_as_page pg;

	ck_assert_int_eq(
	        hal_as_map(&as, 1023 * MB + 0xff000, 0x5000, 0x1000, HAL_AS_R, HAL_MEM_NORMAL), 0);
	ck_assert_int_eq(hal_as_map(&as, 0, 0x40000000, 1024 * MB, HAL_AS_R, HAL_MEM_NORMAL),
	                 -HAL_EEXIST);
	ck_assert_int_eq(hal_as_translate(&as, 0, &pg), -HAL_ENOENT);
	ck_assert_int_eq(hal_as_map(&as, 64 * MB, 0x800000, 2 * MB, HAL_AS_R, HAL_MEM_NORMAL), 0);
	ck_assert_int_eq(hal_as_map(&as, 60 * MB, 0x1000000, 8 * MB, HAL_AS_R, HAL_MEM_NORMAL),
	                 -HAL_EEXIST);
	ck_assert_int_eq(hal_as_translate(&as, 60 * MB, &pg), -HAL_ENOENT);
	ck_assert_int_eq(hal_as_map(&as, 66 * MB, 0x1000000, 8 * MB, HAL_AS_R, HAL_MEM_NORMAL), 0);
	ck_assert_int_eq(hal_as_translate(&as, 73 * MB, &pg), 0);
	ck_assert_uint_eq(pg.pa, 0x1000000 + 7 * MB);
}
END_TEST

/* [utest->dsn~x86-npt~1] */
START_TEST(test_map_errors_change_nothing)
{
	struct hal_as_page pg;

	ck_assert_int_eq(hal_as_map(&as, 0x1000, 0x2000, 0x1000, HAL_AS_R, HAL_MEM_NORMAL), 0);
	ck_assert_int_eq(hal_as_map(&as, 0x0, 0x9000, 0x3000, HAL_AS_R, HAL_MEM_NORMAL),
	                 -HAL_EEXIST);
	ck_assert_int_eq(hal_as_translate(&as, 0x0, &pg), -HAL_ENOENT);
	ck_assert_int_eq(hal_as_translate(&as, 0x1000, &pg), 0);
	ck_assert_uint_eq(pg.pa, 0x2000);
	ck_assert_int_eq(hal_as_map(&as, 0x10001, 0x2000, 0x1000, HAL_AS_R, HAL_MEM_NORMAL),
	                 -HAL_EINVAL);
	ck_assert_int_eq(hal_as_map(&as, 0x10000, 0x2000, 0, HAL_AS_R, HAL_MEM_NORMAL),
	                 -HAL_EINVAL);
	ck_assert_int_eq(hal_as_map(&as, 0x10000, 0x2000, 0x1000, 0, HAL_MEM_NORMAL), -HAL_EINVAL);
	ck_assert_int_eq(
	        hal_as_map(&as, X86_NPT_GPA_LIMIT, 0x2000, 0x1000, HAL_AS_R, HAL_MEM_NORMAL),
	        -HAL_EINVAL);
	ck_assert_int_eq(hal_as_map(&as, ~0xfffULL, 0x2000, 0x2000, HAL_AS_R, HAL_MEM_NORMAL),
	                 -HAL_EINVAL); /* wraps */
}
END_TEST

/* [utest->dsn~x86-npt~1] */
START_TEST(test_pool_exhaustion)
{
	struct hal_as_page pg;
	int rc = 0;
	unsigned n;

	/* Each 1 GiB-apart page needs its own PDPT... tables: the pool runs out. */
	for (n = 0; n < 64U && rc == 0; n++) {
		rc = hal_as_map(&as, (uint64_t)n << 39, 0x1000, 0x1000, HAL_AS_R, HAL_MEM_NORMAL);
	}
	ck_assert_int_eq(rc, -HAL_ENOMEM);
	ck_assert_int_eq(hal_as_translate(&as, (uint64_t)(n - 1U) << 39, &pg), -HAL_ENOENT);
	ck_assert_int_eq(hal_as_translate(&as, 0, &pg), 0);
	ck_assert_uint_le(as.pool_used, as.pool_size);
}
END_TEST

/* [utest->dsn~x86-asid-flush~1] */
START_TEST(test_flush_bumps_generation)
{
	uint32_t g = as.generation;

	remote_flushes = 0;
	hal_as_flush(&as);
	ck_assert_uint_eq(as.generation, g + 1U);
	ck_assert_uint_eq(remote_flushes, 1);
}
END_TEST

/* [utest->dsn~x86-pio-passthrough~1] a tagged range opens ports, maps no memory */
START_TEST(test_port_range_goes_to_iopm)
{
	uint64_t com2 = X86_PIO_TAG | (0x2f8ULL * X86_PIO_STRIDE);
	size_t used = as.pool_used;
	struct hal_as_page page;

	ck_assert_ptr_null(as.iopm);
	ck_assert_int_eq(hal_as_map(&as, com2, com2, 8 * X86_PIO_STRIDE, HAL_AS_R | HAL_AS_W,
	                            HAL_MEM_DEVICE),
	                 0);
	ck_assert_ptr_nonnull(as.iopm);
	ck_assert_uint_eq(as.iopm[0x2f8 / 8], 0x00);
	ck_assert_uint_eq(as.iopm[0x3f8 / 8], 0xff);
	ck_assert_uint_eq(as.pool_used, used); /* no page table touched */
	ck_assert_int_ne(hal_as_translate(&as, com2 & 0xffffffffffffULL, &page), 0);
	ck_assert_int_eq(hal_as_map(&as, com2, com2 + X86_PIO_STRIDE, X86_PIO_STRIDE, HAL_AS_R,
	                            HAL_MEM_DEVICE),
	                 -HAL_EINVAL); /* ports are not remapped */
}
END_TEST

START_TEST(test_pool_size_covers_worst_case)
{
	/* 4096 4 KiB pages contiguous: root, PDPT, PD and 8 PTs at least. */
	ck_assert_uint_ge(hal_as_pool_size(4096), 11U * 4096U);
	ck_assert_uint_ge(hal_as_pool_size(1), 4U * 4096U);
}
END_TEST

static Suite *npt_suite(void)
{
	Suite *s = suite_create("hal_x86_64_npt");
	TCase *tc = tcase_create("npt");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_create_checks);
	tcase_add_test(tc, test_clock_choice);
	tcase_add_test(tc, test_map_translate_4k);
	tcase_add_test(tc, test_perm_and_type_bits);
	tcase_add_test(tc, test_2m_blocks_and_split);
	tcase_add_test(tc, test_map_errors_change_nothing);
	tcase_add_test(tc, test_pool_exhaustion);
	tcase_add_test(tc, test_flush_bumps_generation);
	tcase_add_test(tc, test_pool_size_covers_worst_case);
	tcase_add_test(tc, test_port_range_goes_to_iopm);
	tcase_add_test(tc, test_overlap_found_across_absent_tables);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(npt_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
