/*
 * The 'aia' interrupt backend (intc.h): host interrupts through the APLIC
 * (MSI mode) into each hart's IMSIC S-level file; guests get a hardware
 * guest interrupt file per vCPU and a virtual APLIC per domain.
 *
 * Design: a vCPU's guest interrupt file (aia_file.c: taken at its first
 * IMSIC use, following it between pCPUs, MSIs kept while it is out of the
 * guest) is selected by hstatus.VGEIN at each entry; vsiselect is swapped
 * per vCPU. The first use is a virtual-instruction trap: an access to
 * sireg with an IMSIC siselect (0x70-0xff) or to stopei while VGEIN is 0;
 * the file is then taken and the instruction retried. From then on the
 * guest claims (stopei), enables and thresholds in its file: no trap. A
 * vCPU whose pCPU has no free file (first use, or after the scheduler
 * moved it) is refused with a console message and the run becomes a guest
 * fault (the domain's fault policy applies). Interrupts for a vCPU (its
 * virtual APLIC's sources, vaplic.c) are MSIs into its file from any pCPU
 * (rv_aia_deliver, which wakes the target if it is blocked in WFI: so a
 * vCPU with external interrupts enabled may block); a source whose target has no file yet stays pending in
 * the vAPLIC and is sent when the file is taken. The guest's IMSIC page
 * (RV_VIMSIC_BASE + 4 KiB * vCPU) is not mapped: writes of an identity to
 * a vCPU's seteipnum are emulated (MSIs between vCPUs).
 *
 * Locking: see aia_file.c; the vAPLIC's lock is taken before a vCPU's
 * file lock, never after.
 */
#include <stdatomic.h>

#include <hal/cpu.h>
#include <hal/irq.h>
#include <hal/vcpu.h>
#include <lib/print.h>
#include <plat_config.h>

#include "aia.h"
#include "csr.h"
#include "intc.h"
#include "pcpu.h"
#include "vcpu.h"

#define INSN_OPCODE_SYSTEM 0x73UL
#define INSN_CSR_SHIFT 20U
#define INSN_CSR_SIREG 0x151UL  /* CSR_SIREG */
#define INSN_CSR_STOPEI 0x15cUL /* CSR_STOPEI */
#define IMSIC_SELECT_FIRST 0x70UL
#define IMSIC_SELECT_LAST 0xffUL
#define IMSIC_SETEIPNUM_LE 0x0ULL

void rv_intc_init_hart(void)
{
	rv_imsic_init_hart();
	if (hal_cpu_id() == 0U) {
		rv_aplic_init();
	}
}

unsigned rv_intc_claim(void)
{
	return rv_imsic_claim();
}

void rv_vintc_reset(struct as_arch *as)
{
	rv_vaplic_reset(&as->vaplic);
}

void rv_vintc_vcpu_release(struct vcpu_arch *v)
{
	rv_aia_file_release(&v->aia);
}

bool rv_vintc_raise(struct as_arch *as, unsigned src, int pirq)
{
	return rv_vaplic_raise(as, src, pirq);
}

static void refuse(const struct vcpu_arch *v, const char *why)
{
	printk("riscv64: AIA: no free guest interrupt file on pCPU %u (%u per hart): vCPU %u "
	       "(VMID %u) refused%s\n",
	       hal_cpu_id(), rv_imsic_guest_files(), v->id, v->as->vmid, why);
}

/* [impl->dsn~riscv64-aia-guest-file~1] */
bool rv_vintc_enter(struct vcpu_arch *v)
{
	int file = rv_aia_file_enter(&v->aia, hal_cpu_id());

	if (file < 0) {
		refuse(v, " when it moved: pin domains that use their IMSIC");
		return false;
	}
	v->hstatus_vgein = (unsigned long)file << HSTATUS_VGEIN_SHIFT;
	csr_write_n(CSR_VSISELECT, v->vsiselect);
	return true;
}

void rv_vintc_exit(struct vcpu_arch *v)
{
	v->vsiselect = csr_read_n(CSR_VSISELECT);
	rv_aia_file_exit(&v->aia); /* uses vsiselect: read it first */
}

bool rv_vintc_pending(struct vcpu_arch *v)
{
	return rv_aia_file_pending(&v->aia, hal_cpu_id());
}

/* Is the trapped instruction an access to sireg (IMSIC range) or stopei? */
static bool imsic_csr_access(const struct vcpu_arch *v)
{
	unsigned long insn = v->stval;
	unsigned long csr = insn >> INSN_CSR_SHIFT;

	if ((insn & 0x7fUL) != INSN_OPCODE_SYSTEM || ((insn >> 12) & 3UL) == 0UL) {
		return false;
	}
	if (csr == INSN_CSR_STOPEI) {
		return true;
	}
	return csr == INSN_CSR_SIREG && v->vsiselect >= IMSIC_SELECT_FIRST &&
	       v->vsiselect <= IMSIC_SELECT_LAST;
}

/* [impl->dsn~riscv64-aia-guest-file~1] */
bool rv_vintc_csr_trap(struct vcpu_arch *v)
{
	if (v->aia.file != 0U || !imsic_csr_access(v)) {
		return false;
	}
	if (rv_aia_file_bind(&v->aia, hal_cpu_id()) == 0U) {
		refuse(v, "; give fewer IMSIC users to this pCPU");
		return false;
	}
	rv_vaplic_rescan(v->as); /* sources that waited for this file */
	return true;
}

/* Every MSI wakes its target (rv_aia_deliver). */
bool rv_vintc_unwakeable(const struct vcpu_arch *v)
{
	(void)v;
	return false;
}

/*
 * An MSI into a vCPU's file, from any pCPU; the target may be blocked in
 * WFI: wake it (after the MSI is in its file or soft_eip, so its "nothing
 * pending" check either sees it or is followed by this wake).
 * [impl->dsn~riscv64-wfi-wake~1]
 */
bool rv_aia_deliver(struct as_arch *as, unsigned vcpu, unsigned eiid)
{
	if (vcpu >= RV_MAX_GUEST_VCPUS || as->vcpus[vcpu] == NULL) {
		return false;
	}
	if (!rv_aia_file_send(&as->vcpus[vcpu]->aia, eiid)) {
		return false;
	}
	core_vcpu_wake(as->vcpus[vcpu]);
	return true;
}

/* A store to a vCPU's seteipnum_le: an MSI between vCPUs. */
static void vimsic_access(struct vcpu_arch *v, const struct vm_exit *e)
{
	uint64_t off = e->access.addr - RV_VIMSIC_BASE;

	if (e->access.write && e->access.size == 4U && (off & 0xfffULL) == IMSIC_SETEIPNUM_LE) {
		(void)rv_aia_deliver(v->as, (unsigned)(off >> 12), (unsigned)e->access.value);
	}
	hal_vcpu_complete(v, 0);
}

/* [impl->dsn~riscv64-vaplic~1] */
bool rv_vintc_mmio(struct vcpu_arch *v, const struct vm_exit *e)
{
	uint64_t value;

	if (rv_vaplic_owns(e->access.addr)) {
		rv_vaplic_access(v->as, e, &value);
		hal_vcpu_complete(v, value);
		return true;
	}
	if (rv_vimsic_owns(e->access.addr)) {
		vimsic_access(v, e);
		return true;
	}
	return false;
}
