/*
 * Unit tests for hal/riscv64/vaplic.c, the virtual APLIC of AIA boards,
 * with fake guest interrupt files: which MSIs it sends, when, to whom,
 * and what guests read back.
 * [utest->dsn~riscv64-vaplic~1]
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "aia.h"

#define DOMAINCFG 0x0000U
#define SOURCECFG(s) (0x0004U + 4U * ((s)-1U))
#define SETIP 0x1c00U
#define SETIPNUM 0x1cdcU
#define IN_CLRIP 0x1d00U
#define SETIE 0x1e00U
#define SETIENUM 0x1edcU
#define CLRIENUM 0x1fdcU
#define SETIPNUM_LE 0x2000U
#define SETIPNUM_BE 0x2004U
#define GENMSI 0x3000U
#define TARGET(s) (0x3004U + 4U * ((s)-1U))
#define IE 0x100U
#define LEVEL_HIGH 6U
#define EDGE_RISE 4U

/* Fakes: which vCPUs have a file; the MSIs sent; the host re-triggers. */
static bool has_file[RV_MAX_GUEST_VCPUS];
static struct {
	unsigned vcpu, eiid;
} msis[64];
static unsigned nr_msis;
static unsigned retriggered[8];
static unsigned nr_retriggered;
static struct as_arch as;

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

bool rv_aia_deliver(struct as_arch *a, unsigned vcpu, unsigned eiid)
{
	ck_assert_ptr_eq(a, &as);
	if (vcpu >= RV_MAX_GUEST_VCPUS || !has_file[vcpu] || eiid == 0U || eiid > 255U) {
		return false;
	}
	ck_assert_uint_lt(nr_msis, 64);
	msis[nr_msis].vcpu = vcpu;
	msis[nr_msis].eiid = eiid;
	nr_msis++;
	return true;
}

void rv_aplic_retrigger(unsigned irq)
{
	ck_assert_uint_lt(nr_retriggered, 8);
	retriggered[nr_retriggered++] = irq;
}

static void setup(void)
{
	memset(&as, 0, sizeof(as));
	memset(has_file, 0, sizeof(has_file));
	nr_msis = 0;
	nr_retriggered = 0;
	rv_vaplic_reset(&as.vaplic);
	has_file[0] = true;
	has_file[1] = true;
}

static uint64_t access(uint32_t off, bool write, uint32_t val, uint8_t size)
{
	struct vm_exit e = {.kind = EXIT_MMIO};
	uint64_t v = 0xdeadbeef;

	e.access.addr = RV_VAPLIC_BASE + off;
	e.access.write = write;
	e.access.size = size;
	e.access.value = val;
	rv_vaplic_access(&as, &e, &v);
	return v;
}

static void wr(uint32_t off, uint32_t val)
{
	(void)access(off, true, val, 4);
}

static uint32_t rd(uint32_t off)
{
	return (uint32_t)access(off, false, 0, 4);
}

/* Source src, level-high, to vCPU vcpu with identity eiid, enabled, domain on. */
static void route(unsigned src, unsigned vcpu, unsigned eiid)
{
	wr(SOURCECFG(src), LEVEL_HIGH);
	wr(TARGET(src), (vcpu << 18) | eiid);
	wr(SETIENUM, src);
	wr(DOMAINCFG, IE);
}

START_TEST(domaincfg_reads_msi_mode)
{
	ck_assert_uint_eq(rd(DOMAINCFG), 0x80000004U);
	wr(DOMAINCFG, 0xffffffffU);
	ck_assert_uint_eq(rd(DOMAINCFG), 0x80000104U); /* only IE is writable */
	wr(DOMAINCFG, 0);
	ck_assert_uint_eq(rd(DOMAINCFG), 0x80000004U);
}
END_TEST

START_TEST(sourcecfg_modes)
{
	wr(SOURCECFG(10), 2U); /* reserved */
	ck_assert_uint_eq(rd(SOURCECFG(10)), 0U);
	wr(SOURCECFG(10), 0x400U | 1U); /* delegation: no children */
	ck_assert_uint_eq(rd(SOURCECFG(10)), 0U);
	wr(SOURCECFG(10), 7U);
	ck_assert_uint_eq(rd(SOURCECFG(10)), 7U);
	wr(SOURCECFG(95), EDGE_RISE);
	ck_assert_uint_eq(rd(SOURCECFG(95)), EDGE_RISE);
	wr(SOURCECFG(96), EDGE_RISE); /* no such source: reserved */
	ck_assert_uint_eq(rd(SOURCECFG(96)), 0U);
}
END_TEST

START_TEST(inactive_source_ignores_everything)
{
	wr(TARGET(5), 5U);
	wr(SETIENUM, 5U);
	wr(SETIPNUM, 5U);
	ck_assert_uint_eq(rd(TARGET(5)), 0U);
	ck_assert_uint_eq(rd(SETIE), 0U);
	ck_assert_uint_eq(rd(SETIP), 0U);
	ck_assert(rv_vaplic_raise(&as, 5U, -1));
	ck_assert_uint_eq(rd(SETIP), 0U);
	ck_assert_uint_eq(nr_msis, 0);
}
END_TEST

START_TEST(target_drops_guest_index)
{
	wr(SOURCECFG(10), LEVEL_HIGH);
	wr(TARGET(10), (1U << 18) | (5U << 12) | 0x7ffU);
	ck_assert_uint_eq(rd(TARGET(10)), (1U << 18) | 0x7ffU);
}
END_TEST

START_TEST(raise_sends_msi_and_clears_pending)
{
	route(10, 1, 42);
	ck_assert(rv_vaplic_raise(&as, 10U, -1));
	ck_assert_uint_eq(nr_msis, 1);
	ck_assert_uint_eq(msis[0].vcpu, 1);
	ck_assert_uint_eq(msis[0].eiid, 42);
	ck_assert_uint_eq(rd(SETIP), 0U);
}
END_TEST

START_TEST(pending_until_enabled_and_domain_on)
{
	wr(SOURCECFG(10), LEVEL_HIGH);
	wr(TARGET(10), 10U);
	ck_assert(rv_vaplic_raise(&as, 10U, -1));
	ck_assert_uint_eq(rd(SETIP), 1U << 10);
	wr(SETIENUM, 10U);
	ck_assert_uint_eq(nr_msis, 0); /* domain still off */
	ck_assert_uint_eq(rd(SETIE), 1U << 10);
	wr(DOMAINCFG, IE);
	ck_assert_uint_eq(nr_msis, 1);
	ck_assert_uint_eq(rd(SETIP), 0U);
	wr(CLRIENUM, 10U);
	ck_assert_uint_eq(rd(SETIE), 0U);
	ck_assert(rv_vaplic_raise(&as, 10U, -1));
	ck_assert_uint_eq(nr_msis, 1);
}
END_TEST

START_TEST(no_file_keeps_pending_until_rescan)
{
	route(12, 2, 12); /* vCPU 2 has no file yet */
	ck_assert(rv_vaplic_raise(&as, 12U, -1));
	ck_assert_uint_eq(nr_msis, 0);
	ck_assert_uint_eq(rd(SETIP), 1U << 12);
	has_file[2] = true;
	rv_vaplic_rescan(&as);
	ck_assert_uint_eq(nr_msis, 1);
	ck_assert_uint_eq(msis[0].vcpu, 2);
	ck_assert_uint_eq(rd(SETIP), 0U);
}
END_TEST

START_TEST(invalid_identity_not_sent)
{
	route(12, 0, 0); /* identity 0 is never valid */
	ck_assert(rv_vaplic_raise(&as, 12U, -1));
	ck_assert_uint_eq(nr_msis, 0);
	ck_assert_uint_eq(rd(SETIP), 1U << 12);
}
END_TEST

START_TEST(detached_ignores_raise_but_takes_setip)
{
	wr(SOURCECFG(3), 1U);
	wr(TARGET(3), 3U);
	wr(SETIENUM, 3U);
	wr(DOMAINCFG, IE);
	ck_assert(rv_vaplic_raise(&as, 3U, -1));
	ck_assert_uint_eq(nr_msis, 0);
	wr(SETIP, 1U << 3);
	ck_assert_uint_eq(nr_msis, 1);
	ck_assert_uint_eq(msis[0].eiid, 3);
}
END_TEST

START_TEST(setipnum_forms_and_clrip)
{
	wr(SOURCECFG(33), EDGE_RISE);
	wr(TARGET(33), 33U);
	wr(SETIPNUM_LE, 33U);
	ck_assert_uint_eq(rd(SETIP + 4U), 1U << 1);
	wr(IN_CLRIP + 4U, 1U << 1);
	ck_assert_uint_eq(rd(SETIP + 4U), 0U);
	wr(SETIPNUM_BE, 0x21000000U); /* 33, big-endian */
	ck_assert_uint_eq(rd(SETIP + 4U), 1U << 1);
	ck_assert_uint_eq(rd(IN_CLRIP + 4U), 0U); /* inputs are not modelled */
}
END_TEST

START_TEST(genmsi_sends_once)
{
	wr(GENMSI, (1U << 18) | 77U);
	ck_assert_uint_eq(nr_msis, 1);
	ck_assert_uint_eq(msis[0].vcpu, 1);
	ck_assert_uint_eq(msis[0].eiid, 77);
	ck_assert_uint_eq(rd(GENMSI), 0U); /* never busy */
	wr(GENMSI, (9U << 18) | 77U);      /* vCPU 9 has no file */
	ck_assert_uint_eq(nr_msis, 1);
}
END_TEST

START_TEST(linked_source_retriggers_on_host)
{
	route(11, 0, 11);
	ck_assert(rv_vaplic_raise(&as, 11U, 11));
	ck_assert_uint_eq(nr_msis, 1);
	ck_assert(!rv_vaplic_raise(&as, 11U, 12)); /* linked to another pirq */
	wr(SETIPNUM, 11U);
	ck_assert_uint_eq(nr_retriggered, 1);
	ck_assert_uint_eq(retriggered[0], 11);
	ck_assert_uint_eq(nr_msis, 1); /* not sent from here */
}
END_TEST

START_TEST(bad_sources_and_accesses)
{
	ck_assert(!rv_vaplic_raise(&as, 0U, -1));
	ck_assert(!rv_vaplic_raise(&as, RV_VAPLIC_SOURCES, -1));
	ck_assert(!rv_vaplic_raise(&as, 5U, 0x10000));
	wr(DOMAINCFG, IE);
	ck_assert_uint_eq(access(DOMAINCFG, false, 0, 2), 0U); /* 16-bit: 0 */
	ck_assert_uint_eq(access(DOMAINCFG + 2U, false, 0, 4), 0U);
	(void)access(DOMAINCFG, true, 0, 1); /* ignored */
	ck_assert_uint_eq(rd(DOMAINCFG), 0x80000104U);
	ck_assert_uint_eq(rd(0x7ffcU), 0U);
	wr(0x1bc0U, 0xffffffffU); /* M-level MSI address: not in an S domain */
	ck_assert_uint_eq(rd(0x1bc0U), 0U);
}
END_TEST

START_TEST(inactive_clears_state)
{
	route(20, 0, 20);
	wr(DOMAINCFG, 0);
	ck_assert(rv_vaplic_raise(&as, 20U, -1));
	wr(SOURCECFG(20), 0U);
	ck_assert_uint_eq(rd(SETIP), 0U);
	ck_assert_uint_eq(rd(SETIE), 0U);
	ck_assert_uint_eq(rd(TARGET(20)), 0U);
	wr(DOMAINCFG, IE);
	ck_assert_uint_eq(nr_msis, 0);
}
END_TEST

static Suite *vaplic_suite(void)
{
	Suite *s = suite_create("riscv64 vaplic");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, domaincfg_reads_msi_mode);
	tcase_add_test(tc, sourcecfg_modes);
	tcase_add_test(tc, inactive_source_ignores_everything);
	tcase_add_test(tc, target_drops_guest_index);
	tcase_add_test(tc, raise_sends_msi_and_clears_pending);
	tcase_add_test(tc, pending_until_enabled_and_domain_on);
	tcase_add_test(tc, no_file_keeps_pending_until_rescan);
	tcase_add_test(tc, invalid_identity_not_sent);
	tcase_add_test(tc, detached_ignores_raise_but_takes_setip);
	tcase_add_test(tc, setipnum_forms_and_clrip);
	tcase_add_test(tc, genmsi_sends_once);
	tcase_add_test(tc, linked_source_retriggers_on_host);
	tcase_add_test(tc, bad_sources_and_accesses);
	tcase_add_test(tc, inactive_clears_state);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(vaplic_suite());

	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);

	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
