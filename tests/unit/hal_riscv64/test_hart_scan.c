/*
 * Unit tests for hal/riscv64/hart_scan.c with a fake SBI HSM: which harts
 * exist, in which state, and which accept hart_start.
 */
#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lib/print.h>

#include "hart_scan.h"
#include "sbi.h"

#define FAKE_HARTS 16U

/* Fake machine: per hart id, does it exist, its HSM state, start result. */
static struct {
	int exists;
	long state;
	long start_error;
} harts[FAKE_HARTS];

/* What rv_start_hart saw: dense id per hart id (0 = not started). */
static unsigned started_id[FAKE_HARTS];
static unsigned nr_started;
static unsigned nr_status_calls;
static char console[1024];

static void setup(void)
{
	memset(harts, 0, sizeof(harts));
	memset(started_id, 0, sizeof(started_id));
	nr_started = 0;
	nr_status_calls = 0;
	console[0] = '\0';
}

static void machine(const unsigned long *ids, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		harts[ids[i]].exists = 1;
		harts[ids[i]].state = SBI_HSM_STOPPED;
	}
}

struct sbiret sbi_hart_get_status(unsigned long hartid)
{
	struct sbiret r = {SBI_ERR_INVALID_PARAM, 0};

	nr_status_calls++;
	if (hartid < FAKE_HARTS && harts[hartid].exists) {
		r.error = SBI_SUCCESS;
		r.value = harts[hartid].state;
	}
	return r;
}

long rv_start_hart(unsigned long hartid, unsigned id)
{
	ck_assert_uint_lt(hartid, FAKE_HARTS);
	ck_assert_msg(harts[hartid].exists && harts[hartid].state == SBI_HSM_STOPPED,
	              "started hart %lu which is not a stopped hart", hartid);
	if (harts[hartid].start_error != SBI_SUCCESS) {
		return harts[hartid].start_error;
	}
	ck_assert_uint_eq(started_id[hartid], 0);
	started_id[hartid] = id;
	harts[hartid].state = SBI_HSM_START_PENDING;
	nr_started++;
	return SBI_SUCCESS;
}

void printk(const char *fmt, ...)
{
	va_list ap;
	size_t used = strlen(console);

	va_start(ap, fmt);
	vsnprintf(console + used, sizeof(console) - used, fmt, ap);
	va_end(ap);
}

/* [utest->dsn~riscv64-hsm-smp~1] */
START_TEST(test_boot_hart_zero)
{
	const unsigned long ids[] = {0, 1, 2, 3};

	machine(ids, 4);
	ck_assert_uint_eq(rv_hart_scan(0, 8), 4);
	ck_assert_uint_eq(started_id[1], 1);
	ck_assert_uint_eq(started_id[2], 2);
	ck_assert_uint_eq(started_id[3], 3);
	ck_assert_uint_eq(started_id[0], 0); /* the boot hart is never started */
	ck_assert_str_eq(console, "");
}
END_TEST

START_TEST(test_lottery_winner_not_hart_zero)
{
	const unsigned long ids[] = {0, 1, 2, 3};

	machine(ids, 4);
	ck_assert_uint_eq(rv_hart_scan(2, 8), 4);
	ck_assert_uint_eq(started_id[0], 1);
	ck_assert_uint_eq(started_id[1], 2);
	ck_assert_uint_eq(started_id[2], 0);
	ck_assert_uint_eq(started_id[3], 3);
	ck_assert_uint_eq(nr_started, 3);
}
END_TEST

START_TEST(test_sparse_hart_ids)
{
	const unsigned long ids[] = {1, 4, 6};

	machine(ids, 3);
	ck_assert_uint_eq(rv_hart_scan(4, 8), 3);
	ck_assert_uint_eq(started_id[1], 1);
	ck_assert_uint_eq(started_id[6], 2);
	ck_assert_uint_eq(nr_status_calls, 7); /* 0..7 except the boot hart */
}
END_TEST

START_TEST(test_single_hart)
{
	const unsigned long ids[] = {0};

	machine(ids, 1);
	ck_assert_uint_eq(rv_hart_scan(0, 8), 1);
	ck_assert_uint_eq(nr_started, 0);
}
END_TEST

START_TEST(test_unstartable_harts_counted_not_numbered)
{
	const unsigned long ids[] = {0, 1, 2, 3, 4};

	machine(ids, 5);
	harts[1].state = SBI_HSM_STARTED; /* already running: not ours */
	harts[2].start_error = SBI_ERR_FAILED;
	ck_assert_uint_eq(rv_hart_scan(0, 8), 5);
	ck_assert_uint_eq(started_id[1], 0);
	ck_assert_uint_eq(started_id[2], 0);
	ck_assert_uint_eq(started_id[3], 1); /* dense ids stay contiguous */
	ck_assert_uint_eq(started_id[4], 2);
	ck_assert_ptr_nonnull(strstr(console, "hart 1 not startable (error 0, state 0)"));
	ck_assert_ptr_nonnull(strstr(console, "hart_start(2) failed: -1"));
}
END_TEST

START_TEST(test_never_more_than_max)
{
	const unsigned long ids[] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};

	machine(ids, 10);
	/* boot hart 9 is outside the scanned range: 0..3 fill the other 3 slots */
	ck_assert_uint_eq(rv_hart_scan(9, 4), 4);
	ck_assert_uint_eq(nr_started, 3);
	for (unsigned h = 0; h < FAKE_HARTS; h++) {
		ck_assert_uint_lt(started_id[h], 4);
	}
	ck_assert_uint_eq(started_id[2], 3);
	ck_assert_uint_eq(started_id[3], 0);
	/* ids beyond max are not scanned at all */
	setup();
	machine(ids, 10);
	ck_assert_uint_eq(rv_hart_scan(0, 4), 4);
	ck_assert_uint_eq(nr_status_calls, 3);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("hal_riscv64_hart_scan");
	TCase *tc = tcase_create("scan");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, test_boot_hart_zero);
	tcase_add_test(tc, test_lottery_winner_not_hart_zero);
	tcase_add_test(tc, test_sparse_hart_ids);
	tcase_add_test(tc, test_single_hart);
	tcase_add_test(tc, test_unstartable_harts_counted_not_numbered);
	tcase_add_test(tc, test_never_more_than_max);
	suite_add_tcase(s, tc);

	SRunner *sr = srunner_create(s);

	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);

	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
