/*
 * Host unit tests for the pure x86-64 passthrough and SVM-assist rules:
 * which GSIs a domain may own and their IOAPIC entries (gsi.c), port
 * ranges and the I/O permission bitmap (pio.c), and the selection of
 * NRIPS / DecodeAssists from CPUID 0x8000000A (svm_features.c).
 * [utest->dsn~x86-ioapic-route~1] [utest->dsn~x86-pio-passthrough~1]
 * [utest->dsn~x86-svm-assists~1]
 */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arch.h"
#include "ioapic.h"
#include "pio.h"

#define TAG(port) (X86_PIO_TAG | ((uint64_t)(port)*X86_PIO_STRIDE))

START_TEST(test_gsi_routable)
{
	ck_assert(x86_gsi_routable(3, 24));
	ck_assert(x86_gsi_routable(23, 24));
	ck_assert(!x86_gsi_routable(0, 24)); /* PIT */
	ck_assert(!x86_gsi_routable(2, 24)); /* PIT on the IOAPIC */
	ck_assert(!x86_gsi_routable(4, 24)); /* COM1, the hypervisor's console */
	ck_assert(!x86_gsi_routable(24, 24));
	ck_assert(!x86_gsi_routable(20, 16)); /* beyond the pins the IOAPIC has */
}
END_TEST

START_TEST(test_ioapic_entry)
{
	uint64_t e = x86_ioapic_entry(3, 1);

	ck_assert_uint_eq(e & 0xff, X86_VEC_GSI_BASE + 3);
	ck_assert_uint_eq(e >> 56, 1);
	ck_assert_uint_eq(e & (1ULL << 16), 0); /* unmasked */
	ck_assert_uint_eq(e & (1ULL << 15), 0); /* ISA: edge */
	ck_assert_uint_eq(e & (1ULL << 13), 0); /* active high */
	ck_assert_uint_eq(e & (7ULL << 8), 0);  /* fixed */
	ck_assert_uint_eq(e & (1ULL << 11), 0); /* physical destination */
	e = x86_ioapic_entry(17, 0x12);
	ck_assert_uint_eq(e & 0xff, X86_VEC_GSI_BASE + 17);
	ck_assert_uint_eq(e >> 56, 0x12);
	ck_assert_uint_ne(e & (1ULL << 15), 0); /* PCI: level */
	ck_assert_uint_ne(e & (1ULL << 13), 0); /* active low */
}
END_TEST

START_TEST(test_pio_range_ok)
{
	ck_assert(x86_pio_is_range(TAG(0x2f8)));
	ck_assert(!x86_pio_is_range(0xfec00000ULL));
	ck_assert(x86_pio_range_ok(TAG(0x2f8), TAG(0x2f8), 8 * X86_PIO_STRIDE));
	ck_assert(x86_pio_range_ok(TAG(0xffff), TAG(0xffff), X86_PIO_STRIDE));
	ck_assert(!x86_pio_range_ok(TAG(0x2f8), TAG(0x2f8), 0));                    /* empty */
	ck_assert(!x86_pio_range_ok(TAG(0x3f8), TAG(0x2f8), 8 * X86_PIO_STRIDE));   /* remapped */
	ck_assert(!x86_pio_range_ok(TAG(0xfff8), TAG(0xfff8), 9 * X86_PIO_STRIDE)); /* past 64 Ki */
	ck_assert(!x86_pio_range_ok(TAG(0x10000), TAG(0x10000), X86_PIO_STRIDE));
	ck_assert(
	        !x86_pio_range_ok(TAG(0x2f8) + 1, TAG(0x2f8) + 1, X86_PIO_STRIDE)); /* unaligned */
}
END_TEST

START_TEST(test_iopm_open)
{
	static uint8_t iopm[X86_IOPM_SIZE];

	memset(iopm, 0xff, sizeof(iopm));
	x86_iopm_open(iopm, 0x2f8, 8);
	ck_assert_uint_eq(iopm[0x2f8 / 8], 0x00);     /* 0x2f8-0x2ff */
	ck_assert_uint_eq(iopm[0x2f8 / 8 - 1], 0xff); /* 0x2f0-0x2f7 still trap */
	ck_assert_uint_eq(iopm[0x2f8 / 8 + 1], 0xff); /* 0x300- */
	x86_iopm_open(iopm, 0x61, 1);
	ck_assert_uint_eq(iopm[0x60 / 8], 0xfd); /* only bit 1: port 0x61 */
	x86_iopm_open(iopm, 0xfffe, 2);
	ck_assert_uint_eq(iopm[0xfff8 / 8], 0x3f);
	ck_assert_uint_eq(iopm[0x10000 / 8], 0xff); /* the 3 trailing bytes stay set */
}
END_TEST

START_TEST(test_svm_caps_from_cpuid)
{
	struct x86_svm_caps tcg = x86_svm_caps_from_cpuid(16, 0x1); /* QEMU TCG: NP only */
	struct x86_svm_caps amd = x86_svm_caps_from_cpuid(32768, 0x1 | 0x8 | 0x40 | 0x80);

	ck_assert_uint_eq(tcg.nr_asids, 16);
	ck_assert(!tcg.nrips && !tcg.flush_by_asid && !tcg.decode_assists);
	ck_assert_uint_eq(amd.nr_asids, 32768);
	ck_assert(amd.nrips && amd.flush_by_asid && amd.decode_assists);
	ck_assert(x86_svm_caps_from_cpuid(1, 0x8).nrips);
	ck_assert(!x86_svm_caps_from_cpuid(1, 0x8).decode_assists);
	ck_assert(x86_svm_caps_from_cpuid(1, 0x80).decode_assists);
}
END_TEST

START_TEST(test_insn_len_pick)
{
	struct x86_svm_caps with = x86_svm_caps_from_cpuid(16, 0x8);
	struct x86_svm_caps without = x86_svm_caps_from_cpuid(16, 0x0);

	ck_assert_uint_eq(x86_insn_len_pick(&with, 0x1000, 0x1003, 1), 3);    /* next RIP */
	ck_assert_uint_eq(x86_insn_len_pick(&without, 0x1000, 0x1003, 1), 1); /* fallback */
	ck_assert_uint_eq(x86_insn_len_pick(&with, 0x1000, 0x1000, 2), 2);    /* 0: not saved */
	ck_assert_uint_eq(x86_insn_len_pick(&with, 0x1000, 0x1010, 2), 2);    /* 16: implausible */
	ck_assert_uint_eq(x86_insn_len_pick(&with, 0x1000, 0x0fff, 2), 2);    /* backwards */
	ck_assert_uint_eq(x86_insn_len_pick(&with, 0x1000, 0x100f, 2), 15);
}
END_TEST

START_TEST(test_insn_bytes_pick)
{
	struct x86_svm_caps with = x86_svm_caps_from_cpuid(16, 0x80);
	struct x86_svm_caps without = x86_svm_caps_from_cpuid(16, 0x8);

	ck_assert_uint_eq(x86_insn_bytes_pick(&with, 5), 5);
	ck_assert_uint_eq(x86_insn_bytes_pick(&with, 0), 0);    /* none saved: fetch */
	ck_assert_uint_eq(x86_insn_bytes_pick(&with, 0xf3), 3); /* low nibble only */
	ck_assert_uint_eq(x86_insn_bytes_pick(&without, 5), 0); /* decoder fetches */
}
END_TEST

static Suite *passthrough_suite(void)
{
	Suite *s = suite_create("hal_x86_64_passthrough");
	TCase *tc = tcase_create("passthrough");

	tcase_add_test(tc, test_gsi_routable);
	tcase_add_test(tc, test_ioapic_entry);
	tcase_add_test(tc, test_pio_range_ok);
	tcase_add_test(tc, test_iopm_open);
	tcase_add_test(tc, test_svm_caps_from_cpuid);
	tcase_add_test(tc, test_insn_len_pick);
	tcase_add_test(tc, test_insn_bytes_pick);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(passthrough_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
