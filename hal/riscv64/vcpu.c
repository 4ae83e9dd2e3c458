/*
 * vCPUs: power-on state, one run (enter VS-mode, come back, decode), and
 * completing the last exit.
 *
 * Design: the guest's x registers, pc and trap CSRs live in struct
 * vcpu_arch (the assembly reads them at fixed offsets, checked below); the
 * VS-level CSRs (vsstatus, vstvec, vsatp...) and hvip are loaded before
 * each entry and saved after each exit, so several vCPUs may share a pCPU;
 * the external interrupt is set up by the interrupt backend (intc.h) at
 * each entry: hvip.VSEIP from the virtual PLIC, or the vCPU's guest
 * interrupt file in hstatus.VGEIN on AIA boards.
 * Initialising vCPU 0 (domain build or reset) resets the virtual
 * interrupt controller.
 * WFI traps (hstatus.VTW: a virtual instruction exception, EXIT_HALT)
 * unless the core made it native for a vCPU alone on its pCPU
 * (hal_vcpu_set_wfi_native): the guest then waits in hardware; the
 * hypervisor's interrupts (its timer, IPIs, external) are HS-level and
 * still end the wait with an exit, and the guest's own timer (Sstc:
 * vstimecmp raises VSTIP; without Sstc the pCPU's compare, armed at entry)
 * wakes it. A shared pCPU keeps VTW and the timed halt.
 * A vCPU starts in VS-mode (the guest's S-mode) with vsatp = 0 (its MMU
 * off) and interrupts masked, a0 = its vCPU id (the RISC-V boot protocol's
 * hart id) and a1.. = the arguments the core passes (the DTB for vCPU 0,
 * the SBI HSM opaque value for a started vCPU). When the hart has F/D the
 * guest has them too (its own vsstatus.FS decides), with f0-f31 and fcsr
 * swapped around each run (fp_enter/fp_exit).
 *
 * Locking: a vCPU runs on one pCPU at a time (the core guarantees it).
 */
#include <stdatomic.h>
#include <stddef.h>

#include <hal/cpu.h>
#include <hal/vcpu.h>
#include <lib/string.h>

#include "csr.h"
#include "gstage.h"
#include "intc.h"
#include "pcpu.h"
#include "vcpu.h"

_Static_assert((int)offsetof(struct vcpu_arch, gpr) == RV_VCPU_GPR, "asm offset");
_Static_assert((int)offsetof(struct vcpu_arch, host) == RV_VCPU_HOST, "asm offset");
_Static_assert((int)offsetof(struct vcpu_arch, sepc) == RV_VCPU_SEPC, "asm offset");
_Static_assert((int)offsetof(struct vcpu_arch, hstatus) == RV_VCPU_HSTATUS, "asm offset");
_Static_assert((int)offsetof(struct vcpu_arch, sstatus) == RV_VCPU_SSTATUS, "asm offset");
_Static_assert((int)offsetof(struct vcpu_arch, scause) == RV_VCPU_SCAUSE, "asm offset");
_Static_assert((int)offsetof(struct vcpu_arch, stval) == RV_VCPU_STVAL, "asm offset");
_Static_assert((int)offsetof(struct vcpu_arch, htval) == RV_VCPU_HTVAL, "asm offset");
_Static_assert((int)offsetof(struct vcpu_arch, htinst) == RV_VCPU_HTINST, "asm offset");

bool rv_has_fp;

/* Guest entry: V = 1, HLV as VS, WFI traps (virtual instruction), RV64. */
#define GUEST_HSTATUS (HSTATUS_SPV | HSTATUS_SPVP | HSTATUS_VTW | HSTATUS_VSXL_64)
/* The same for a vCPU whose WFI runs natively (hal_vcpu_set_wfi_native). */
#define GUEST_HSTATUS_WFI_NATIVE (GUEST_HSTATUS & ~HSTATUS_VTW)
#define TIMER_OFF (~0UL)

/* [impl->dsn~riscv64-vcpu-init~1] */
int hal_vcpu_init(struct vcpu_arch *v, struct as_arch *as, unsigned vcpu_id, uint64_t entry,
                  const uint64_t *args, unsigned nargs)
{
	if (as == NULL || !as->created || nargs > HAL_VCPU_MAX_ARGS ||
	    (nargs > 0U && args == NULL) || vcpu_id >= RV_SBI_CON_SLOTS) {
		return -HAL_EINVAL;
	}
	rv_vintc_vcpu_release(v);
	bool wfi_native = v->wfi_native; /* survives a reset */

	(void)memset(v, 0, sizeof(*v));
	v->wfi_native = wfi_native;
	v->as = as;
	v->id = vcpu_id;
	v->sepc = entry;
	v->gpr[RV_A0] = vcpu_id;
	for (unsigned i = 0; i < nargs && RV_A1 + i <= 17U; i++) {
		v->gpr[RV_A1 + i] = args[i];
	}
	v->vstimecmp = TIMER_OFF;
	atomic_store(&v->inject, 0UL);
	atomic_store(&v->running_on, -1);
	as->vcpus[vcpu_id] = v;
	if (vcpu_id == 0U) {
		rv_vintc_reset(as); /* domain build or reset */
	}
	as->multi_vcpu = as->multi_vcpu || vcpu_id > 0U;
	return 0;
}

static void load_vs_state(const struct vcpu_arch *v)
{
	csr_write(vsstatus, v->vsstatus);
	csr_write(vsie, v->vsie);
	csr_write(vstvec, v->vstvec);
	csr_write(vsscratch, v->vsscratch);
	csr_write(vsepc, v->vsepc);
	csr_write(vscause, v->vscause);
	csr_write(vstval, v->vstval);
	csr_write(vsatp, v->vsatp);
	csr_write(hvip, v->hvip);
}

static void save_vs_state(struct vcpu_arch *v)
{
	v->vsstatus = csr_read(vsstatus);
	v->vsie = csr_read(vsie);
	v->vstvec = csr_read(vstvec);
	v->vsscratch = csr_read(vsscratch);
	v->vsepc = csr_read(vsepc);
	v->vscause = csr_read(vscause);
	v->vstval = csr_read(vstval);
	v->vsatp = csr_read(vsatp);
	/* hvip only changes through the backend; the guest clears VSSIP in
	 * its sip, which writes hvip.VSSIP. With Sstc, a VSTIP read here is
	 * the guest's vstimecmp firing, not a bit the backend set: keeping it
	 * would re-inject a stale timer interrupt after the guest re-armed its
	 * timer through SBI set_timer (seen as interrupts one period early). */
	v->hvip = csr_read(hvip);
	if (rv_has_sstc) {
		v->hvip &= ~(1UL << IRQ_VS_TIMER);
	}
}

/* Another vCPU's VS-stage translations may be cached under the same VMID. */
static void switch_vcpu_tlb(struct vcpu_arch *v)
{
	struct rv_pcpu *c = rv_this_pcpu();

	if (c->last_vcpu != v) {
		rv_hfence_vvma_all();
		c->last_vcpu = v;
	}
}

/*
 * The guest's FP registers go in before each run with sstatus.FS = Clean;
 * a guest that changes them makes FS Dirty (the H extension marks both
 * vsstatus.FS and sstatus.FS), and only then are they saved. FS is Off
 * again while the hypervisor runs.
 * [impl->dsn~riscv64-guest-fp~1]
 */
static void fp_enter(const struct vcpu_arch *v)
{
	if (rv_has_fp) {
		csr_set(sstatus, SSTATUS_FS_INITIAL);
		rv_fp_restore(&v->fp);
		csr_clear(sstatus, SSTATUS_FS);
		csr_set(sstatus, SSTATUS_FS_CLEAN);
	}
}

static void fp_exit(struct vcpu_arch *v)
{
	if (rv_has_fp) {
		if ((csr_read(sstatus) & SSTATUS_FS) == SSTATUS_FS_DIRTY) {
			rv_fp_save(&v->fp);
		}
		csr_clear(sstatus, SSTATUS_FS);
	}
}

/* [impl->dsn~riscv64-vcpu-run~1] */
struct vm_exit hal_vcpu_run(struct vcpu_arch *v)
{
	atomic_store(&v->running_on, (int)hal_cpu_id());
	switch_vcpu_tlb(v);
	v->hvip |= atomic_exchange(&v->inject, 0UL);
	if (!rv_vintc_enter(v)) {
		atomic_store(&v->running_on, -1);
		return (struct vm_exit){.kind = EXIT_FAULT,
		                        .fault = {.kind = FAULT_OTHER, .pc = v->sepc}};
	}
	load_vs_state(v);
	rv_guest_timer_enter(v); /* after hvip: vstimecmp decides VSTIP last */
	fp_enter(v);
	v->hstatus = (v->wfi_native ? GUEST_HSTATUS_WFI_NATIVE : GUEST_HSTATUS) | v->hstatus_vgein;
	v->sstatus = (csr_read(sstatus) | SSTATUS_SPP) & ~(SSTATUS_SPIE | SSTATUS_SIE);
	v->done = RV_DONE_NONE;
	rv_guest_enter(v);
	fp_exit(v);
	save_vs_state(v);
	rv_vintc_exit(v);
	rv_guest_timer_exit(v);
	atomic_store(&v->running_on, -1);
	v->exits++;
	return rv_decode_exit(v);
}

/* hstatus is composed at every entry: the flag applies from the next.
 * [impl->dsn~core-wfi-native~1] */
void hal_vcpu_set_wfi_native(struct vcpu_arch *v, bool native)
{
	v->wfi_native = native;
}

/* Every run saves the guest's state at its exit: nothing stays loaded. */
void hal_vcpu_put(struct vcpu_arch *v)
{
	(void)v;
}

/* [impl->dsn~riscv64-vcpu-complete~1] */
void hal_vcpu_complete(struct vcpu_arch *v, uint64_t value)
{
	switch (v->done) {
	case RV_DONE_MMIO_LOAD:
		rv_mmio_complete_load(v, value);
		break;
	case RV_DONE_NONE:
		return;
	case RV_DONE_SKIP:
		break;
	default:
		rv_sbi_guest_complete(v, value);
		break;
	}
	v->sepc += v->insn_len;
	v->done = RV_DONE_NONE;
}

unsigned hal_xen_legacy_max_vcpus(void)
{
	return 1U; /* XEN_LEGACY_MAX_VCPUS for Arm and RISC-V */
}

unsigned hal_xen_vcpu_info_size(void)
{
	return 48U;
}
