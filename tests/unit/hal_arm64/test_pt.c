/*
 * Unit tests for hal/arm64/pt.c, the EL2 stage-1 identity-map builder, run
 * on host memory: the tables are checked by walking them like the MMU.
 * [utest->dsn~arm64-el2-mmu~1]
 */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <arm64/pt.h>

#define POOL 4U
#define GIB (1ULL << 30)
#define MIB2 (1ULL << 21)

static uint64_t l1[ARM64_PT_ENTRIES] __attribute__((aligned(4096)));
static uint64_t l2[POOL][ARM64_PT_ENTRIES] __attribute__((aligned(4096)));
static struct arm64_pt pt;

static void setup(void)
{
	memset(l1, 0, sizeof(l1));
	memset(l2, 0, sizeof(l2));
	pt = (struct arm64_pt){l1, l2, POOL, 0U};
}

/* Walk like the MMU: the block descriptor for va, or 0 if unmapped. */
static uint64_t walk(uint64_t va, uint64_t *block_size)
{
	uint64_t e = l1[(va >> 30) % ARM64_PT_ENTRIES];

	if ((e & ARM64_DESC_TYPE_MASK) == ARM64_DESC_BLOCK) {
		*block_size = GIB;
		return e;
	}
	if ((e & ARM64_DESC_TYPE_MASK) != ARM64_DESC_TABLE) {
		return 0;
	}
	const uint64_t *t = (const uint64_t *)(uintptr_t)(e & ARM64_DESC_ADDR_MASK);

	*block_size = MIB2;
	return t[(va >> 21) % ARM64_PT_ENTRIES];
}

/* va is mapped identically, with the attributes of type. */
static void assert_mapped(uint64_t va, enum arm64_mem_type type)
{
	uint64_t size = 0;
	uint64_t d = walk(va, &size);

	ck_assert_msg((d & ARM64_DESC_TYPE_MASK) == ARM64_DESC_BLOCK, "0x%llx unmapped",
	              (unsigned long long)va);
	ck_assert_uint_eq(d & ARM64_DESC_ADDR_MASK, va & ~(size - 1U));
	ck_assert(d & ARM64_DESC_AF);
	if (type == ARM64_MEM_DEVICE) {
		ck_assert_uint_eq(d & ARM64_DESC_ATTR_MASK,
		                  ARM64_DESC_ATTR(ARM64_ATTR_DEVICE_nGnRE));
		ck_assert(d & ARM64_DESC_XN);
	} else {
		ck_assert_uint_eq(d & ARM64_DESC_ATTR_MASK, ARM64_DESC_ATTR(ARM64_ATTR_NORMAL_WB));
		ck_assert_uint_eq(d & ARM64_DESC_SH_INNER, ARM64_DESC_SH_INNER);
		ck_assert(!(d & ARM64_DESC_XN));
	}
}

static void assert_unmapped(uint64_t va)
{
	uint64_t size = 0;

	ck_assert_msg(walk(va, &size) == 0, "0x%llx mapped", (unsigned long long)va);
}

START_TEST(test_qemu_virt_layout)
{
	/* RAM 1 GiB at 1 GiB: one level-1 block; MMIO 128 MiB at 128 MiB */
	ck_assert_int_eq(arm64_pt_map(&pt, 0x40000000, GIB, ARM64_MEM_NORMAL), 0);
	ck_assert_int_eq(arm64_pt_map(&pt, 0x08000000, 0x08000000, ARM64_MEM_DEVICE), 0);
	ck_assert_uint_eq(pt.l2_used, 1);
	ck_assert_uint_eq(l1[1] & ARM64_DESC_TYPE_MASK, ARM64_DESC_BLOCK);
	assert_mapped(0x40200000, ARM64_MEM_NORMAL);
	assert_mapped(0x7fffffff, ARM64_MEM_NORMAL);
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
	/* RAM 2 GiB at 0; MMIO top 128 MiB of the low 4 GiB */
	ck_assert_int_eq(arm64_pt_map(&pt, 0, 2 * GIB, ARM64_MEM_NORMAL), 0);
	ck_assert_int_eq(arm64_pt_map(&pt, 0xf8000000, 0x08000000, ARM64_MEM_DEVICE), 0);
	ck_assert_uint_eq(pt.l2_used, 1);
	assert_mapped(0x0, ARM64_MEM_NORMAL);
	assert_mapped(0x7fffffff, ARM64_MEM_NORMAL);
	assert_mapped(0xff000000, ARM64_MEM_DEVICE); /* Cadence UART0 */
	assert_mapped(0xf9010000, ARM64_MEM_DEVICE); /* GIC-400 */
	assert_unmapped(0x80000000);
	assert_unmapped(0xf7ffffff);
}
END_TEST

START_TEST(test_unaligned_ram_uses_2m_blocks)
{
	/* 1 GiB + 4 MiB starting 2 MiB into a GiB: no level-1 block fits */
	ck_assert_int_eq(arm64_pt_map(&pt, GIB + MIB2, GIB + 2 * MIB2, ARM64_MEM_NORMAL), 0);
	ck_assert_uint_eq(pt.l2_used, 2);
	assert_unmapped(GIB);
	assert_mapped(GIB + MIB2, ARM64_MEM_NORMAL);
	assert_mapped(2 * GIB + 2 * MIB2, ARM64_MEM_NORMAL);
	assert_unmapped(2 * GIB + 3 * MIB2);
}
END_TEST

START_TEST(test_bad_ranges_rejected)
{
	ck_assert_int_eq(arm64_pt_map(&pt, 0x1000, MIB2, ARM64_MEM_NORMAL), ARM64_PT_EINVAL);
	ck_assert_int_eq(arm64_pt_map(&pt, 0, MIB2 + 4096, ARM64_MEM_NORMAL), ARM64_PT_EINVAL);
	ck_assert_int_eq(arm64_pt_map(&pt, 0, 0, ARM64_MEM_NORMAL), ARM64_PT_EINVAL);
	/* beyond the 39-bit VA, and a size that wraps around */
	ck_assert_int_eq(arm64_pt_map(&pt, 1ULL << 39, MIB2, ARM64_MEM_NORMAL), ARM64_PT_EINVAL);
	ck_assert_int_eq(arm64_pt_map(&pt, (1ULL << 39) - MIB2, 2 * MIB2, ARM64_MEM_NORMAL),
	                 ARM64_PT_EINVAL);
	ck_assert_int_eq(arm64_pt_map(&pt, MIB2, UINT64_MAX - MIB2 + 1U, ARM64_MEM_NORMAL),
	                 ARM64_PT_EINVAL);
	for (unsigned i = 0; i < ARM64_PT_ENTRIES; i++) {
		ck_assert_uint_eq(l1[i], 0);
	}
}
END_TEST

START_TEST(test_overlap_with_gib_block_rejected)
{
	ck_assert_int_eq(arm64_pt_map(&pt, GIB, GIB, ARM64_MEM_NORMAL), 0);
	ck_assert_int_eq(arm64_pt_map(&pt, GIB + MIB2, MIB2, ARM64_MEM_DEVICE), ARM64_PT_EINVAL);
	assert_mapped(GIB + MIB2, ARM64_MEM_NORMAL); /* the block is untouched */
}
END_TEST

START_TEST(test_pool_exhaustion)
{
	/* one 2 MiB region in each of POOL + 1 different GiBs */
	for (unsigned i = 0; i < POOL; i++) {
		ck_assert_int_eq(arm64_pt_map(&pt, i * GIB + MIB2, MIB2, ARM64_MEM_DEVICE), 0);
	}
	ck_assert_int_eq(arm64_pt_map(&pt, POOL * GIB + MIB2, MIB2, ARM64_MEM_DEVICE),
	                 ARM64_PT_ENOMEM);
	ck_assert_uint_eq(pt.l2_used, POOL);
	assert_unmapped(POOL * GIB + MIB2);
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
	tcase_add_test(tc, test_unaligned_ram_uses_2m_blocks);
	tcase_add_test(tc, test_bad_ranges_rejected);
	tcase_add_test(tc, test_overlap_with_gib_block_rejected);
	tcase_add_test(tc, test_pool_exhaustion);
	tcase_add_test(tc, test_mair_matches_indexes);
	suite_add_tcase(s, tc);

	SRunner *sr = srunner_create(s);

	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);

	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
