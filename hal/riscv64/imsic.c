/*
 * Host IMSIC driver (AIA boards): the hart's S-level interrupt file and
 * its guest interrupt files.
 *
 * Design: each hart turns its S-level file on at boot (eidelivery = 1,
 * eithreshold = 0) and enables the identities 1 .. PLAT_IRQ_SOURCES - 1:
 * the host APLIC sends source n as identity n to the hart it is routed to
 * (aplic.c), so a claim (stopei) gives the same numbers as the PLIC
 * backend. The hart's guest interrupt files (GEILEN of them, found by
 * writing all ones to hgeie and reading it back) sit in the pages after
 * its S-level file: QEMU virt places hart h's files at PLAT_IMSIC_BASE +
 * h * stride, stride = 2^ceil(log2(1 + GEILEN)) pages. A guest file is
 * reached from HS-mode through vsiselect / vsireg with hstatus.VGEIN
 * selecting it (only on its own hart); MSIs into it are 32-bit writes of
 * the identity to its page (seteipnum_le), from any hart.
 *
 * Locking: CSR accesses act on the calling hart; MSI writes are atomic in
 * the IMSIC.
 */
#include <stdint.h>

#include <hal/cpu.h>
#include <plat_config.h>

#include "aia.h"
#include "csr.h"
#include "pcpu.h"

#define IMSIC_PAGE 0x1000UL
#define HSTATUS_VGEIN (0x3fUL << HSTATUS_VGEIN_SHIFT)
/* eip / eie registers: on RV64 only the even ones, 64 identities each. */
#define IMSIC_WORDS ((PLAT_IMSIC_IDS + 64U) / 64U)

static unsigned geilen;
static unsigned long hart_stride = IMSIC_PAGE;

static void sireg_write(unsigned long sel, unsigned long val)
{
	csr_write_n(CSR_SISELECT, sel);
	csr_write_n(CSR_SIREG, val);
}

static void vsireg_write(unsigned long sel, unsigned long val)
{
	csr_write_n(CSR_VSISELECT, sel);
	csr_write_n(CSR_VSIREG, val);
}

/* Guest files: the bits hgeie keeps (1 .. GEILEN). */
static unsigned probe_geilen(void)
{
	csr_write_n(CSR_HGEIE, ~0UL);
	unsigned long mask = csr_read_n(CSR_HGEIE);

	csr_write_n(CSR_HGEIE, 0UL);
	unsigned n = 0;
	unsigned long rest = mask >> 1; /* bit 0 is not a file */

	while (n < 63U && (rest & 1UL) != 0UL) {
		n++;
		rest >>= 1;
	}
	return n;
}

/* [impl->dsn~riscv64-aia-host~1] */
void rv_imsic_init_hart(void)
{
	sireg_write(IMSIC_EIDELIVERY, 0UL);
	sireg_write(IMSIC_EITHRESHOLD, 0UL);
	for (unsigned w = 0; w < IMSIC_WORDS; w++) {
		unsigned long bits = 0;

		for (unsigned b = 0; b < 64U; b++) {
			unsigned id = 64U * w + b;

			bits |= id != 0U && id < PLAT_IRQ_SOURCES ? 1UL << b : 0UL;
		}
		sireg_write(IMSIC_EIP0 + 2UL * w, 0UL);
		sireg_write(IMSIC_EIE0 + 2UL * w, bits);
	}
	sireg_write(IMSIC_EIDELIVERY, 1UL);
	if (hal_cpu_id() == 0U) {
		geilen = probe_geilen();
		while (hart_stride < IMSIC_PAGE * (1UL + geilen)) {
			hart_stride *= 2U;
		}
	}
}

unsigned rv_imsic_claim(void)
{
	unsigned long top;

	__asm__ volatile("csrrw %0, 0x15c, zero" : "=r"(top) : : "memory");
	return (unsigned)((top >> 16) & 0x7ffUL);
}

unsigned rv_imsic_guest_files(void)
{
	return geilen;
}

void rv_imsic_send(unsigned cpu, unsigned file, unsigned eiid)
{
	if (cpu >= HAL_MAX_CPUS) {
		return;
	}
	uintptr_t pa = PLAT_IMSIC_BASE + rv_pcpus[cpu].hartid * hart_stride + file * IMSIC_PAGE;

	if (pa - PLAT_IMSIC_BASE < PLAT_IMSIC_SIZE) {
		*(volatile uint32_t *)pa = eiid;
	}
}

/* Select guest file `file` for vsireg (HS-mode); returns the old hstatus. */
static unsigned long select_file(unsigned file)
{
	unsigned long old = csr_read(hstatus);

	csr_write(hstatus, (old & ~HSTATUS_VGEIN) | ((unsigned long)file << HSTATUS_VGEIN_SHIFT));
	return old;
}

void rv_imsic_guest_file_clear(unsigned file)
{
	unsigned long old = select_file(file);

	vsireg_write(IMSIC_EIDELIVERY, 0UL);
	vsireg_write(IMSIC_EITHRESHOLD, 0UL);
	for (unsigned w = 0; w < IMSIC_WORDS; w++) {
		vsireg_write(IMSIC_EIE0 + 2UL * w, 0UL);
		vsireg_write(IMSIC_EIP0 + 2UL * w, 0UL);
	}
	csr_write(hstatus, old);
}

static unsigned long vsireg_read(unsigned long sel)
{
	csr_write_n(CSR_VSISELECT, sel);
	return csr_read_n(CSR_VSIREG);
}

_Static_assert(IMSIC_WORDS <= RV_IMSIC_WORDS, "struct rv_aia_vcpu holds every eip/eie register");

/* vsiselect belongs to the guest: these run after its exit (saved) or
 * before its entry (restored afterwards by the caller). */
void rv_imsic_guest_file_save(unsigned file, struct rv_aia_vcpu *a)
{
	unsigned long old = select_file(file);

	a->eidelivery = vsireg_read(IMSIC_EIDELIVERY);
	a->eithreshold = vsireg_read(IMSIC_EITHRESHOLD);
	for (unsigned w = 0; w < IMSIC_WORDS; w++) {
		a->eie[w] = vsireg_read(IMSIC_EIE0 + 2UL * w);
		a->eip[w] = vsireg_read(IMSIC_EIP0 + 2UL * w);
	}
	csr_write(hstatus, old);
}

void rv_imsic_guest_file_load(unsigned file, const struct rv_aia_vcpu *a)
{
	unsigned long old = select_file(file);

	vsireg_write(IMSIC_EIDELIVERY, 0UL);
	vsireg_write(IMSIC_EITHRESHOLD, a->eithreshold);
	for (unsigned w = 0; w < IMSIC_WORDS; w++) {
		vsireg_write(IMSIC_EIE0 + 2UL * w, a->eie[w]);
		vsireg_write(IMSIC_EIP0 + 2UL * w, a->eip[w]);
	}
	vsireg_write(IMSIC_EIDELIVERY, a->eidelivery);
	csr_write(hstatus, old);
}

void rv_imsic_guest_file_set(unsigned file, const unsigned long *bits)
{
	unsigned long old = select_file(file);

	for (unsigned w = 0; w < IMSIC_WORDS; w++) {
		if (bits[w] != 0UL) {
			csr_write_n(CSR_VSISELECT, IMSIC_EIP0 + 2UL * w);
			csr_set_n(CSR_VSIREG, bits[w]);
		}
	}
	csr_write(hstatus, old);
}

bool rv_imsic_guest_file_pending(unsigned file)
{
	return file != 0U && ((csr_read_n(CSR_HGEIP) >> file) & 1UL) != 0U;
}
