/*
 * Unit tests for hal/riscv64/aia_file.c, the guest interrupt files of
 * vCPUs on AIA boards, with fake IMSIC files per pCPU: taking and giving
 * back files, where MSIs go while a vCPU is in or out of the guest, and a
 * file following its vCPU to another pCPU with its state.
 * [utest->dsn~riscv64-aia-guest-file~1]
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "aia.h"

#define NCPU 4U
#define NFILE 8U

struct fake_file {
	unsigned long eidelivery, eithreshold;
	unsigned long eie[RV_IMSIC_WORDS], eip[RV_IMSIC_WORDS];
};

static struct fake_file hw[NCPU][NFILE];
static unsigned geilen;
static unsigned current_cpu; /* the pCPU the code under test runs on */
static unsigned nr_sends;

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

unsigned rv_imsic_guest_files(void)
{
	return geilen;
}

static struct fake_file *here(unsigned file)
{
	ck_assert_uint_lt(file, NFILE);
	ck_assert_uint_ne(file, 0);
	return &hw[current_cpu][file];
}

void rv_imsic_guest_file_clear(unsigned file)
{
	memset(here(file), 0, sizeof(struct fake_file));
}

void rv_imsic_guest_file_save(unsigned file, struct rv_aia_vcpu *a)
{
	const struct fake_file *f = here(file);

	a->eidelivery = f->eidelivery;
	a->eithreshold = f->eithreshold;
	memcpy(a->eie, f->eie, sizeof(a->eie));
	memcpy(a->eip, f->eip, sizeof(a->eip));
}

void rv_imsic_guest_file_load(unsigned file, const struct rv_aia_vcpu *a)
{
	struct fake_file *f = here(file);

	f->eidelivery = a->eidelivery;
	f->eithreshold = a->eithreshold;
	memcpy(f->eie, a->eie, sizeof(f->eie));
	memcpy(f->eip, a->eip, sizeof(f->eip));
}

void rv_imsic_guest_file_set(unsigned file, const unsigned long *bits)
{
	struct fake_file *f = here(file);

	for (unsigned w = 0; w < RV_IMSIC_WORDS; w++) {
		f->eip[w] |= bits[w];
	}
}

bool rv_imsic_guest_file_pending(unsigned file)
{
	const struct fake_file *f = here(file);
	bool p = false;

	for (unsigned w = 0; w < RV_IMSIC_WORDS; w++) {
		p = p || (f->eip[w] & f->eie[w]) != 0UL;
	}
	return p && f->eidelivery == 1UL;
}

void rv_imsic_send(unsigned cpu, unsigned file, unsigned eiid)
{
	ck_assert_uint_lt(cpu, NCPU);
	ck_assert_uint_lt(file, NFILE);
	hw[cpu][file].eip[eiid / 64U] |= 1UL << (eiid % 64U);
	nr_sends++;
}

static struct rv_aia_vcpu v0, v1, v2;

static bool bit(const unsigned long *w, unsigned id)
{
	return ((w[id / 64U] >> (id % 64U)) & 1UL) != 0UL;
}

static void setup(void)
{
	memset(hw, 0, sizeof(hw));
	geilen = 3;
	current_cpu = 0;
	nr_sends = 0;
	/* files_used lives in aia_file.c: give back what earlier tests took */
	rv_aia_file_release(&v0);
	rv_aia_file_release(&v1);
	rv_aia_file_release(&v2);
	memset(&v0, 0, sizeof(v0));
	memset(&v1, 0, sizeof(v1));
	memset(&v2, 0, sizeof(v2));
}

START_TEST(bind_takes_free_files_until_none)
{
	geilen = 2;
	hw[0][1].eip[0] = ~0UL; /* stale state of an earlier user */
	ck_assert_uint_eq(rv_aia_file_bind(&v0, 0), 1);
	ck_assert_uint_eq(hw[0][1].eip[0], 0); /* emptied */
	ck_assert_uint_eq(rv_aia_file_bind(&v1, 0), 2);
	ck_assert_uint_eq(rv_aia_file_bind(&v2, 0), 0); /* none left: refused */
	ck_assert_uint_eq(v2.file, 0);
	current_cpu = 1;
	ck_assert_uint_eq(rv_aia_file_bind(&v2, 1), 1); /* other pCPU: its own files */
	rv_aia_file_release(&v0);
	current_cpu = 0;
	ck_assert_uint_eq(rv_aia_file_bind(&v0, 0), 1); /* given back, taken again */
}
END_TEST

START_TEST(enter_without_file)
{
	ck_assert_int_eq(rv_aia_file_enter(&v0, 2), 0);
	ck_assert(!v0.live);
	ck_assert(!rv_aia_file_send(&v0, 10)); /* the vAPLIC keeps it pending */
	ck_assert(!rv_aia_file_pending(&v0, 2));
}
END_TEST

START_TEST(msi_live_goes_to_file_parked_goes_to_soft)
{
	ck_assert_uint_eq(rv_aia_file_bind(&v0, 0), 1);
	ck_assert_int_eq(rv_aia_file_enter(&v0, 0), 1);
	ck_assert(rv_aia_file_send(&v0, 10));
	ck_assert_uint_eq(nr_sends, 1);
	ck_assert(bit(hw[0][1].eip, 10));
	rv_aia_file_exit(&v0);
	ck_assert(bit(v0.eip, 10)); /* saved */
	ck_assert(rv_aia_file_send(&v0, 200));
	ck_assert_uint_eq(nr_sends, 1); /* out of the guest: not into the file */
	ck_assert(bit(v0.soft_eip, 200));
	ck_assert(!bit(hw[0][1].eip, 200));
	ck_assert_int_eq(rv_aia_file_enter(&v0, 0), 1);
	ck_assert(bit(hw[0][1].eip, 200)); /* flushed at entry */
	ck_assert(!bit(v0.soft_eip, 200));
	ck_assert_uint_eq(v0.moves, 0);
}
END_TEST

START_TEST(invalid_identities)
{
	ck_assert_uint_eq(rv_aia_file_bind(&v0, 0), 1);
	ck_assert_int_eq(rv_aia_file_enter(&v0, 0), 1);
	ck_assert(!rv_aia_file_send(&v0, 0));
	ck_assert(!rv_aia_file_send(&v0, 256));
	ck_assert(rv_aia_file_send(&v0, 255));
	ck_assert_uint_eq(nr_sends, 1);
}
END_TEST

START_TEST(file_follows_vcpu_with_its_state)
{
	ck_assert_uint_eq(rv_aia_file_bind(&v0, 0), 1);
	ck_assert_int_eq(rv_aia_file_enter(&v0, 0), 1);
	/* the guest programs its file */
	hw[0][1].eidelivery = 1;
	hw[0][1].eithreshold = 11;
	hw[0][1].eie[0] = 1UL << 10;
	hw[0][1].eip[0] = 1UL << 10;
	rv_aia_file_exit(&v0);
	ck_assert(rv_aia_file_send(&v0, 70)); /* while between pCPUs */
	current_cpu = 2;
	hw[2][1].eip[3] = 1UL; /* stale */
	ck_assert_int_eq(rv_aia_file_enter(&v0, 2), 1);
	ck_assert_uint_eq(v0.cpu, 2);
	ck_assert_uint_eq(v0.moves, 1);
	ck_assert_uint_eq(hw[2][1].eidelivery, 1);
	ck_assert_uint_eq(hw[2][1].eithreshold, 11);
	ck_assert_uint_eq(hw[2][1].eie[0], 1UL << 10);
	ck_assert(bit(hw[2][1].eip, 10));
	ck_assert(bit(hw[2][1].eip, 70));
	ck_assert_uint_eq(hw[2][1].eip[3], 0); /* loaded, not merged */
	ck_assert(rv_aia_file_send(&v0, 5));   /* live on pCPU 2 now */
	ck_assert(bit(hw[2][1].eip, 5));
	current_cpu = 0;
	ck_assert_uint_eq(rv_aia_file_bind(&v1, 0), 1); /* pCPU 0's file is free again */
}
END_TEST

START_TEST(move_refused_without_free_file)
{
	geilen = 1;
	ck_assert_uint_eq(rv_aia_file_bind(&v0, 0), 1);
	current_cpu = 1;
	ck_assert_uint_eq(rv_aia_file_bind(&v1, 1), 1); /* pCPU 1's only file */
	current_cpu = 0;
	ck_assert_int_eq(rv_aia_file_enter(&v0, 0), 1);
	rv_aia_file_exit(&v0);
	current_cpu = 1;
	ck_assert_int_eq(rv_aia_file_enter(&v0, 1), -1);
	ck_assert_uint_eq(v0.file, 1); /* still its file on pCPU 0 */
	ck_assert_uint_eq(v0.cpu, 0);
	ck_assert(!v0.live);
	current_cpu = 0;
	ck_assert_int_eq(rv_aia_file_enter(&v0, 0), 1); /* back home it runs */
}
END_TEST

START_TEST(pending_for_wfi)
{
	ck_assert_uint_eq(rv_aia_file_bind(&v0, 0), 1);
	ck_assert_int_eq(rv_aia_file_enter(&v0, 0), 1);
	hw[0][1].eidelivery = 1;
	hw[0][1].eie[0] = 1UL << 9;
	rv_aia_file_exit(&v0);
	ck_assert(!rv_aia_file_pending(&v0, 0));
	ck_assert(rv_aia_file_send(&v0, 8)); /* not enabled */
	ck_assert(!rv_aia_file_pending(&v0, 0));
	ck_assert(rv_aia_file_send(&v0, 9)); /* enabled, in soft_eip */
	ck_assert(rv_aia_file_pending(&v0, 0));
	ck_assert(rv_aia_file_pending(&v0, 1)); /* soft bits count anywhere */
	ck_assert_int_eq(rv_aia_file_enter(&v0, 0), 1);
	rv_aia_file_exit(&v0);
	ck_assert(rv_aia_file_pending(&v0, 0)); /* now in the file */
	hw[0][1].eidelivery = 0;
	rv_aia_file_exit(&v0);
	ck_assert(!rv_aia_file_pending(&v0, 0)); /* delivery off */
}
END_TEST

static Suite *aia_file_suite(void)
{
	Suite *s = suite_create("riscv64 aia_file");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, bind_takes_free_files_until_none);
	tcase_add_test(tc, enter_without_file);
	tcase_add_test(tc, msi_live_goes_to_file_parked_goes_to_soft);
	tcase_add_test(tc, invalid_identities);
	tcase_add_test(tc, file_follows_vcpu_with_its_state);
	tcase_add_test(tc, move_refused_without_free_file);
	tcase_add_test(tc, pending_for_wfi);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(aia_file_suite());

	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);

	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
