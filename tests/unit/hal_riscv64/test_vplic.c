/*
 * Unit tests for hal/riscv64/vplic.c, the virtual PLIC of PLIC boards:
 * which source a context's line and claim pick (priority, threshold,
 * enable, in service, sources in every bitmap word), and that complete
 * ends the service and releases a linked physical claim.
 * [utest->dsn~riscv64-vplic~1]
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "plic.h"
#include "vplic.h"

#define PRIO(s) (0x0U + 4U * (s))
#define ENABLE(ctx, s) (0x2000U + 0x80U * (ctx) + 4U * ((s) / 32U))
#define THRESHOLD(ctx) (0x200000U + 0x1000U * (ctx))
#define CLAIM(ctx) (THRESHOLD(ctx) + 4U)

static struct rv_vplic plic;
static unsigned completed_ctx, completed_irq;

void hal_cpu_relax(void)
{
}

unsigned long hal_irq_save(void)
{
	return 0;
}

void hal_irq_restore(unsigned long flags)
{
	(void)flags;
}

unsigned rv_plic_context(void)
{
	return 3;
}

void rv_plic_complete(unsigned ctx, unsigned irq)
{
	completed_ctx = ctx;
	completed_irq = irq;
}

static uint64_t access(uint64_t off, bool write, uint32_t value)
{
	struct vm_exit e = {.kind = EXIT_MMIO};
	uint64_t out = 0;

	e.access.addr = RV_VPLIC_BASE + off;
	e.access.write = write;
	e.access.size = 4;
	e.access.value = write ? value : 0U;
	rv_vplic_access(&plic, &e, &out);
	return out;
}

static void setup(void)
{
	memset(&plic, 0, sizeof(plic));
	completed_ctx = completed_irq = 0;
}

/* Enable src for ctx (read-modify-write of its enable word). */
static void enable(unsigned ctx, unsigned src)
{
	uint32_t word = (uint32_t)access(ENABLE(ctx, src), false, 0);

	(void)access(ENABLE(ctx, src), true, word | (1U << (src % 32U)));
}

START_TEST(quiet_plic_has_no_line)
{
	for (unsigned src = 1; src < RV_VPLIC_SOURCES; src++) {
		(void)access(PRIO(src), true, 1);
		enable(0, src);
	}
	ck_assert(!rv_vplic_line(&plic, 0));
	ck_assert_uint_eq(access(CLAIM(0), false, 0), 0);
}
END_TEST

START_TEST(highest_priority_then_lowest_id_in_any_word)
{
	unsigned srcs[] = {5, 40, 70, 95};

	for (unsigned i = 0; i < 4; i++) {
		(void)access(PRIO(srcs[i]), true, 2);
		enable(0, srcs[i]);
		ck_assert(rv_vplic_raise(&plic, srcs[i], -1));
	}
	(void)access(PRIO(70), true, 6); /* word 2 outranks the rest */
	ck_assert(rv_vplic_line(&plic, 0));
	ck_assert_uint_eq(access(CLAIM(0), false, 0), 70);
	ck_assert_uint_eq(access(CLAIM(0), false, 0), 5); /* equal priority: lowest id */
	ck_assert_uint_eq(access(CLAIM(0), false, 0), 40);
	ck_assert_uint_eq(access(CLAIM(0), false, 0), 95);
	ck_assert_uint_eq(access(CLAIM(0), false, 0), 0);
	ck_assert(!rv_vplic_line(&plic, 0));
}
END_TEST

START_TEST(threshold_enable_and_priority_zero_hold_back)
{
	ck_assert(rv_vplic_raise(&plic, 33, -1));
	ck_assert(!rv_vplic_line(&plic, 0)); /* priority 0: never delivered */
	(void)access(PRIO(33), true, 3);
	ck_assert(!rv_vplic_line(&plic, 0)); /* not enabled in context 0 */
	enable(1, 33);
	ck_assert(!rv_vplic_line(&plic, 0));
	ck_assert(rv_vplic_line(&plic, 1)); /* only where enabled */
	(void)access(THRESHOLD(1), true, 3);
	ck_assert(!rv_vplic_line(&plic, 1)); /* priority must be above the threshold */
	(void)access(THRESHOLD(1), true, 2);
	ck_assert(rv_vplic_line(&plic, 1));
}
END_TEST

START_TEST(in_service_until_complete_and_linked_claim_released)
{
	(void)access(PRIO(64), true, 1);
	enable(0, 64);
	ck_assert(rv_vplic_raise(&plic, 64, 17)); /* passthrough: physical irq 17 */
	ck_assert_uint_eq(access(CLAIM(0), false, 0), 64);
	ck_assert(!rv_vplic_raise(&plic, 64, 18)); /* linked to another pirq: refused */
	ck_assert(rv_vplic_raise(&plic, 64, 17));  /* raised again while in service */
	ck_assert(!rv_vplic_line(&plic, 0));       /* held back until complete */
	(void)access(CLAIM(0), true, 64);
	ck_assert_uint_eq(completed_ctx, 3);
	ck_assert_uint_eq(completed_irq, 17);
	ck_assert(rv_vplic_line(&plic, 0)); /* the raise was not lost */
	ck_assert(!rv_vplic_raise(&plic, RV_VPLIC_SOURCES, -1));
	ck_assert(!rv_vplic_raise(&plic, 0, -1));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("hal_riscv64_vplic");
	TCase *tc = tcase_create("vplic");
	SRunner *r;
	int failed;

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, quiet_plic_has_no_line);
	tcase_add_test(tc, highest_priority_then_lowest_id_in_any_word);
	tcase_add_test(tc, threshold_enable_and_priority_zero_hold_back);
	tcase_add_test(tc, in_service_until_complete_and_linked_claim_released);
	suite_add_tcase(s, tc);
	r = srunner_create(s);
	srunner_run_all(r, CK_NORMAL);
	failed = srunner_ntests_failed(r);
	srunner_free(r);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
