/*
 * Unit tests for the hal/x86_64 MMIO instruction decoder (decode.c) and
 * the MOV-semantics register writes that finish a load (regs.c).
 */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "decode.h"
#include "exit.h"
#include "vmcb.h"

static struct x86_decoded d;

static int dec(enum x86_cpu_mode mode, const uint8_t *b, unsigned n)
{
	return x86_decode(b, n, mode, &d);
}

#define DEC(mode, ...)                                                                             \
	({                                                                                         \
		static const uint8_t bytes_[] = {__VA_ARGS__};                                     \
		dec(mode, bytes_, sizeof(bytes_));                                                 \
	})

/* [utest->dsn~x86-mmio-decoder~1] */
START_TEST(test_mov_store_load_32)
{
	ck_assert_int_eq(DEC(X86_MODE_32, 0x89, 0x08), 0); /* mov %ecx,(%eax) */
	ck_assert_uint_eq(d.len, 2);
	ck_assert_uint_eq(d.size, 4);
	ck_assert(d.write);
	ck_assert(!d.has_imm);
	ck_assert_uint_eq(d.src, 1);
	ck_assert_int_eq(DEC(X86_MODE_32, 0x8b, 0x15, 0x30, 0x00, 0xe0, 0xfe), 0);
	ck_assert_uint_eq(d.len, 6); /* mov 0xfee00030,%edx */
	ck_assert(!d.write);
	ck_assert_uint_eq(d.dest.reg, 2);
	ck_assert_uint_eq(d.dest.size, 4);
	ck_assert_int_eq(DEC(X86_MODE_32, 0xa3, 0xb0, 0x00, 0xe0, 0xfe), 0); /* mov %eax,moffs */
	ck_assert_uint_eq(d.len, 5);
	ck_assert(d.write);
	ck_assert_uint_eq(d.src, 0);
	ck_assert_int_eq(DEC(X86_MODE_32, 0xa0, 0, 0, 0xe0, 0xfe), 0); /* mov moffs,%al */
	ck_assert_uint_eq(d.size, 1);
	ck_assert(!d.write);
}
END_TEST

/* [utest->dsn~x86-mmio-decoder~1] */
START_TEST(test_modrm_sib_disp_lengths)
{
	ck_assert_int_eq(DEC(X86_MODE_32, 0x8b, 0x04, 0x24), 0); /* (%esp) */
	ck_assert_uint_eq(d.len, 3);
	ck_assert_int_eq(DEC(X86_MODE_32, 0x8b, 0x44, 0x24, 0x08), 0); /* 8(%esp) */
	ck_assert_uint_eq(d.len, 4);
	ck_assert_int_eq(DEC(X86_MODE_32, 0x8b, 0x80, 1, 2, 3, 4), 0); /* disp32(%eax) */
	ck_assert_uint_eq(d.len, 6);
	ck_assert_int_eq(DEC(X86_MODE_32, 0x8b, 0x04, 0x25, 1, 2, 3, 4), 0); /* SIB, no base */
	ck_assert_uint_eq(d.len, 7);
	ck_assert_int_eq(DEC(X86_MODE_32, 0x8b, 0x84, 0x88, 1, 2, 3, 4), 0); /* SIB + disp32 */
	ck_assert_uint_eq(d.len, 7);
	ck_assert_int_eq(DEC(X86_MODE_64, 0x8b, 0x05, 1, 2, 3, 4), 0); /* RIP-relative */
	ck_assert_uint_eq(d.len, 6);
	ck_assert_int_eq(DEC(X86_MODE_32, 0x3e, 0x67, 0x8b, 0x07), 0); /* ds, addr16 (%bx) */
	ck_assert_uint_eq(d.len, 4);
}
END_TEST

/* [utest->dsn~x86-mmio-decoder~1] */
START_TEST(test_immediates_and_sizes)
{
	ck_assert_int_eq(DEC(X86_MODE_32, 0xc7, 0x05, 0xb0, 0, 0xe0, 0xfe, 0x78, 0x56, 0x34, 0x12),
	                 0); /* movl $0x12345678,0xfee000b0 */
	ck_assert_uint_eq(d.len, 10);
	ck_assert(d.write && d.has_imm);
	ck_assert_uint_eq(d.imm, 0x12345678);
	ck_assert_uint_eq(d.size, 4);
	ck_assert_int_eq(DEC(X86_MODE_64, 0x48, 0xc7, 0x00, 0xff, 0xff, 0xff, 0xff), 0);
	ck_assert_uint_eq(d.size, 8);
	ck_assert_uint_eq(d.imm, 0xffffffffffffffffULL); /* imm32 sign-extended */
	ck_assert_int_eq(DEC(X86_MODE_32, 0x66, 0xc7, 0x00, 0x34, 0x12), 0);
	ck_assert_uint_eq(d.size, 2);
	ck_assert_uint_eq(d.imm, 0x1234);
	ck_assert_uint_eq(d.len, 5);
	ck_assert_int_eq(DEC(X86_MODE_32, 0xc6, 0x00, 0xab), 0);
	ck_assert_uint_eq(d.size, 1);
	ck_assert_uint_eq(d.imm, 0xab);
	ck_assert_int_eq(DEC(X86_MODE_16, 0x89, 0x07), 0); /* 16-bit mode: word */
	ck_assert_uint_eq(d.size, 2);
	ck_assert_int_eq(DEC(X86_MODE_16, 0x66, 0x8b, 0x06, 0x34, 0x12), 0); /* disp16 */
	ck_assert_uint_eq(d.size, 4);
	ck_assert_uint_eq(d.len, 5);
	ck_assert_int_eq(DEC(X86_MODE_64, 0xa1, 1, 2, 3, 4, 5, 6, 7, 8), 0); /* moffs64 */
	ck_assert_uint_eq(d.len, 9);
}
END_TEST

/* [utest->dsn~x86-mmio-decoder~1] */
START_TEST(test_byte_registers_and_rex)
{
	ck_assert_int_eq(DEC(X86_MODE_32, 0x88, 0x20), 0); /* mov %ah,(%eax) */
	ck_assert(d.src_high);
	ck_assert_uint_eq(d.src, 4);
	ck_assert_int_eq(DEC(X86_MODE_64, 0x40, 0x88, 0x20), 0); /* mov %spl,(%rax) */
	ck_assert(!d.src_high);
	ck_assert_uint_eq(d.src, 4);
	ck_assert_int_eq(DEC(X86_MODE_64, 0x44, 0x8b, 0x00), 0); /* mov (%rax),%r8d */
	ck_assert_uint_eq(d.dest.reg, 8);
	ck_assert_int_eq(DEC(X86_MODE_32, 0x0f, 0xb6, 0x08), 0); /* movzbl (%eax),%ecx */
	ck_assert_uint_eq(d.size, 1);
	ck_assert_uint_eq(d.dest.ext_size, 4);
	ck_assert(!d.dest.sign);
	ck_assert_uint_eq(d.len, 3);
	ck_assert_int_eq(DEC(X86_MODE_64, 0x48, 0x0f, 0xbf, 0x08), 0); /* movswq */
	ck_assert_uint_eq(d.size, 2);
	ck_assert_uint_eq(d.dest.ext_size, 8);
	ck_assert(d.dest.sign);
}
END_TEST

/* [utest->dsn~x86-mmio-decoder~1] */
START_TEST(test_refused)
{
	ck_assert_int_eq(DEC(X86_MODE_32, 0x89, 0xc8), -1);             /* register operand */
	ck_assert_int_eq(DEC(X86_MODE_32, 0x01, 0x08), -1);             /* add: not emulated */
	ck_assert_int_eq(DEC(X86_MODE_32, 0xc7, 0x08, 1, 2, 3, 4), -1); /* c7 /1 */
	ck_assert_int_eq(DEC(X86_MODE_32, 0x8b, 0x80, 1, 2), -1);       /* truncated */
	ck_assert_int_eq(DEC(X86_MODE_32, 0x0f, 0x0b), -1);             /* ud2 */
	ck_assert_int_eq(DEC(X86_MODE_32, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
	                     0x66, 0x66, 0x66, 0x66, 0x66, 0x89, 0x08),
	                 -1); /* longer than 15 bytes */
	ck_assert_int_eq(dec(X86_MODE_32, (const uint8_t *)"", 0), -1);
}
END_TEST

static struct vcpu_arch *new_vcpu(void)
{
	struct vcpu_arch *v = aligned_alloc(4096, sizeof(*v));

	memset(v, 0, sizeof(*v));
	return v;
}

/* [utest->dsn~x86-exit-mmio~1] */
START_TEST(test_register_writes)
{
	struct vcpu_arch *v = new_vcpu();

	vmcb_set64(v->vmcb, VMCB_RAX, 0x1122334455667788ULL);
	x86_set_reg(v, 0, false, 1, 0xaa);
	ck_assert_uint_eq(x86_get_reg(v, 0), 0x11223344556677aaULL);
	x86_set_reg(v, 0, true, 1, 0xbb); /* AH */
	ck_assert_uint_eq(x86_get_reg(v, 0), 0x112233445566bbaaULL);
	x86_set_reg(v, 0, false, 2, 0xcccc);
	ck_assert_uint_eq(x86_get_reg(v, 0), 0x112233445566ccccULL);
	x86_set_reg(v, 0, false, 4, 0xdddddddd); /* 32-bit writes zero-extend */
	ck_assert_uint_eq(x86_get_reg(v, 0), 0xddddddddULL);
	x86_set_reg(v, 3, false, 8, 42); /* RBX lives in gprs */
	ck_assert_uint_eq(v->gprs.rbx, 42);
	x86_set_reg(v, 4, false, 8, 0x7000); /* RSP in the VMCB */
	ck_assert_uint_eq(vmcb_get64(v->vmcb, VMCB_RSP), 0x7000);
	x86_set_reg(v, 15, false, 8, 7);
	ck_assert_uint_eq(v->gprs.r15, 7);
	x86_set_reg(v, 6, false, 8, 6);
	ck_assert_uint_eq(v->gprs.rsi, 6);
	/* movswq: sign-extend a 16-bit load into 64 bits. */
	v->mmio = (struct x86_mmio_dest){.reg = 1, .size = 2, .sign = 1, .ext_size = 8};
	x86_mmio_load_done(v, 0x8001);
	ck_assert_uint_eq(v->gprs.rcx, 0xffffffffffff8001ULL);
	/* movzbl: zero-extend a byte load into 32 bits. */
	v->gprs.rdx = ~0ULL;
	v->mmio = (struct x86_mmio_dest){.reg = 2, .size = 1, .ext_size = 4};
	x86_mmio_load_done(v, 0x1ff);
	ck_assert_uint_eq(v->gprs.rdx, 0xff);
	free(v);
}
END_TEST

/* [utest->dsn~x86-exit-decode~1] */
START_TEST(test_exception_injection)
{
	struct vcpu_arch *v = new_vcpu();

	x86_inject_exception(v, 13, true, 0x18);
	ck_assert_uint_eq(vmcb_get64(v->vmcb, VMCB_EVENTINJ), 0x0000001880000b0dULL);
	x86_inject_exception(v, 6, false, 0);
	ck_assert_uint_eq(vmcb_get64(v->vmcb, VMCB_EVENTINJ), 0x80000306ULL);
	free(v);
}
END_TEST

static Suite *decode_suite(void)
{
	Suite *s = suite_create("hal_x86_64_decode");
	TCase *tc = tcase_create("decode");

	tcase_add_test(tc, test_mov_store_load_32);
	tcase_add_test(tc, test_modrm_sib_disp_lengths);
	tcase_add_test(tc, test_immediates_and_sizes);
	tcase_add_test(tc, test_byte_registers_and_rex);
	tcase_add_test(tc, test_refused);
	tcase_add_test(tc, test_register_writes);
	tcase_add_test(tc, test_exception_injection);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(decode_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
