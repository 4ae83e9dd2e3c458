/*
 * Unit tests for hal/arm64/pt.c, the EL2 stage-1 identity-map builder, run
 * on host memory: the tables are checked by walking them like the MMU.
 * [utest->dsn~arm64-el2-mmu~1]
 * [utest->dsn~arm64-stacks~1]
 */
#include <check.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <arm64/pt.h>

#define POOL 4U
#define GIB (1ULL << 30)
#define MIB2 (1ULL << 21)
#define KIB4 (1ULL << 12)

static uint64_t l1[ARM64_PT_ENTRIES] __attribute__((aligned(4096)));
static uint64_t pool[POOL][ARM64_PT_ENTRIES] __attribute__((aligned(4096)));
static struct arm64_pt pt;

static void setup(void)
{
	memset(l1, 0, sizeof(l1));
	memset(pool, 0, sizeof(pool));
	pt = (struct arm64_pt){l1, pool, POOL, 0U};
}

static const uint64_t *next_level(uint64_t table_desc)
{
	return (const uint64_t *)(uintptr_t)(table_desc & ARM64_DESC_ADDR_MASK);
}

/* Walk like the MMU: the leaf descriptor for va and its size, or 0. */
static uint64_t walk(uint64_t va, uint64_t *size)
{
	static const unsigned shifts[3] = {30, 21, 12};
	const uint64_t *table = l1;

	for (unsigned lvl = 0; lvl < 3U; lvl++) {
		uint64_t e = table[(va >> shifts[lvl]) % ARM64_PT_ENTRIES];

		*size = 1ULL << shifts[lvl];
		if (lvl == 2U) {
			return ((e & ARM64_DESC_TYPE_MASK) == ARM64_DESC_PAGE) ? e : 0;
		}
		if ((e & ARM64_DESC_TYPE_MASK) == ARM64_DESC_BLOCK) {
			return e;
		}
		if ((e & ARM64_DESC_TYPE_MASK) != ARM64_DESC_TABLE) {
			return 0;
		}
		table = next_level(e);
	}
	return 0;
}

/* va is mapped identically, with the attributes of type. */
static void assert_mapped(uint64_t va, enum arm64_mem_type type)
{
	uint64_t size = 0;
	uint64_t d = walk(va, &size);
	bool ro = type == ARM64_MEM_RO || type == ARM64_MEM_TEXT;

	ck_assert_msg(d != 0, "0x%llx unmapped", (unsigned long long)va);
	ck_assert_uint_eq(d & ARM64_DESC_ADDR_MASK, va & ~(size - 1U));
	ck_assert(d & ARM64_DESC_AF);
	ck_assert_uint_eq(d & ARM64_DESC_AP_MASK, ro ? ARM64_DESC_AP_RO : ARM64_DESC_AP_RW);
	/* W^X: only text is executable, and text is read-only */
	ck_assert_uint_eq(d & ARM64_DESC_XN, type == ARM64_MEM_TEXT ? 0 : ARM64_DESC_XN);
	if (type == ARM64_MEM_DEVICE) {
		ck_assert_uint_eq(d & ARM64_DESC_ATTR_MASK,
		                  ARM64_DESC_ATTR(ARM64_ATTR_DEVICE_nGnRE));
	} else {
		ck_assert_uint_eq(d & ARM64_DESC_ATTR_MASK, ARM64_DESC_ATTR(ARM64_ATTR_NORMAL_WB));
		ck_assert_uint_eq(d & ARM64_DESC_SH_INNER, ARM64_DESC_SH_INNER);
	}
}

static void assert_unmapped(uint64_t va)
{
	uint64_t size = 0;

	ck_assert_msg(walk(va, &size) == 0, "0x%llx mapped", (unsigned long long)va);
}

static uint64_t leaf_size(uint64_t va)
{
	uint64_t size = 0;

	(void)walk(va, &size);
	return size;
}

START_TEST(test_qemu_virt_layout)
{
	/* what mmu.c does on qemu-virt-arm64: RAM below the image, text,
	 * rodata, data/bss with a guard page, RAM above, then the MMIO */
	const uint64_t img = 0x40200000;

	ck_assert_int_eq(arm64_pt_map(&pt, 0x40000000, MIB2, ARM64_MEM_RW), 0);
	ck_assert_int_eq(arm64_pt_map(&pt, img, 4 * KIB4, ARM64_MEM_TEXT), 0);
	ck_assert_int_eq(arm64_pt_map(&pt, img + 4 * KIB4, 2 * KIB4, ARM64_MEM_RO), 0);
	ck_assert_int_eq(arm64_pt_map(&pt, img + 6 * KIB4, 2 * KIB4, ARM64_MEM_RW), 0);
	/* guard page at img + 8 pages */
	ck_assert_int_eq(arm64_pt_map(&pt, img + 9 * KIB4, 7 * KIB4, ARM64_MEM_RW), 0);
	ck_assert_int_eq(
	        arm64_pt_map(&pt, img + 16 * KIB4, 0x80000000 - img - 16 * KIB4, ARM64_MEM_RW), 0);
	ck_assert_int_eq(arm64_pt_map(&pt, 0x08000000, 0x08000000, ARM64_MEM_DEVICE), 0);
	/* level-2 for RAM's GiB, level-3 for the image's 2 MiB, level-2 for MMIO */
	ck_assert_uint_eq(pt.pool_used, 3);
	assert_mapped(0x40000000, ARM64_MEM_RW);
	ck_assert_uint_eq(leaf_size(0x40000000), MIB2);
	assert_mapped(img, ARM64_MEM_TEXT);
	ck_assert_uint_eq(leaf_size(img), KIB4);
	assert_mapped(img + 5 * KIB4, ARM64_MEM_RO);
	assert_mapped(img + 7 * KIB4, ARM64_MEM_RW);
	assert_unmapped(img + 8 * KIB4); /* the guard */
	assert_mapped(img + 9 * KIB4, ARM64_MEM_RW);
	assert_mapped(img + MIB2 - KIB4, ARM64_MEM_RW);
	assert_mapped(img + MIB2, ARM64_MEM_RW);
	ck_assert_uint_eq(leaf_size(img + MIB2), MIB2);
	assert_mapped(0x7fffffff, ARM64_MEM_RW);
	assert_mapped(0x09000000, ARM64_MEM_DEVICE); /* PL011 */
	assert_mapped(0x080a0000, ARM64_MEM_DEVICE); /* GICv3 redistributors */
	assert_unmapped(0x0);                        /* NULL faults */
	assert_unmapped(0x07ffffff);
	assert_unmapped(0x10000000);
	assert_unmapped(0x80000000);
}
END_TEST

START_TEST(test_zcu102_layout)
{
	/* RAM 2 GiB at 0 in one piece: two level-1 blocks, no tables */
	ck_assert_int_eq(arm64_pt_map(&pt, 0, 2 * GIB, ARM64_MEM_RW), 0);
	ck_assert_uint_eq(pt.pool_used, 0);
	ck_assert_uint_eq(leaf_size(0x7fffffff), GIB);
	ck_assert_int_eq(arm64_pt_map(&pt, 0xf8000000, 0x08000000, ARM64_MEM_DEVICE), 0);
	ck_assert_uint_eq(pt.pool_used, 1);
	assert_mapped(0x0, ARM64_MEM_RW);
	assert_mapped(0x7fffffff, ARM64_MEM_RW);
	assert_mapped(0xff000000, ARM64_MEM_DEVICE); /* Cadence UART0 */
	assert_mapped(0xf9010000, ARM64_MEM_DEVICE); /* GIC-400 */
	assert_unmapped(0x80000000);
	assert_unmapped(0xf7ffffff);
}
END_TEST

START_TEST(test_largest_descriptor_that_fits)
{
	/* 4 KiB before a 2 MiB boundary, 2 MiB, 4 KiB after */
	ck_assert_int_eq(arm64_pt_map(&pt, GIB + MIB2 - KIB4, MIB2 + 2 * KIB4, ARM64_MEM_RW), 0);
	ck_assert_uint_eq(leaf_size(GIB + MIB2 - KIB4), KIB4);
	ck_assert_uint_eq(leaf_size(GIB + MIB2), MIB2);
	ck_assert_uint_eq(leaf_size(GIB + 2 * MIB2), KIB4);
	assert_unmapped(GIB + MIB2 - 2 * KIB4);
	assert_unmapped(GIB + 2 * MIB2 + KIB4);
	ck_assert_uint_eq(pt.pool_used, 3); /* one level-2, two level-3 */
}
END_TEST

START_TEST(test_bad_ranges_rejected)
{
	ck_assert_int_eq(arm64_pt_map(&pt, 0x800, KIB4, ARM64_MEM_RW), ARM64_PT_EINVAL);
	ck_assert_int_eq(arm64_pt_map(&pt, 0, KIB4 + 16, ARM64_MEM_RW), ARM64_PT_EINVAL);
	ck_assert_int_eq(arm64_pt_map(&pt, 0, 0, ARM64_MEM_RW), ARM64_PT_EINVAL);
	/* beyond the 39-bit VA, and a size that wraps around */
	ck_assert_int_eq(arm64_pt_map(&pt, 1ULL << 39, KIB4, ARM64_MEM_RW), ARM64_PT_EINVAL);
	ck_assert_int_eq(arm64_pt_map(&pt, (1ULL << 39) - KIB4, 2 * KIB4, ARM64_MEM_RW),
	                 ARM64_PT_EINVAL);
	ck_assert_int_eq(arm64_pt_map(&pt, KIB4, UINT64_MAX - KIB4 + 1U, ARM64_MEM_RW),
	                 ARM64_PT_EINVAL);
	for (unsigned i = 0; i < ARM64_PT_ENTRIES; i++) {
		ck_assert_uint_eq(l1[i], 0);
	}
}
END_TEST

START_TEST(test_overlaps_rejected)
{
	ck_assert_int_eq(arm64_pt_map(&pt, GIB, GIB, ARM64_MEM_RW), 0);
	/* inside a level-1 block */
	ck_assert_int_eq(arm64_pt_map(&pt, GIB + MIB2, KIB4, ARM64_MEM_DEVICE), ARM64_PT_EINVAL);
	assert_mapped(GIB + MIB2, ARM64_MEM_RW); /* the block is untouched */
	/* inside a level-2 block, and on a page already mapped */
	ck_assert_int_eq(arm64_pt_map(&pt, 0, MIB2, ARM64_MEM_RW), 0);
	ck_assert_int_eq(arm64_pt_map(&pt, KIB4, KIB4, ARM64_MEM_RO), ARM64_PT_EINVAL);
	ck_assert_int_eq(arm64_pt_map(&pt, MIB2, KIB4, ARM64_MEM_TEXT), 0);
	ck_assert_int_eq(arm64_pt_map(&pt, MIB2, KIB4, ARM64_MEM_TEXT), ARM64_PT_EINVAL);
	assert_mapped(MIB2, ARM64_MEM_TEXT);
}
END_TEST

START_TEST(test_pool_exhaustion)
{
	/* one page in each of POOL / 2 + 1 GiBs: a level-2 and a level-3 each */
	for (unsigned i = 0; i < POOL / 2U; i++) {
		ck_assert_int_eq(arm64_pt_map(&pt, i * GIB, KIB4, ARM64_MEM_DEVICE), 0);
	}
	ck_assert_uint_eq(pt.pool_used, POOL);
	ck_assert_int_eq(arm64_pt_map(&pt, 3 * GIB, KIB4, ARM64_MEM_DEVICE), ARM64_PT_ENOMEM);
	assert_unmapped(3 * GIB);
}
END_TEST

START_TEST(test_mair_matches_indexes)
{
	ck_assert_uint_eq((ARM64_MAIR_VALUE >> (8U * ARM64_ATTR_DEVICE_nGnRnE)) & 0xffU, 0x00);
	ck_assert_uint_eq((ARM64_MAIR_VALUE >> (8U * ARM64_ATTR_DEVICE_nGnRE)) & 0xffU, 0x04);
	ck_assert_uint_eq((ARM64_MAIR_VALUE >> (8U * ARM64_ATTR_NORMAL_WB)) & 0xffU, 0xff);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("hal_arm64_pt");
	TCase *tc = tcase_create("pt");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, test_qemu_virt_layout);
	tcase_add_test(tc, test_zcu102_layout);
	tcase_add_test(tc, test_largest_descriptor_that_fits);
	tcase_add_test(tc, test_bad_ranges_rejected);
	tcase_add_test(tc, test_overlaps_rejected);
	tcase_add_test(tc, test_pool_exhaustion);
	tcase_add_test(tc, test_mair_matches_indexes);
	suite_add_tcase(s, tc);

	SRunner *sr = srunner_create(s);

	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);

	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
