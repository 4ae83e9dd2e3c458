/*
 * Unit tests for hal/arm64/s2.c, the stage-2 tables behind hal/as.h, run on
 * host memory (the pool's addresses stand in for physical addresses).
 * [utest->dsn~arm64-stage2~1]
 */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <arm64/s2.h>
#include <hal/as.h>

#define PAGE 4096ULL
#define GIB (1ULL << 30)
#define MIB2 (1ULL << 21)
#define POOL_PAGES 16U

static uint8_t pool[POOL_PAGES * PAGE] __attribute__((aligned(4096)));
static struct as_arch as;

static unsigned flushes;

/* The TLB flush break-before-make asks for (s2_hw.c passes hal_as_flush). */
static void count_flush(struct as_arch *a)
{
	ck_assert_ptr_eq(a, &as);
	flushes++;
}

static int unmap(uint64_t gpa, uint64_t size)
{
	return arm64_s2_unmap(&as, gpa, size, count_flush);
}

/* The level-2 descriptor for gpa (walking like the MMU), or 0. */
static uint64_t l2_desc(uint64_t gpa)
{
	uint64_t d = ((const uint64_t *)(uintptr_t)as.root_pa)[(gpa >> 30) % 512U];

	if ((d & S2_TYPE_MASK) != S2_TABLE) {
		return 0;
	}
	return ((const uint64_t *)(uintptr_t)(d & S2_ADDR_MASK))[(gpa >> 21) % 512U];
}

static void setup(void)
{
	memset(pool, 0xa5, sizeof(pool)); /* the backend must clear what it uses */
	memset(&as, 0, sizeof(as));
	flushes = 0;
	ck_assert_int_eq(hal_as_create(&as, 3, pool, sizeof(pool)), 0);
}

static unsigned tables_used(void)
{
	return (unsigned)((as.pool_next - as.root_pa) / PAGE);
}

/* The raw level-3 descriptor for gpa (walking like the MMU), or 0. */
static uint64_t leaf(uint64_t gpa)
{
	const uint64_t *t = (const uint64_t *)(uintptr_t)as.root_pa;
	static const unsigned shifts[2] = {30, 21};

	for (unsigned l = 0; l < 2U; l++) {
		uint64_t d = t[(gpa >> shifts[l]) % 512U];

		if ((d & S2_TYPE_MASK) != S2_TABLE) {
			return 0;
		}
		t = (const uint64_t *)(uintptr_t)(d & S2_ADDR_MASK);
	}
	return t[(gpa >> 12) % 512U];
}

static void assert_maps(uint64_t gpa, uint64_t pa, unsigned perm, enum hal_mem_type type)
{
	struct hal_as_page pg;

	ck_assert_int_eq(hal_as_translate(&as, gpa, &pg), 0);
	ck_assert_uint_eq(pg.pa, pa);
	ck_assert_uint_eq(pg.perm, perm);
	ck_assert_int_eq(pg.type, type);
}

static void assert_unmapped(uint64_t gpa)
{
	struct hal_as_page pg;

	ck_assert_int_eq(hal_as_translate(&as, gpa, &pg), -HAL_ENOENT);
}

START_TEST(test_pool_size_worst_case)
{
	ck_assert_uint_eq(hal_as_pool_size(0), PAGE);
	ck_assert_uint_eq(hal_as_pool_size(1), 3 * PAGE);
	ck_assert_uint_eq(hal_as_pool_size(4096), (1 + 512 + 4096) * PAGE);
}
END_TEST

START_TEST(test_create_rejects_bad_arguments)
{
	struct as_arch a;

	ck_assert_int_eq(hal_as_create(&a, 1, NULL, sizeof(pool)), -HAL_EINVAL);
	ck_assert_int_eq(hal_as_create(&a, 256, pool, sizeof(pool)), -HAL_EINVAL);
	ck_assert_int_eq(hal_as_create(&a, 1, pool + 8, sizeof(pool) - 8), -HAL_EINVAL);
	ck_assert_int_eq(hal_as_create(&a, 1, pool, PAGE - 1), -HAL_ENOMEM);
}
END_TEST

START_TEST(test_empty_after_create)
{
	assert_unmapped(0);
	assert_unmapped(0x40000000);
	assert_unmapped(ARM64_S2_IPA_LIMIT - PAGE);
	assert_unmapped(ARM64_S2_IPA_LIMIT);
	assert_unmapped(UINT64_MAX);
	ck_assert_uint_eq(tables_used(), 1); /* the root only */
}
END_TEST

START_TEST(test_map_ram_and_translate)
{
	const unsigned rwx = HAL_AS_R | HAL_AS_W | HAL_AS_X;

	ck_assert_int_eq(hal_as_map(&as, 0x40000000, 0x80001000, 2 * MIB2, rwx, HAL_MEM_NORMAL), 0);
	/* the host address is not 2 MiB aligned: pages, two level-3 tables */
	ck_assert_uint_eq(tables_used(), 1 + 1 + 2); /* root, level 2, two level 3 */
	assert_maps(0x40000000, 0x80001000, rwx, HAL_MEM_NORMAL);
	ck_assert_int_eq(unmap(0x40000000, 2 * MIB2), 0);
	ck_assert_uint_eq(flushes, 0);
	setup();
	ck_assert_int_eq(hal_as_map(&as, 0x40000000, 0x80000000, 2 * MIB2, rwx, HAL_MEM_NORMAL), 0);
	ck_assert_uint_eq(tables_used(), 1 + 1); /* both aligned: two level-2 blocks */
	assert_maps(0x40000000, 0x80000000, rwx, HAL_MEM_NORMAL);
	assert_maps(0x40000000 + 0x123, 0x80000000 + 0x123, rwx, HAL_MEM_NORMAL);
	assert_maps(0x40000000 + 2 * MIB2 - 1, 0x80000000 + 2 * MIB2 - 1, rwx, HAL_MEM_NORMAL);
	assert_unmapped(0x40000000 - 1);
	assert_unmapped(0x40000000 + 2 * MIB2);

	uint64_t d = l2_desc(0x40200000);

	ck_assert_uint_eq(d & S2_TYPE_MASK, S2_BLOCK);
	ck_assert_uint_eq(d & S2_ADDR_MASK, 0x80200000);
	ck_assert_uint_eq(d & S2_MEMATTR_MASK, S2_MEMATTR_NORMAL_WB);
	ck_assert_uint_eq(d & S2_SH_INNER, S2_SH_INNER);
	ck_assert(d & S2_AF);
	ck_assert(d & S2_AP_R);
	ck_assert(d & S2_AP_W);
	ck_assert(!(d & S2_XN));
}
END_TEST

START_TEST(test_permissions_and_device)
{
	ck_assert_int_eq(hal_as_map(&as, 0x1000, 0x9000000, PAGE, HAL_AS_R | HAL_AS_W | HAL_AS_X,
	                            HAL_MEM_DEVICE),
	                 0);
	/* device memory is never executable, whatever was asked */
	assert_maps(0x1000, 0x9000000, HAL_AS_R | HAL_AS_W, HAL_MEM_DEVICE);
	ck_assert_uint_eq(leaf(0x1000) & S2_MEMATTR_MASK, S2_MEMATTR_DEVICE_nGnRE);
	ck_assert(leaf(0x1000) & S2_XN);

	ck_assert_int_eq(hal_as_map(&as, 0x2000, 0x5000, PAGE, HAL_AS_R, HAL_MEM_NORMAL), 0);
	assert_maps(0x2000, 0x5000, HAL_AS_R, HAL_MEM_NORMAL);
	ck_assert(!(leaf(0x2000) & S2_AP_W));
	ck_assert(leaf(0x2000) & S2_XN);

	ck_assert_int_eq(hal_as_map(&as, 0x3000, 0x6000, PAGE, HAL_AS_R | HAL_AS_X, HAL_MEM_NORMAL),
	                 0);
	assert_maps(0x3000, 0x6000, HAL_AS_R | HAL_AS_X, HAL_MEM_NORMAL);
}
END_TEST

START_TEST(test_bad_map_arguments)
{
	const unsigned rw = HAL_AS_R | HAL_AS_W;
	struct as_arch fresh;

	memset(&fresh, 0, sizeof(fresh));
	ck_assert_int_eq(hal_as_map(&fresh, 0, 0, PAGE, rw, HAL_MEM_NORMAL), -HAL_EINVAL);
	ck_assert_int_eq(hal_as_map(&as, 0x800, 0, PAGE, rw, HAL_MEM_NORMAL), -HAL_EINVAL);
	ck_assert_int_eq(hal_as_map(&as, 0, 0x800, PAGE, rw, HAL_MEM_NORMAL), -HAL_EINVAL);
	ck_assert_int_eq(hal_as_map(&as, 0, 0, PAGE + 1, rw, HAL_MEM_NORMAL), -HAL_EINVAL);
	ck_assert_int_eq(hal_as_map(&as, 0, 0, 0, rw, HAL_MEM_NORMAL), -HAL_EINVAL);
	ck_assert_int_eq(hal_as_map(&as, 0, 0, PAGE, 0, HAL_MEM_NORMAL), -HAL_EINVAL);
	ck_assert_int_eq(hal_as_map(&as, 0, 0, PAGE, 8, HAL_MEM_NORMAL), -HAL_EINVAL);
	ck_assert_int_eq(hal_as_map(&as, 0, 0, PAGE, rw, (enum hal_mem_type)7), -HAL_EINVAL);
	/* beyond the 39-bit IPA, wrapping, and beyond 48-bit PAs */
	ck_assert_int_eq(hal_as_map(&as, ARM64_S2_IPA_LIMIT, 0, PAGE, rw, HAL_MEM_NORMAL),
	                 -HAL_EINVAL);
	ck_assert_int_eq(
	        hal_as_map(&as, ARM64_S2_IPA_LIMIT - PAGE, 0, 2 * PAGE, rw, HAL_MEM_NORMAL),
	        -HAL_EINVAL);
	ck_assert_int_eq(hal_as_map(&as, PAGE, 0, UINT64_MAX - PAGE + 1, rw, HAL_MEM_NORMAL),
	                 -HAL_EINVAL);
	ck_assert_int_eq(hal_as_map(&as, 0, ARM64_S2_PA_LIMIT - PAGE, 2 * PAGE, rw, HAL_MEM_NORMAL),
	                 -HAL_EINVAL);
	ck_assert_uint_eq(tables_used(), 1); /* nothing was touched */
}
END_TEST

START_TEST(test_overlap_changes_nothing)
{
	const unsigned rw = HAL_AS_R | HAL_AS_W;

	ck_assert_int_eq(hal_as_map(&as, MIB2 + 4 * PAGE, 0x100000, PAGE, rw, HAL_MEM_NORMAL), 0);
	unsigned used = tables_used();

	/* a range whose fifth page is mapped, starting in a fresh table */
	ck_assert_int_eq(hal_as_map(&as, MIB2, 0x200000, 8 * PAGE, rw, HAL_MEM_NORMAL),
	                 -HAL_EEXIST);
	ck_assert_uint_eq(tables_used(), used);
	assert_unmapped(MIB2);
	assert_maps(MIB2 + 4 * PAGE, 0x100000, rw, HAL_MEM_NORMAL);
}
END_TEST

START_TEST(test_pool_exhaustion_changes_nothing)
{
	const unsigned rw = HAL_AS_R | HAL_AS_W;

	/* 15 tables left: 7 GiB slots x (level 2 + level 3) = 14 fit, an 8th does not */
	for (unsigned i = 0; i < 7U; i++) {
		ck_assert_int_eq(hal_as_map(&as, i * GIB, i * PAGE, PAGE, rw, HAL_MEM_NORMAL), 0);
	}
	ck_assert_uint_eq(tables_used(), 15);
	ck_assert_int_eq(hal_as_map(&as, 7 * GIB, 0, PAGE, rw, HAL_MEM_NORMAL), -HAL_ENOMEM);
	ck_assert_uint_eq(tables_used(), 15);
	assert_unmapped(7 * GIB);
	/* a page in a level-3 table that exists needs no table */
	ck_assert_int_eq(hal_as_map(&as, GIB + PAGE, 0, PAGE, rw, HAL_MEM_NORMAL), 0);
	/* one table left: a new level-3 under an existing level-2 fits, two do not */
	ck_assert_int_eq(hal_as_map(&as, GIB + 2 * MIB2 - PAGE, 0, 2 * PAGE, rw, HAL_MEM_NORMAL),
	                 -HAL_ENOMEM);
	assert_unmapped(GIB + 2 * MIB2 - PAGE);
	ck_assert_int_eq(hal_as_map(&as, GIB + MIB2, 0, PAGE, rw, HAL_MEM_NORMAL), 0);
	ck_assert_uint_eq(tables_used(), 16);
}
END_TEST

START_TEST(test_pool_size_is_enough)
{
	/* hal_as_pool_size(n) holds n pages that share no table */
	static uint8_t big[(1 + 8 + 8) * PAGE] __attribute__((aligned(4096)));
	struct as_arch a;
	struct hal_as_page pg;

	ck_assert_uint_eq(hal_as_pool_size(8), sizeof(big));
	ck_assert_int_eq(hal_as_create(&a, 1, big, sizeof(big)), 0);
	for (unsigned i = 0; i < 8U; i++) {
		ck_assert_int_eq(
		        hal_as_map(&a, i * GIB + i * MIB2, PAGE, PAGE, HAL_AS_R, HAL_MEM_NORMAL),
		        0);
	}
	ck_assert_int_eq(hal_as_map(&a, 9 * GIB, PAGE, PAGE, HAL_AS_R, HAL_MEM_NORMAL),
	                 -HAL_ENOMEM);
	ck_assert_int_eq(hal_as_translate(&a, 7 * GIB + 7 * MIB2, &pg), 0);
}
END_TEST

START_TEST(test_unmap_and_remap_reuses_tables)
{
	const unsigned rw = HAL_AS_R | HAL_AS_W;

	ck_assert_int_eq(hal_as_map(&as, 0x40000000, 0x1000000, 4 * PAGE, rw, HAL_MEM_NORMAL), 0);
	unsigned used = tables_used();

	ck_assert_int_eq(unmap(0x40001000, 2 * PAGE), 0);
	assert_maps(0x40000000, 0x1000000, rw, HAL_MEM_NORMAL);
	assert_unmapped(0x40001000);
	assert_unmapped(0x40002000);
	assert_maps(0x40003000, 0x1003000, rw, HAL_MEM_NORMAL);
	/* unmapping what was never mapped (no tables there) is fine */
	ck_assert_int_eq(unmap(5 * GIB, MIB2), 0);
	ck_assert_int_eq(unmap(0x800, PAGE), -HAL_EINVAL);
	ck_assert_int_eq(unmap(ARM64_S2_IPA_LIMIT, PAGE), -HAL_EINVAL);
	ck_assert_uint_eq(flushes, 0); /* no block was split */
	ck_assert_int_eq(hal_as_map(&as, 0x40001000, 0x2000000, 2 * PAGE, HAL_AS_R, HAL_MEM_NORMAL),
	                 0);
	assert_maps(0x40002000, 0x2001000, HAL_AS_R, HAL_MEM_NORMAL);
	ck_assert_uint_eq(tables_used(), used);
}
END_TEST

START_TEST(test_blocks_where_aligned)
{
	const unsigned rw = HAL_AS_R | HAL_AS_W;

	/* 4 KiB head, two 2 MiB blocks, 4 KiB tail */
	ck_assert_int_eq(hal_as_map(&as, MIB2 - PAGE, 0x1000000 - PAGE, 2 * MIB2 + 2 * PAGE, rw,
	                            HAL_MEM_NORMAL),
	                 0);
	ck_assert_uint_eq(l2_desc(MIB2) & S2_TYPE_MASK, S2_BLOCK);
	ck_assert_uint_eq(l2_desc(2 * MIB2) & S2_TYPE_MASK, S2_BLOCK);
	ck_assert_uint_eq(l2_desc(0) & S2_TYPE_MASK, S2_TABLE);
	ck_assert_uint_eq(l2_desc(3 * MIB2) & S2_TYPE_MASK, S2_TABLE);
	ck_assert_uint_eq(tables_used(), 1 + 1 + 2); /* root, level 2, head and tail tables */
	assert_maps(MIB2 - PAGE, 0x1000000 - PAGE, rw, HAL_MEM_NORMAL);
	assert_maps(MIB2 + 0x12345, 0x1000000 + 0x12345, rw, HAL_MEM_NORMAL);
	assert_maps(3 * MIB2 - 1, 0x1000000 + 2 * MIB2 - 1, rw, HAL_MEM_NORMAL);
	assert_maps(3 * MIB2, 0x1000000 + 2 * MIB2, rw, HAL_MEM_NORMAL);
	assert_unmapped(3 * MIB2 + PAGE);
	assert_unmapped(MIB2 - 2 * PAGE);
	/* a page inside a block is taken already; the plan sees it first */
	ck_assert_int_eq(hal_as_map(&as, 2 * MIB2 + PAGE, 0, PAGE, rw, HAL_MEM_NORMAL),
	                 -HAL_EEXIST);
	ck_assert_int_eq(hal_as_map(&as, 2 * MIB2, 0, MIB2, rw, HAL_MEM_NORMAL), -HAL_EEXIST);
	ck_assert_uint_eq(tables_used(), 4);
}
END_TEST

START_TEST(test_unmap_in_a_block_splits_it)
{
	const unsigned rwx = HAL_AS_R | HAL_AS_W | HAL_AS_X;

	ck_assert_int_eq(hal_as_map(&as, 0x40000000, 0x80000000, MIB2, rwx, HAL_MEM_NORMAL), 0);
	unsigned used = tables_used();
	uint64_t block = l2_desc(0x40000000);

	ck_assert_int_eq(unmap(0x40005000, PAGE), 0);
	ck_assert_uint_eq(flushes, 1); /* break-before-make */
	ck_assert_uint_eq(tables_used(), used + 1);
	ck_assert_uint_eq(l2_desc(0x40000000) & S2_TYPE_MASK, S2_TABLE);
	assert_unmapped(0x40005000);
	assert_maps(0x40004fff, 0x80004fff, rwx, HAL_MEM_NORMAL);
	assert_maps(0x40006000, 0x80006000, rwx, HAL_MEM_NORMAL);
	assert_maps(0x401ff000, 0x801ff000, rwx, HAL_MEM_NORMAL);
	/* the pages keep the block's attributes, as page descriptors */
	ck_assert_uint_eq(leaf(0x40006000), ((block & ~S2_TYPE_MASK) | S2_PAGE) + 0x6000);
	/* the page can be mapped again (XENMEM_add_to_physmap's pattern) */
	ck_assert_int_eq(hal_as_map(&as, 0x40005000, 0x9000000, PAGE, HAL_AS_R, HAL_MEM_NORMAL), 0);
	assert_maps(0x40005000, 0x9000000, HAL_AS_R, HAL_MEM_NORMAL);
}
END_TEST

START_TEST(test_unmap_of_whole_blocks_needs_no_table)
{
	const unsigned rw = HAL_AS_R | HAL_AS_W;

	ck_assert_int_eq(hal_as_map(&as, 0, 0x1000000, 4 * MIB2, rw, HAL_MEM_NORMAL), 0);
	unsigned used = tables_used();

	ck_assert_int_eq(unmap(MIB2, 2 * MIB2), 0);
	ck_assert_uint_eq(flushes, 0);
	ck_assert_uint_eq(tables_used(), used);
	assert_maps(MIB2 - 1, 0x1000000 + MIB2 - 1, rw, HAL_MEM_NORMAL);
	assert_unmapped(MIB2);
	assert_unmapped(3 * MIB2 - 1);
	assert_maps(3 * MIB2, 0x1000000 + 3 * MIB2, rw, HAL_MEM_NORMAL);
	/* the hole takes a block again */
	ck_assert_int_eq(hal_as_map(&as, MIB2, 0x2000000, MIB2, rw, HAL_MEM_NORMAL), 0);
	ck_assert_uint_eq(l2_desc(MIB2) & S2_TYPE_MASK, S2_BLOCK);
	ck_assert_uint_eq(tables_used(), used);
}
END_TEST

START_TEST(test_split_without_a_table_changes_nothing)
{
	static uint8_t small[2 * PAGE] __attribute__((aligned(4096)));
	struct as_arch a;
	struct hal_as_page pg;

	ck_assert_int_eq(hal_as_create(&a, 1, small, sizeof(small)), 0);
	ck_assert_int_eq(hal_as_map(&a, 0, 0, MIB2, HAL_AS_R, HAL_MEM_NORMAL), 0); /* root + L2 */
	ck_assert_int_eq(arm64_s2_unmap(&a, PAGE, PAGE, count_flush), -HAL_ENOMEM);
	ck_assert_uint_eq(flushes, 0);
	ck_assert_int_eq(hal_as_translate(&a, PAGE, &pg), 0);
	ck_assert_uint_eq(pg.pa, PAGE);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("hal_arm64_s2");
	TCase *tc = tcase_create("s2");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, test_pool_size_worst_case);
	tcase_add_test(tc, test_create_rejects_bad_arguments);
	tcase_add_test(tc, test_empty_after_create);
	tcase_add_test(tc, test_map_ram_and_translate);
	tcase_add_test(tc, test_permissions_and_device);
	tcase_add_test(tc, test_bad_map_arguments);
	tcase_add_test(tc, test_overlap_changes_nothing);
	tcase_add_test(tc, test_pool_exhaustion_changes_nothing);
	tcase_add_test(tc, test_pool_size_is_enough);
	tcase_add_test(tc, test_unmap_and_remap_reuses_tables);
	tcase_add_test(tc, test_blocks_where_aligned);
	tcase_add_test(tc, test_unmap_in_a_block_splits_it);
	tcase_add_test(tc, test_unmap_of_whole_blocks_needs_no_table);
	tcase_add_test(tc, test_split_without_a_table_changes_nothing);
	suite_add_tcase(s, tc);

	SRunner *sr = srunner_create(s);

	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);

	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
