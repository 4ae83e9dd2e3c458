/*
 * AIA internals of hal/riscv64 (AIA boards only): the host IMSIC files
 * (imsic.c), the host APLIC (aplic.c), the virtual APLIC (vaplic.c) and
 * the guest interrupt files of vCPUs (intc_aia.c).
 */
#ifndef RISCV64_AIA_H
#define RISCV64_AIA_H

#include <stdbool.h>
#include <stdint.h>

#include <hal/exit.h>
#include <hal_arch/types.h>

/* AIA CSRs by number (binutils 2.40 may not name them). */
#define CSR_SISELECT 0x150
#define CSR_SIREG 0x151
#define CSR_STOPEI 0x15c
#define CSR_VSISELECT 0x250
#define CSR_VSIREG 0x251
#define CSR_HGEIE 0x607
#define CSR_HGEIP 0xe12
#define HSTATUS_VGEIN_SHIFT 12U

/* IMSIC registers behind siselect / vsiselect. */
#define IMSIC_EIDELIVERY 0x70UL
#define IMSIC_EITHRESHOLD 0x72UL
#define IMSIC_EIP0 0x80UL
#define IMSIC_EIE0 0xc0UL

/* Where guests find their controllers (the guest DTB from bhimg says so:
 * tools/imgbuild/gen_dtb_aia.c). vCPU n's IMSIC file is page n. */
#define RV_VAPLIC_BASE 0x0d000000ULL
#define RV_VAPLIC_SIZE 0x8000ULL
#define RV_VIMSIC_BASE 0x28000000ULL
#define RV_VIMSIC_SIZE (RV_MAX_GUEST_VCPUS * 0x1000ULL)

/* imsic.c: this hart's S-level file on, every source's identity enabled,
 * the guest files counted (GEILEN). */
void rv_imsic_init_hart(void);

/* imsic.c: claim the highest pending identity of this hart's file, 0 = none. */
unsigned rv_imsic_claim(void);

/* imsic.c: guest interrupt files per hart (GEILEN), 0 without AIA. */
unsigned rv_imsic_guest_files(void);

/* imsic.c: an MSI (identity eiid) into guest file `file` of pCPU cpu. */
void rv_imsic_send(unsigned cpu, unsigned file, unsigned eiid);

/* imsic.c: empty guest file `file` of this hart (delivery off, nothing
 * pending or enabled, threshold 0). */
void rv_imsic_guest_file_clear(unsigned file);

/* imsic.c: does guest file `file` of this hart signal an interrupt? */
bool rv_imsic_guest_file_pending(unsigned file);

/* imsic.c: save guest file `file` of this hart into a (delivery,
 * threshold, enables, pending), or load a's state into it. */
void rv_imsic_guest_file_save(unsigned file, struct rv_aia_vcpu *a);
void rv_imsic_guest_file_load(unsigned file, const struct rv_aia_vcpu *a);

/* imsic.c: make the identities in bits[] pending in guest file `file`. */
void rv_imsic_guest_file_set(unsigned file, const unsigned long *bits);

/* aplic.c: the S-level domain on, in MSI mode (boot hart). */
void rv_aplic_init(void);

/* aplic.c: make a level-sensitive source pending again when its input is
 * still asserted (the MSI-mode way to re-trigger after a service). */
void rv_aplic_retrigger(unsigned irq);

/* aia_file.c: a vCPU's guest interrupt file (see there). bind: take an
 * empty file of pCPU cpu (0: none free). enter: before a run on cpu, the
 * file number (0: none yet; -1: it had to move and cpu has none free).
 * exit: after the run. pending: does it signal an interrupt (for WFI)?
 * send: an MSI, false when the vCPU has no file or eiid is invalid. */
unsigned rv_aia_file_bind(struct rv_aia_vcpu *a, unsigned cpu);
void rv_aia_file_release(struct rv_aia_vcpu *a);
int rv_aia_file_enter(struct rv_aia_vcpu *a, unsigned cpu);
void rv_aia_file_exit(struct rv_aia_vcpu *a);
bool rv_aia_file_pending(struct rv_aia_vcpu *a, unsigned cpu);
bool rv_aia_file_send(struct rv_aia_vcpu *a, unsigned eiid);

/* intc_aia.c: an MSI with identity eiid into vCPU vcpu's guest file.
 * @return false when that vCPU has no file (yet) or eiid is not valid. */
bool rv_aia_deliver(struct as_arch *as, unsigned vcpu, unsigned eiid);

/* vaplic.c */
void rv_vaplic_reset(struct rv_vaplic *p);
bool rv_vaplic_raise(struct as_arch *as, unsigned src, int pirq);
/* Deliver what is pending (after vCPU vcpu got its file). */
void rv_vaplic_rescan(struct as_arch *as);
/* Emulate one access e in the vAPLIC window; *value for loads. */
void rv_vaplic_access(struct as_arch *as, const struct vm_exit *e, uint64_t *value);

static inline bool rv_vaplic_owns(uint64_t addr)
{
	return addr >= RV_VAPLIC_BASE && addr - RV_VAPLIC_BASE < RV_VAPLIC_SIZE;
}

static inline bool rv_vimsic_owns(uint64_t addr)
{
	return addr >= RV_VIMSIC_BASE && addr - RV_VIMSIC_BASE < RV_VIMSIC_SIZE;
}

#endif
