/*
 * The 'aia' interrupt backend (intc.h): host interrupts through the APLIC
 * (MSI mode) into each hart's IMSIC S-level file; guests get a hardware
 * guest interrupt file per vCPU and a virtual APLIC per domain.
 *
 * Design: a vCPU gets a guest interrupt file of the pCPU it runs on the
 * first time it needs one: its first access to its IMSIC registers
 * (sireg with an IMSIC siselect, or stopei) traps as a virtual
 * instruction while hstatus.VGEIN is 0; the file is then taken (a free bit
 * of the pCPU's aia_files_used), emptied, and the instruction retried with
 * VGEIN = the file. From then on the guest claims and completes with its
 * own stopei, enables and thresholds in its file: no trap. Interrupts for
 * it (its virtual APLIC's sources, e.g. the virtual ns16550, passthrough
 * devices) are MSIs the hypervisor writes into that file from any pCPU
 * (rv_aia_deliver); a source whose target has no file yet stays pending
 * in the vAPLIC and is sent when the file is taken. The guest's IMSIC
 * page (RV_VIMSIC_BASE + 4 KiB * vCPU) is not mapped: writes of an
 * identity to a vCPU's seteipnum are emulated (MSIs between vCPUs).
 *
 * Guest interrupt files are a per-hart resource (GEILEN, aia-guests on
 * QEMU) and do not move: a vCPU whose pCPU has no free file, or that is
 * later run on another pCPU than its file's, is refused with a console
 * message and the run becomes a guest fault (the domain's fault policy
 * applies). Domains that use their IMSIC must therefore have their vCPUs
 * pinned (a null pool, or a one-pCPU affinity); a domain that never
 * touches its IMSIC never takes a file and may migrate freely.
 *
 * Locking: aia_file/aia_cpu are written by the pCPU running the vCPU
 * (binding) or by hal_vcpu_init (release) and read with acquire order by
 * injectors; the files-in-use bitmap is atomic; the vAPLIC has its lock.
 */
#include <stdatomic.h>

#include <hal/cpu.h>
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
	unsigned file = atomic_exchange(&v->aia_file, 0U);

	if (file != 0U && v->aia_cpu < HAL_MAX_CPUS) {
		atomic_fetch_and(&rv_pcpus[v->aia_cpu].aia_files_used, ~(1UL << file));
	}
}

bool rv_vintc_raise(struct as_arch *as, unsigned src, int pirq)
{
	return rv_vaplic_raise(as, src, pirq);
}

/* [impl->dsn~riscv64-aia-guest-file~1] */
bool rv_vintc_enter(struct vcpu_arch *v)
{
	unsigned file = atomic_load(&v->aia_file);

	if (file != 0U && v->aia_cpu != hal_cpu_id()) {
		printk("riscv64: AIA: vCPU %u (VMID %u) has its guest interrupt file on pCPU %u "
		       "and "
		       "cannot run on pCPU %u: pin domains that use their IMSIC\n",
		       v->id, v->as->vmid, v->aia_cpu, hal_cpu_id());
		return false;
	}
	v->hstatus_vgein = (unsigned long)file << HSTATUS_VGEIN_SHIFT;
	csr_write_n(CSR_VSISELECT, v->vsiselect);
	return true;
}

void rv_vintc_exit(struct vcpu_arch *v)
{
	v->vsiselect = csr_read_n(CSR_VSISELECT);
}

bool rv_vintc_pending(struct vcpu_arch *v)
{
	unsigned file = atomic_load(&v->aia_file);

	return file != 0U && v->aia_cpu == hal_cpu_id() && rv_imsic_guest_file_pending(file);
}

/* Take a free guest interrupt file of this pCPU for v. */
static bool bind_file(struct vcpu_arch *v)
{
	struct rv_pcpu *c = rv_this_pcpu();
	unsigned n = rv_imsic_guest_files();

	for (unsigned file = 1; file <= n; file++) {
		unsigned long bit = 1UL << file;

		if ((atomic_fetch_or(&c->aia_files_used, bit) & bit) == 0U) {
			rv_imsic_guest_file_clear(file);
			v->aia_cpu = c->id;
			v->hstatus_vgein = (unsigned long)file << HSTATUS_VGEIN_SHIFT;
			atomic_store(&v->aia_file, file);
			rv_vaplic_rescan(v->as);
			return true;
		}
	}
	printk("riscv64: AIA: no free guest interrupt file on pCPU %u (%u per hart): vCPU %u "
	       "(VMID %u) refused; give fewer IMSIC users to this pCPU\n",
	       c->id, n, v->id, v->as->vmid);
	return false;
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
	if (atomic_load(&v->aia_file) != 0U || !imsic_csr_access(v)) {
		return false;
	}
	return bind_file(v);
}

bool rv_aia_deliver(struct as_arch *as, unsigned vcpu, unsigned eiid)
{
	if (vcpu >= RV_MAX_GUEST_VCPUS || as->vcpus[vcpu] == NULL || eiid == 0U ||
	    eiid > PLAT_IMSIC_IDS) {
		return false;
	}
	const struct vcpu_arch *t = as->vcpus[vcpu];
	unsigned file = atomic_load(&t->aia_file);

	if (file == 0U) {
		return false;
	}
	rv_imsic_send(rv_pcpus[t->aia_cpu].hartid, file, eiid);
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
