/*
 * Decoding a guest exit into the neutral struct vm_exit.
 *
 * Design: the exit vector says what kind of exception ended the run. An
 * interrupt is acknowledged at the GIC (irq.c): the hypervisor's timer is
 * EXIT_TIMER, a kick EXIT_NONE, a routed interrupt EXIT_IRQ. A synchronous
 * exception is decoded from ESR_EL2's exception class:
 *   HVC #0xEA1        -> EXIT_HYPERCALL (number x16, arguments x0-x5);
 *   HVC #0, SMC #0    -> PSCI (psci_guest.c);
 *   HVC #0xEA2        -> x0 = the vCPU's exit count (Bulkhead), at once;
 *                        any other immediate is answered NOT_SUPPORTED in
 *                        x0 at once;
 *   data abort, ISV   -> EXIT_MMIO: IPA from HPFAR_EL2 and FAR_EL2's page
 *                        offset, size from SAS, register from SRT; the
 *                        virtual GIC's windows are emulated here (vgic3.c);
 *                        a permission fault on mapped memory or an abort
 *                        without syndrome is a fault;
 *   WFI               -> EXIT_HALT, or EXIT_NONE (pc past it) when the
 *                        guest's virtual timer is armed, a virtual
 *                        interrupt is pending or a sibling vCPU could send
 *                        an SGI (the core knows none of these); the halt
 *                        carries the physical timer's deadline for the
 *                        core to wake the vCPU at (timer.c);
 *   WFE               -> EXIT_NONE past it (a yield);
 *   MSR/MRS trapped   -> sysreg_trap.c;
 *   everything else   -> EXIT_FAULT (instruction aborts: FAULT_EXEC).
 * An SError is a fault too.
 *
 * Locking: per vCPU, on the pCPU that runs it.
 */
#include <arm64/guest.h>
#include <arm64/ptimer.h>
#include <hal/as.h>
#include <hal/vcpu.h>

#define ISS_ISV 0x1000000U
#define ISS_SAS(iss) (((iss) >> 22) & 3U)
#define ISS_SSE 0x200000U
#define ISS_SRT(iss) (((iss) >> 16) & 0x1fU)
#define ISS_SF 0x8000U
#define ISS_S1PTW 0x80U
#define ISS_WNR 0x40U
#define ISS_FSC(iss) ((iss)&0x3fU)
#define FSC_TYPE(fsc) ((fsc)&0x3cU)
#define FSC_TRANSLATION 0x04U
#define FSC_ACCESS_FLAG 0x08U
#define FSC_PERMISSION 0x0cU
#define HPFAR_FIPA_MASK 0xfffffffffffULL /* bits [43:4]: IPA[51:12] */
#define INSN_BYTES 4U

struct vm_exit arm64_exit_fault(const struct vcpu_arch *v, enum vm_fault_kind kind, uint64_t addr)
{
	struct vm_exit e = {.kind = EXIT_FAULT};

	e.fault.kind = kind;
	e.fault.addr = addr;
	e.fault.pc = v->pc;
	return e;
}

static uint64_t fault_ipa(const struct vcpu_arch *v)
{
	return (((v->hpfar >> 4) & HPFAR_FIPA_MASK) << 12) | (v->far & 0xfffU);
}

/* The bits an access of size bytes (1, 2, 4 or 8) carries. */
static uint64_t size_mask(uint8_t size)
{
	switch (size) {
	case 1:
		return 0xffULL;
	case 2:
		return 0xffffULL;
	case 4:
		return 0xffffffffULL;
	default:
		return ~0ULL;
	}
}

/* Note in v how to complete the trapped access (register, width, sign);
 * the value a store writes. */
static uint64_t note_access(struct vcpu_arch *v, uint32_t iss)
{
	unsigned reg = ISS_SRT(iss);
	uint8_t size = (uint8_t)((uint32_t)1U << ISS_SAS(iss));
	uint64_t value = 0;

	if ((iss & ISS_WNR) != 0U) {
		value = (reg < 31U ? v->x[reg] : 0U) & size_mask(size);
		v->done = ARM64_DONE_SKIP;
	} else {
		v->done = ARM64_DONE_LOAD;
		v->load_reg = (uint8_t)reg;
		v->load_size = size;
		v->load_signed = (iss & ISS_SSE) != 0U;
		v->load_64 = (iss & ISS_SF) != 0U;
	}
	v->pc_skip = INSN_BYTES;
	return value;
}

/* The exit record of a trapped access; the vGIC windows are emulated here. */
static void mmio_exit(struct vcpu_arch *v, uint32_t iss, uint64_t ipa, struct vm_exit *e)
{
	e->kind = EXIT_MMIO;
	e->access.addr = ipa;
	e->access.size = (uint8_t)((uint32_t)1U << ISS_SAS(iss));
	e->access.write = (iss & ISS_WNR) != 0U;
	e->access.reg = (uint8_t)ISS_SRT(iss);
	e->access.value = note_access(v, iss);
	if (arm64_vgic_mmio_window(ipa)) {
		*e = arm64_vgic_mmio(v, *e);
	}
}

enum abort_kind { ABORT_ACCESS, ABORT_MAPPED, ABORT_FAULT };

/* What a data abort at ipa is: an access to emulate, a page mapped since
 * (retry), or a fault of *fault's kind. */
static enum abort_kind classify_abort(const struct vcpu_arch *v, uint32_t iss, uint64_t ipa,
                                      enum vm_fault_kind *fault)
{
	bool write = (iss & ISS_WNR) != 0U;
	unsigned type = FSC_TYPE(ISS_FSC(iss));
	struct hal_as_page pg;

	if ((iss & ISS_S1PTW) != 0U) {
		*fault = FAULT_READ; /* its page tables are not RAM */
		return ABORT_FAULT;
	}
	if (hal_as_translate(v->as, ipa, &pg) == 0) {
		if (type == FSC_TRANSLATION && (pg.perm & (write ? HAL_AS_W : HAL_AS_R)) != 0U) {
			return ABORT_MAPPED;
		}
		*fault = write ? FAULT_WRITE : FAULT_READ;
		return ABORT_FAULT;
	}
	if (type != FSC_TRANSLATION || (iss & ISS_ISV) == 0U) {
		*fault = FAULT_OTHER;
		return ABORT_FAULT;
	}
	return ABORT_ACCESS;
}

/* [impl->dsn~arm64-mmio-exit~1] */
static void data_abort(struct vcpu_arch *v, uint32_t iss, struct vm_exit *e)
{
	uint64_t ipa = fault_ipa(v);
	enum vm_fault_kind fault = FAULT_OTHER;
	enum abort_kind k = classify_abort(v, iss, ipa, &fault);

	if (k == ABORT_ACCESS) {
		mmio_exit(v, iss, ipa, e);
	} else if (k == ABORT_MAPPED) {
		e->kind = EXIT_NONE;
	} else {
		*e = arm64_exit_fault(v, fault, ipa);
	}
}

/*
 * A data abort outside the vGIC windows (see arm64_exit_keeps_state),
 * decoded as data_abort() does but built in the caller's return slot:
 * called from vcpu.c, the record is not copied.
 * [impl->dsn~arm64-mmio-exit~1]
 */
struct vm_exit arm64_data_abort_exit(struct vcpu_arch *v)
{
	uint32_t iss = ESR_ISS(v->esr);
	uint64_t ipa = fault_ipa(v);
	enum vm_fault_kind fault = FAULT_OTHER;
	enum abort_kind k = classify_abort(v, iss, ipa, &fault);
	struct vm_exit e;

	e.kind = EXIT_NONE;
	e.access.addr = ipa;
	e.access.size = (uint8_t)((uint32_t)1U << ISS_SAS(iss));
	e.access.write = (iss & ISS_WNR) != 0U;
	e.access.reg = (uint8_t)ISS_SRT(iss);
	e.access.value = 0;
	if (k == ABORT_ACCESS) {
		e.kind = EXIT_MMIO;
		e.access.value = note_access(v, iss);
	} else if (k == ABORT_FAULT) {
		e = arm64_exit_fault(v, fault, ipa);
	} else {
		/* mapped meanwhile: run again */
	}
	return e;
}

static bool may_be_woken_by_backend(const struct vcpu_arch *v)
{
	if (arm64_vtimer_armed(v) || arm64_vgic_pending(v)) {
		return true;
	}
	for (unsigned i = 0; i < ARM64_MAX_GUEST_VCPUS; i++) {
		if (i != v->id && v->as->vcpus[i] != NULL && v->as->vcpus[i]->on) {
			return true; /* a sibling may send an SGI */
		}
	}
	return false;
}

/* [impl->dsn~arm64-wfi-halt~1] */
static void wait_for(struct vcpu_arch *v, uint32_t iss, struct vm_exit *e)
{
	bool wfe = (iss & 1U) != 0U;

	if (wfe || may_be_woken_by_backend(v)) {
		v->pc += INSN_BYTES;
		e->kind = EXIT_NONE;
		return;
	}
	v->done = ARM64_DONE_SKIP;
	v->pc_skip = INSN_BYTES;
	e->kind = EXIT_HALT;
	e->halt.wake_ns = arm64_timer_wake_ns(v);
}

/* [impl->dsn~arm64-hypercall-exit~1] */
static void hvc(struct vcpu_arch *v, uint32_t iss, struct vm_exit *e)
{
	uint32_t imm = iss & 0xffffU;

	v->pc_skip = 0; /* ELR_EL2 already points past the HVC */
	if (imm == ARM64_HVC_XEN) {
		e->kind = EXIT_HYPERCALL;
		e->hypercall.nr = v->x[16];
		for (unsigned i = 0; i < VM_EXIT_HYPERCALL_ARGS; i++) {
			e->hypercall.arg[i] = v->x[i];
		}
		v->done = ARM64_DONE_X0;
	} else if (imm == 0U) {
		*e = arm64_psci_guest_call(v);
	} else if (imm == ARM64_HVC_EXITS) {
		v->x[0] = v->exits; /* [impl->dsn~arm64-exit-count~1] */
		e->kind = EXIT_NONE;
	} else {
		v->x[0] = (uint64_t)-1; /* NOT_SUPPORTED */
		e->kind = EXIT_NONE;
	}
}

static void smc(struct vcpu_arch *v, uint32_t iss, struct vm_exit *e)
{
	v->pc_skip = INSN_BYTES; /* a trapped SMC: ELR_EL2 is the SMC itself */
	if ((iss & 0xffffU) != 0U) {
		v->x[0] = (uint64_t)-1;
		v->pc += INSN_BYTES;
		e->kind = EXIT_NONE;
		return;
	}
	*e = arm64_psci_guest_call(v);
}

static void decode_sync(struct vcpu_arch *v, struct vm_exit *e)
{
	uint32_t iss = ESR_ISS(v->esr);

	switch (ESR_EC(v->esr)) {
	case EC_HVC64:
		hvc(v, iss, e);
		break;
	case EC_SMC64:
		smc(v, iss, e);
		break;
	case EC_DABT_LOW:
		data_abort(v, iss, e);
		break;
	case EC_WFX:
		wait_for(v, iss, e);
		break;
	case EC_SYSREG:
		*e = arm64_sysreg_trap(v);
		break;
	case EC_IABT_LOW:
		*e = arm64_exit_fault(v, FAULT_EXEC, fault_ipa(v));
		break;
	default:
		*e = arm64_exit_fault(v, FAULT_UNDEF, 0);
		break;
	}
}

bool arm64_exit_is_xen_hypercall(const struct vcpu_arch *v)
{
	return v->exit_vector == (uint64_t)ARM64_EXIT_SYNC && ESR_EC(v->esr) == EC_HVC64 &&
	       (ESR_ISS(v->esr) & 0xffffU) == ARM64_HVC_XEN;
}

/* The commonest exit; called from another file (vcpu.c), it is built in
 * the caller's return slot, with no copy. */
struct vm_exit arm64_xen_hypercall(struct vcpu_arch *v)
{
	struct vm_exit e;

	e.kind = EXIT_HYPERCALL;
	e.hypercall.nr = v->x[16];
	e.hypercall.arg[0] = v->x[0]; /* written out: a loop would need a copy */
	e.hypercall.arg[1] = v->x[1];
	e.hypercall.arg[2] = v->x[2];
	e.hypercall.arg[3] = v->x[3];
	e.hypercall.arg[4] = v->x[4];
	e.hypercall.arg[5] = v->x[5];
	v->pc_skip = 0; /* ELR_EL2 already points past the HVC */
	v->done = ARM64_DONE_X0;
	return e;
}

/* [impl->dsn~arm64-exit-decode~1] */
struct vm_exit arm64_decode_exit(struct vcpu_arch *v)
{
	struct vm_exit e;

	if (arm64_exit_is_xen_hypercall(v)) {
		return arm64_xen_hypercall(v);
	}
	e.kind = EXIT_NONE;
	if (v->exit_vector == (uint64_t)ARM64_EXIT_IRQ ||
	    v->exit_vector == (uint64_t)ARM64_EXIT_FIQ) {
		arm64_irq_take(v, &e);
	} else if (v->exit_vector == (uint64_t)ARM64_EXIT_SYNC) {
		decode_sync(v, &e);
	} else {
		e = arm64_exit_fault(v, FAULT_OTHER, 0); /* SError */
	}
	return e;
}

/*
 * Whether the exit v just took is one whose decoding and handling use only
 * what guest_entry.S stored in v (general registers, pc, ESR, FAR, HPFAR):
 * a Xen hypercall, or a data abort outside the vGIC windows (an MMIO
 * access, or a fault). Its EL1, FP, timer and vGIC state may then stay in
 * the pCPU (vcpu.c).
 * [impl->dsn~arm64-lazy-state~1]
 */
bool arm64_exit_keeps_state(const struct vcpu_arch *v)
{
	if (arm64_exit_is_xen_hypercall(v)) {
		return true;
	}
	return v->exit_vector == (uint64_t)ARM64_EXIT_SYNC && ESR_EC(v->esr) == EC_DABT_LOW &&
	       !arm64_vgic_mmio_window(fault_ipa(v));
}
