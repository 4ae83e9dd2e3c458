/*
 * Unit tests for hal/arm64/cpu_probe.c against a fake PSCI: which MPIDRs
 * exist, which refuse CPU_ON, and what the prober does with each answer.
 * [utest->dsn~arm64-psci-smp~1]
 */
#include <check.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <arm64/arm64.h>
#include <arm64/cpu_probe.h>
#include <arm64/psci.h>
#include <lib/print.h>

#define FAKE_CPUS 64U
#define ENTRY 0x40201234ULL

/* Fake machine, indexed by Aff1 * 16 + Aff0 (Aff1 < 4, Aff0 < 16). */
static struct {
	int64_t answer; /* what CPU_ON returns for this MPIDR */
	unsigned on_calls;
	uint64_t entry;
	uint64_t context;
} fake[FAKE_CPUS];
static unsigned psci_calls;
static uint64_t targets[16]; /* MPIDR of each CPU_ON call, in order */
static char console[1024];

static unsigned slot(uint64_t mpidr)
{
	return (unsigned)(((mpidr >> 8) & 0xffU) * 16U + (mpidr & 0xffU));
}

int64_t arm64_psci_call(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
	if (psci_calls < 16U) {
		targets[psci_calls] = a1;
	}
	psci_calls++;
	if (fn != PSCI_CPU_ON_64) {
		return PSCI_NOT_SUPPORTED;
	}
	if ((a1 & ~0xffffULL) != 0U || (a1 & 0xf0U) != 0U || slot(a1) >= FAKE_CPUS) {
		return PSCI_INVALID_PARAMETERS;
	}
	fake[slot(a1)].on_calls++;
	fake[slot(a1)].entry = a2;
	fake[slot(a1)].context = a3;
	return fake[slot(a1)].answer;
}

void printk(const char *fmt, ...)
{
	va_list ap;
	size_t used = strlen(console);

	va_start(ap, fmt);
	(void)vsnprintf(console + used, sizeof(console) - used, fmt, ap);
	va_end(ap);
}

static void setup(void)
{
	memset(fake, 0, sizeof(fake));
	for (unsigned i = 0; i < FAKE_CPUS; i++) {
		fake[i].answer = PSCI_INVALID_PARAMETERS; /* absent by default */
	}
	psci_calls = 0;
	memset(targets, 0, sizeof(targets));
	console[0] = '\0';
}

/* CPUs Aff1 = cluster, Aff0 = 0..n-1 exist and start; the boot one is on. */
static void cluster(unsigned aff1, unsigned n, uint64_t boot)
{
	for (unsigned i = 0; i < n; i++) {
		fake[aff1 * 16U + i].answer = PSCI_SUCCESS;
	}
	fake[slot(boot)].answer = PSCI_ALREADY_ON;
}

START_TEST(test_four_cpus_dense_ids)
{
	uint64_t mpidr[8];

	cluster(0, 4, 0);
	ck_assert_uint_eq(arm64_cpu_probe(0, ENTRY, 16, mpidr, 8), 4);
	for (unsigned id = 1; id < 4; id++) {
		ck_assert_uint_eq(mpidr[id], id);
		ck_assert_uint_eq(fake[id].on_calls, 1);
		ck_assert_uint_eq(fake[id].entry, ENTRY);
		ck_assert_uint_eq(fake[id].context, id); /* context id = dense id */
	}
	ck_assert_uint_eq(mpidr[0], 0);
	ck_assert_uint_eq(fake[0].on_calls, 0); /* never CPU_ON itself */
	ck_assert_str_eq(console, "");          /* absent CPUs are not errors */
}
END_TEST

START_TEST(test_single_cpu)
{
	uint64_t mpidr[8];

	cluster(0, 1, 0);
	ck_assert_uint_eq(arm64_cpu_probe(0, ENTRY, 16, mpidr, 8), 1);
	ck_assert_uint_eq(psci_calls, 7); /* candidates 1..7, all absent */
	ck_assert_str_eq(console, "");
}
END_TEST

START_TEST(test_capped_at_max)
{
	uint64_t mpidr[4];

	cluster(0, 8, 0);
	ck_assert_uint_eq(arm64_cpu_probe(0, ENTRY, 16, mpidr, 4), 4);
	ck_assert_uint_eq(fake[4].on_calls, 0); /* no pCPU started beyond max */
	ck_assert_uint_eq(fake[7].on_calls, 0);
}
END_TEST

START_TEST(test_boot_cpu_not_first)
{
	uint64_t mpidr[4];

	cluster(0, 4, 2); /* booted on Aff0 = 2 */
	ck_assert_uint_eq(arm64_cpu_probe(2, ENTRY, 4, mpidr, 4), 4);
	ck_assert_uint_eq(mpidr[0], 2);
	ck_assert_uint_eq(mpidr[1], 0);
	ck_assert_uint_eq(mpidr[2], 1);
	ck_assert_uint_eq(mpidr[3], 3);
	ck_assert_uint_eq(fake[2].on_calls, 0);
}
END_TEST

START_TEST(test_clusters_and_gaps)
{
	uint64_t mpidr[8];

	/* 2 cores per cluster; cluster 1's core 0 is missing */
	fake[0].answer = PSCI_ALREADY_ON;
	fake[1].answer = PSCI_SUCCESS;
	fake[16 + 1].answer = PSCI_SUCCESS;
	fake[32].answer = PSCI_SUCCESS;
	ck_assert_uint_eq(arm64_cpu_probe(0, ENTRY, 2, mpidr, 8), 4);
	ck_assert_uint_eq(mpidr[1], 0x001);
	ck_assert_uint_eq(mpidr[2], 0x101);
	ck_assert_uint_eq(mpidr[3], 0x200);
	ck_assert_uint_eq(fake[16 + 1].context, 2);
}
END_TEST

START_TEST(test_refusal_reported_and_skipped)
{
	uint64_t mpidr[8];

	cluster(0, 4, 0);
	fake[2].answer = PSCI_DENIED;
	ck_assert_uint_eq(arm64_cpu_probe(0, ENTRY, 16, mpidr, 8), 3);
	ck_assert_uint_eq(mpidr[2], 3); /* the next CPU takes id 2 */
	ck_assert_uint_eq(fake[3].context, 2);
	ck_assert_ptr_nonnull(strstr(console, "CPU_ON(mpidr 0x2) failed: -3"));
}
END_TEST

START_TEST(test_not_present_is_silent)
{
	uint64_t mpidr[8];

	cluster(0, 2, 0);
	fake[2].answer = PSCI_NOT_PRESENT;
	fake[3].answer = PSCI_SUCCESS;
	ck_assert_uint_eq(arm64_cpu_probe(0, ENTRY, 16, mpidr, 8), 3);
	ck_assert_str_eq(console, "");
}
END_TEST

START_TEST(test_keeps_upper_affinity)
{
	uint64_t mpidr[4];
	uint64_t boot = (3ULL << 32) | (5ULL << 16); /* Aff3 = 3, Aff2 = 5 */

	ck_assert_uint_eq(arm64_cpu_probe(boot, ENTRY, 4, mpidr, 4), 1);
	ck_assert_uint_eq(psci_calls, 3);
	ck_assert_uint_eq(targets[0], boot | 1U);
	ck_assert_uint_eq(targets[1], boot | 2U);
	ck_assert_uint_eq(targets[2], boot | 3U);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("hal_arm64_cpu_probe");
	TCase *tc = tcase_create("cpu_probe");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, test_four_cpus_dense_ids);
	tcase_add_test(tc, test_single_cpu);
	tcase_add_test(tc, test_capped_at_max);
	tcase_add_test(tc, test_boot_cpu_not_first);
	tcase_add_test(tc, test_clusters_and_gaps);
	tcase_add_test(tc, test_refusal_reported_and_skipped);
	tcase_add_test(tc, test_not_present_is_silent);
	tcase_add_test(tc, test_keeps_upper_affinity);
	suite_add_tcase(s, tc);

	SRunner *sr = srunner_create(s);

	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);

	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
