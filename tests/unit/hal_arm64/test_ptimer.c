/*
 * Unit tests for the emulated EL1 physical timer (hal/arm64/ptimer.c) and
 * its trapped registers (sysreg_trap.c) on the host, with a fake counter:
 * register semantics (CTL with ISTATUS, CVAL, TVAL as a signed 32-bit
 * distance), one raise of PPI 30 per expiry, a new raise after a write,
 * a raise taken back when a write lowers the line, the deadline handed to
 * the hypervisor's timer.
 * [utest->dsn~arm64-ptimer~1]
 */
#include <check.h>
#include <stdint.h>
#include <string.h>

#include <arm64/guest.h>
#include <arm64/ptimer.h>
#include <arm64/vgic.h>

#include "fake_counter.h"

#define ENABLE 1U
#define IMASK 2U
#define ISTATUS 4U
#define PPI30 (1U << 30)

static struct vcpu_arch v;
static uint64_t sgi_seen;

/* Fakes for what sysreg_trap.c reaches besides the timer. */
void arm64_vgic_sgi(struct vcpu_arch *vc, uint64_t sgi1r)
{
	(void)vc;
	sgi_seen = sgi1r;
}

struct vm_exit arm64_exit_fault(const struct vcpu_arch *vc, enum vm_fault_kind kind, uint64_t addr)
{
	struct vm_exit e = {.kind = EXIT_FAULT};

	e.fault.kind = kind;
	e.fault.addr = addr;
	e.fault.pc = vc->pc;
	return e;
}

static void setup(void)
{
	memset(&v, 0, sizeof(v));
	fake_count = 1000;
	fake_raises = 0;
	fake_last_ppi = 0;
}

static uint32_t pending(void)
{
	return atomic_load(&v.vgic.pending_local);
}

START_TEST(test_reset_state)
{
	ck_assert_uint_eq(arm64_ptimer_read(&v, ARM64_PTIMER_CTL, 1000), 0);
	ck_assert_uint_eq(arm64_ptimer_read(&v, ARM64_PTIMER_CVAL, 1000), 0);
	ck_assert_uint_eq(arm64_ptimer_deadline(&v), 0);
	arm64_ptimer_check(&v, 5000);
	ck_assert_uint_eq(fake_raises, 0); /* disabled: no interrupt */
}
END_TEST

START_TEST(test_expiry_raises_once)
{
	arm64_ptimer_write(&v, ARM64_PTIMER_CVAL, 2000, 1000);
	arm64_ptimer_write(&v, ARM64_PTIMER_CTL, ENABLE, 1000);
	ck_assert_uint_eq(arm64_ptimer_deadline(&v), 2000);
	ck_assert_uint_eq(arm64_ptimer_read(&v, ARM64_PTIMER_CTL, 1999), ENABLE);
	ck_assert_uint_eq(arm64_ptimer_read(&v, ARM64_PTIMER_TVAL, 1500), 500);
	arm64_ptimer_check(&v, 1999);
	ck_assert_uint_eq(fake_raises, 0);
	arm64_ptimer_check(&v, 2000);
	ck_assert_uint_eq(fake_raises, 1);
	ck_assert_uint_eq(fake_last_ppi, 30);
	ck_assert_uint_eq(pending() & PPI30, PPI30);
	arm64_ptimer_check(&v, 2500);
	ck_assert_uint_eq(fake_raises, 1); /* once per setting */
	ck_assert_uint_eq(arm64_ptimer_deadline(&v), 0);
	ck_assert_uint_eq(arm64_ptimer_read(&v, ARM64_PTIMER_CTL, 2001), ENABLE | ISTATUS);
	ck_assert_uint_eq(arm64_ptimer_read(&v, ARM64_PTIMER_TVAL, 2001), 0xffffffffULL);
	/* re-armed by the guest: raised again at the new deadline */
	arm64_ptimer_write(&v, ARM64_PTIMER_CVAL, 3000, 2600);
	ck_assert_uint_eq(arm64_ptimer_deadline(&v), 3000);
	arm64_ptimer_check(&v, 3000);
	ck_assert_uint_eq(fake_raises, 2);
}
END_TEST

START_TEST(test_tval_is_signed_32_bit)
{
	arm64_ptimer_write(&v, ARM64_PTIMER_CTL, ENABLE | IMASK, 1000);
	arm64_ptimer_write(&v, ARM64_PTIMER_TVAL, 0xfffffffbULL, 1000); /* -5 */
	ck_assert_uint_eq(arm64_ptimer_read(&v, ARM64_PTIMER_CVAL, 1000), 995);
	arm64_ptimer_write(&v, ARM64_PTIMER_TVAL, 0xffffffff7fffffffULL,
	                   1000); /* high bits ignored */
	ck_assert_uint_eq(arm64_ptimer_read(&v, ARM64_PTIMER_CVAL, 1000), 1000 + 0x7fffffffULL);
	ck_assert_uint_eq(arm64_ptimer_read(&v, ARM64_PTIMER_TVAL, 1000), 0x7fffffffULL);
	ck_assert_uint_eq(fake_raises, 0); /* masked */
}
END_TEST

START_TEST(test_write_past_deadline_raises_at_once)
{
	arm64_ptimer_write(&v, ARM64_PTIMER_CTL, ENABLE, 1000);
	ck_assert_uint_eq(fake_raises, 1); /* CVAL 0 <= count: the line is high */
	arm64_ptimer_write(&v, ARM64_PTIMER_TVAL, 0, 1200);
	ck_assert_uint_eq(fake_raises, 2);
	ck_assert_uint_eq(arm64_ptimer_read(&v, ARM64_PTIMER_CVAL, 1200), 1200);
}
END_TEST

START_TEST(test_masking_takes_back_the_raise)
{
	arm64_ptimer_write(&v, ARM64_PTIMER_CVAL, 900, 1000);
	arm64_ptimer_write(&v, ARM64_PTIMER_CTL, ENABLE, 1000);
	ck_assert_uint_eq(pending() & PPI30, PPI30);
	arm64_ptimer_write(&v, ARM64_PTIMER_CTL, ENABLE | IMASK | ISTATUS | 0xf0U, 1000);
	ck_assert_uint_eq(pending() & PPI30, 0);
	ck_assert_uint_eq(arm64_ptimer_read(&v, ARM64_PTIMER_CTL, 1000), ENABLE | IMASK | ISTATUS);
	ck_assert_uint_eq(arm64_ptimer_deadline(&v), 0);
	arm64_ptimer_write(&v, ARM64_PTIMER_CTL, 0, 1000);
	ck_assert_uint_eq(arm64_ptimer_read(&v, ARM64_PTIMER_CTL, 1000), 0); /* no ISTATUS off */
	arm64_ptimer_write(&v, ARM64_PTIMER_CVAL, 0, 1000);
	arm64_ptimer_write(&v, ARM64_PTIMER_CTL, ENABLE | IMASK, 1000);
	arm64_ptimer_write(&v, ARM64_PTIMER_CTL, ENABLE, 1000);
	ck_assert_uint_eq(pending() & PPI30, PPI30);
}
END_TEST

START_TEST(test_deadline_zero_means_now)
{
	v.ptimer.ctl = ENABLE;
	v.ptimer.cval = 0;
	ck_assert_uint_eq(arm64_ptimer_deadline(&v), 1); /* 0 means "none" to timer.c */
}
END_TEST

/* ISS of an MSR/MRS: Op0 [21:20], Op2 [19:17], Op1 [16:14], CRn [13:10],
 * Rt [9:5], CRm [4:1], read [0]. */
static struct vm_exit sysreg(unsigned op2, unsigned rt, bool read)
{
	uint32_t iss = (3U << 20) | (op2 << 17) | (3U << 14) | (14U << 10) | (rt << 5) | (2U << 1) |
	               (read ? 1U : 0U);

	v.esr = ((uint64_t)EC_SYSREG << 26) | (1U << 25) | iss;
	return arm64_sysreg_trap(&v);
}

START_TEST(test_trapped_registers)
{
	v.pc = 0x40001000ULL;
	v.x[3] = 5000;
	ck_assert_int_eq(sysreg(2, 3, false).kind, EXIT_NONE); /* msr cntp_cval_el0, x3 */
	ck_assert_uint_eq(v.ptimer.cval, 5000);
	ck_assert_uint_eq(v.pc, 0x40001004ULL);
	v.x[4] = ENABLE;
	sysreg(1, 4, false); /* msr cntp_ctl_el0, x4 */
	fake_count = 4000;
	sysreg(0, 5, true); /* mrs x5, cntp_tval_el0 */
	ck_assert_uint_eq(v.x[5], 1000);
	fake_count = 5000;
	sysreg(1, 6, true); /* mrs x6, cntp_ctl_el0 */
	ck_assert_uint_eq(v.x[6], ENABLE | ISTATUS);
	sysreg(2, 7, true); /* mrs x7, cntp_cval_el0 */
	ck_assert_uint_eq(v.x[7], 5000);
	sysreg(1, 31, false); /* msr cntp_ctl_el0, xzr */
	ck_assert_uint_eq(v.ptimer.ctl, 0);
	sysreg(1, 31, true); /* mrs xzr: nothing written */
	ck_assert_uint_eq(v.pc, 0x40001000ULL + 7U * 4U);
	struct vm_exit e = sysreg(3, 1, true); /* op2 3: not a timer register */

	ck_assert_int_eq(e.kind, EXIT_FAULT);
	ck_assert_int_eq(e.fault.kind, FAULT_UNDEF);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("hal_arm64_ptimer");
	TCase *tc = tcase_create("ptimer");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, test_reset_state);
	tcase_add_test(tc, test_expiry_raises_once);
	tcase_add_test(tc, test_tval_is_signed_32_bit);
	tcase_add_test(tc, test_write_past_deadline_raises_at_once);
	tcase_add_test(tc, test_masking_takes_back_the_raise);
	tcase_add_test(tc, test_deadline_zero_means_now);
	tcase_add_test(tc, test_trapped_registers);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *r = srunner_create(suite());
	int failed;

	srunner_run_all(r, CK_NORMAL);
	failed = srunner_ntests_failed(r);
	srunner_free(r);
	return failed == 0 ? 0 : 1;
}
