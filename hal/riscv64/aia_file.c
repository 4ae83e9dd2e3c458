/*
 * Guest interrupt files of vCPUs on AIA boards: which vCPU owns which
 * file of which pCPU, where an MSI for a vCPU goes, and how a file
 * follows its vCPU to another pCPU. No CSR access here (imsic.c does
 * those), so this logic is unit tested on the host.
 *
 * Design: a pCPU's files are a bitmap (files_used[cpu], bit n = guest
 * file n, 1..GEILEN). A vCPU takes a file of the pCPU it runs on the first
 * time it touches its IMSIC (rv_aia_file_bind, emptied there). While it is
 * in the guest (live) MSIs go into the file directly; at each exit the
 * file's state (eidelivery, eithreshold, eie, eip) is saved into the vCPU,
 * and MSIs until the next entry are kept in soft_eip, put into the file at
 * that entry. An entry on another pCPU than the file's takes a free file
 * there, loads the saved state into it and gives the old file back (the
 * file follows the vCPU; a->moves counts it). No free file (first use or
 * after a move): the caller refuses the vCPU. Releasing (vCPU reset)
 * gives the file back.
 *
 * Locking: a->lock around every change of a vCPU's file state (MSIs come
 * from any pCPU); files_used words are atomic (taken by the pCPU itself,
 * given back from any pCPU).
 */
#include <stdatomic.h>

#include <hal/cpu.h>
#include <plat_config.h>

#include "aia.h"

_Static_assert(PLAT_IMSIC_IDS < 64U * RV_IMSIC_WORDS, "soft_eip holds every identity");

static _Atomic unsigned long files_used[HAL_MAX_CPUS];

/* Give a's file back to its pCPU. @pre a->lock held. */
static void put_file(struct rv_aia_vcpu *a)
{
	if (a->file != 0U && a->cpu < HAL_MAX_CPUS) {
		atomic_fetch_and(&files_used[a->cpu], ~(1UL << a->file));
	}
	a->file = 0;
}

/* A free guest interrupt file of pCPU cpu (now taken), or 0. */
static unsigned take_file(unsigned cpu)
{
	unsigned n = rv_imsic_guest_files();

	for (unsigned file = 1; file <= n && file < 64U && cpu < HAL_MAX_CPUS; file++) {
		unsigned long bit = 1UL << file;

		if ((atomic_fetch_or(&files_used[cpu], bit) & bit) == 0U) {
			return file;
		}
	}
	return 0;
}

static void clear_words(unsigned long *w)
{
	for (unsigned i = 0; i < RV_IMSIC_WORDS; i++) {
		w[i] = 0;
	}
}

/* [impl->dsn~riscv64-aia-guest-file~1] */
unsigned rv_aia_file_bind(struct rv_aia_vcpu *a, unsigned cpu)
{
	unsigned file = take_file(cpu);

	if (file == 0U) {
		return 0;
	}
	rv_imsic_guest_file_clear(file);
	spin_lock(&a->lock);
	put_file(a);
	a->file = file;
	a->cpu = cpu;
	a->eidelivery = 0;
	a->eithreshold = 0;
	clear_words(a->eie);
	clear_words(a->eip);
	clear_words(a->soft_eip);
	spin_unlock(&a->lock);
	return file;
}

void rv_aia_file_release(struct rv_aia_vcpu *a)
{
	spin_lock(&a->lock);
	put_file(a);
	a->live = false;
	spin_unlock(&a->lock);
}

/* The file moves to pCPU cpu with the saved state. @pre lock, not live. */
static bool move_file(struct rv_aia_vcpu *a, unsigned cpu)
{
	unsigned file = take_file(cpu);

	if (file == 0U) {
		return false;
	}
	rv_imsic_guest_file_load(file, a);
	put_file(a);
	a->file = file;
	a->cpu = cpu;
	a->moves++;
	return true;
}

/* [impl->dsn~riscv64-aia-guest-file~1] */
int rv_aia_file_enter(struct rv_aia_vcpu *a, unsigned cpu)
{
	int file;

	spin_lock(&a->lock);
	if (a->file != 0U && a->cpu != cpu && !move_file(a, cpu)) {
		file = -1;
	} else {
		if (a->file != 0U) {
			rv_imsic_guest_file_set(a->file, a->soft_eip);
			clear_words(a->soft_eip);
			a->live = true;
		}
		file = (int)a->file;
	}
	spin_unlock(&a->lock);
	return file;
}

void rv_aia_file_exit(struct rv_aia_vcpu *a)
{
	spin_lock(&a->lock);
	if (a->file != 0U) {
		a->live = false;
		rv_imsic_guest_file_save(a->file, a); /* in case it runs elsewhere next */
	}
	spin_unlock(&a->lock);
}

bool rv_aia_file_pending(struct rv_aia_vcpu *a, unsigned cpu)
{
	bool pending = false;

	spin_lock(&a->lock);
	if (a->file != 0U && a->eidelivery == 1UL) {
		pending = a->cpu == cpu && rv_imsic_guest_file_pending(a->file);
		for (unsigned w = 0; w < RV_IMSIC_WORDS; w++) {
			pending = pending || (a->soft_eip[w] & a->eie[w]) != 0UL;
		}
	}
	spin_unlock(&a->lock);
	return pending;
}

/* [impl->dsn~riscv64-aia-guest-file~1] */
bool rv_aia_file_send(struct rv_aia_vcpu *a, unsigned eiid)
{
	bool sent = true;

	if (eiid == 0U || eiid > PLAT_IMSIC_IDS) {
		return false;
	}
	spin_lock(&a->lock);
	if (a->file == 0U) {
		sent = false;
	} else if (a->live) {
		rv_imsic_send(a->cpu, a->file, eiid);
	} else {
		unsigned shift = eiid % 64U;

		a->soft_eip[eiid / 64U] |= 1UL << shift;
	}
	spin_unlock(&a->lock);
	return sent;
}
