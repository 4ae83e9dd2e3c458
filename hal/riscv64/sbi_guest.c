/*
 * SBI for guests: ECALL from VS-mode, decoded per extension.
 *
 * Design: a7 = extension id, a6 = function id, a0..a5 arguments; the
 * answer is a0 = error, a1 = value (SBI v2.0 binary encoding). Calls the
 * backend can answer alone (BASE, TIME, RFENCE, IPI) are finished
 * here and return EXIT_NONE. Calls that need the core become exits: HSM
 * hart_start -> EXIT_VCPU_UP, hart_stop -> EXIT_VCPU_DOWN, hart_get_status
 * -> the vcpu_op(VCPUOP_is_up) hypercall, SRST -> EXIT_SHUTDOWN or
 * EXIT_RESET, the consoles -> console_io (sbi_guest_console.c), and the
 * Bulkhead vendor extension -> EXIT_HYPERCALL with a6 as the number.
 * hal_vcpu_complete() converts the core's answer into SBI's numbering
 * (rv_sbi_guest_complete). Unknown extensions or functions answer
 * SBI_ERR_NOT_SUPPORTED. Vendor function ids from 0x10000 on are the
 * backend's own (0x10000: this vCPU's exit count, for the tests that show
 * a vCPU alone on a null-scheduled pCPU takes no exits; 0x10001: how many
 * times its AIA guest interrupt file moved to another pCPU, 0 on PLIC
 * boards).
 *
 * Locking: per vCPU.
 */
#include <hal/errno.h>
#include <hal/irq.h>

#include "csr.h"
#include "gstage.h"
#include "sbi.h"
#include "sbi_guest.h"
#include "vcpu.h"

#define ECALL_BYTES 4U
#define SRST_SHUTDOWN 0UL
#define SRST_COLD_REBOOT 1UL
#define SRST_WARM_REBOOT 2UL
#define HSM_STARTED 0L
#define HSM_STOPPED 1L

struct vm_exit rv_sbi_return(struct vcpu_arch *v, long error, long value)
{
	v->gpr[RV_A0] = (unsigned long)error;
	v->gpr[RV_A1] = (unsigned long)value;
	v->sepc += ECALL_BYTES;
	return (struct vm_exit){.kind = EXIT_NONE};
}

struct vm_exit rv_sbi_to_core(struct vcpu_arch *v, enum rv_complete done, uint64_t nr, uint64_t a0,
                              uint64_t a1, uint64_t a2)
{
	struct vm_exit e = {.kind = EXIT_HYPERCALL};

	e.hypercall.nr = nr;
	e.hypercall.arg[0] = a0;
	e.hypercall.arg[1] = a1;
	e.hypercall.arg[2] = a2;
	v->done = done;
	v->insn_len = ECALL_BYTES;
	return e;
}

long rv_sbi_error(long rc)
{
	switch (rc) {
	case 0:
		return SBI_SUCCESS;
	case -HAL_EINVAL:
	case -HAL_ENOENT:
	case -HAL_EFAULT:
		return SBI_ERR_INVALID_PARAM;
	case -HAL_EEXIST:
		return SBI_ERR_ALREADY_AVAILABLE;
	case -XEN_EPERM:
		return SBI_ERR_DENIED;
	case -HAL_ENOSYS:
		return SBI_ERR_NOT_SUPPORTED;
	default:
		return SBI_ERR_FAILED;
	}
}

static bool extension_present(unsigned long eid)
{
	switch (eid) {
	case SBI_EXT_BASE:
	case SBI_EXT_HSM:
	case SBI_EXT_SRST:
	case SBI_EXT_RFENCE:
	case SBI_EXT_IPI:
	case SBI_EXT_DBCN:
	case SBI_EXT_BULKHEAD:
	case SBI_EXT_LEGACY_PUTCHAR:
	case SBI_EXT_LEGACY_GETCHAR:
	case SBI_EXT_TIME:
		return true;
	default:
		return false;
	}
}

static struct vm_exit base_ext(struct vcpu_arch *v, unsigned long fid)
{
	switch (fid) {
	case 0: /* get_spec_version */
		return rv_sbi_return(v, SBI_SUCCESS, (long)SBI_SPEC_VERSION_2_0);
	case 1: /* get_impl_id */
		return rv_sbi_return(v, SBI_SUCCESS, (long)SBI_IMPL_ID_BULKHEAD);
	case 2: /* get_impl_version */
		return rv_sbi_return(v, SBI_SUCCESS, (long)SBI_IMPL_VERSION);
	case SBI_BASE_PROBE_EXTENSION:
		return rv_sbi_return(v, SBI_SUCCESS, extension_present(v->gpr[RV_A0]) ? 1 : 0);
	case 4: /* get_mvendorid */
	case 5: /* get_marchid */
	case 6: /* get_mimpid */
		return rv_sbi_return(v, SBI_SUCCESS, 0);
	default:
		return rv_sbi_return(v, SBI_ERR_NOT_SUPPORTED, 0);
	}
}

/* [impl->dsn~riscv64-sbi-time~1] */
static struct vm_exit time_ext(struct vcpu_arch *v, unsigned long fid)
{
	if (fid != SBI_TIME_SET_TIMER) {
		return rv_sbi_return(v, SBI_ERR_NOT_SUPPORTED, 0);
	}
	rv_guest_timer_set(v, v->gpr[RV_A0]);
	return rv_sbi_return(v, SBI_SUCCESS, 0);
}

static struct vm_exit rfence(struct vcpu_arch *v, unsigned long fid)
{
	if (fid == 0U) { /* remote_fence_i: every hart may have run this guest */
		__asm__ volatile("fence.i" : : : "memory");
		(void)sbi_call(SBI_EXT_RFENCE, 0, 0, ~0UL, 0);
		return rv_sbi_return(v, SBI_SUCCESS, 0);
	}
	if (fid == 1U || fid == 2U) { /* remote_sfence_vma(_asid): all VS entries */
		rv_hfence_gvma_all();
		(void)sbi_call5(SBI_EXT_RFENCE, SBI_RFENCE_HFENCE_GVMA, 0, ~0UL, 0, ~0UL, 0);
		return rv_sbi_return(v, SBI_SUCCESS, 0);
	}
	return rv_sbi_return(v, SBI_ERR_NOT_SUPPORTED, 0);
}

/* [impl->dsn~riscv64-sbi-ipi~1] */
static struct vm_exit ipi(struct vcpu_arch *v, unsigned long fid)
{
	unsigned long mask = v->gpr[RV_A0], base = v->gpr[RV_A1];

	if (fid != SBI_IPI_SEND_IPI) {
		return rv_sbi_return(v, SBI_ERR_NOT_SUPPORTED, 0);
	}
	if (base == ~0UL) { /* every vCPU of the domain */
		base = 0;
		mask = ~0UL;
	}
	for (unsigned bit = 0; bit < 64U; bit++) {
		unsigned long id = base + bit;

		if (((mask >> bit) & 1U) == 0U || id >= RV_MAX_GUEST_VCPUS) {
			continue;
		}
		struct vcpu_arch *t = v->as->vcpus[id];

		if (t != NULL) {
			/* it may be blocked in WFI [impl->dsn~riscv64-wfi-wake~1] */
			(void)hal_irq_inject(t, RV_VIRQ_SOFT, -1);
			core_vcpu_wake(t);
		} else if (v->gpr[RV_A1] != ~0UL) {
			return rv_sbi_return(v, SBI_ERR_INVALID_PARAM, 0);
		} else {
			/* an unused slot in an "every vCPU" broadcast: nothing to send */
		}
	}
	return rv_sbi_return(v, SBI_SUCCESS, 0);
}

/* [impl->dsn~riscv64-sbi-hsm~1] */
static struct vm_exit hsm(struct vcpu_arch *v, unsigned long fid)
{
	struct vm_exit e = {.kind = EXIT_VCPU_UP};

	switch (fid) {
	case SBI_HSM_HART_START:
		if (v->gpr[RV_A0] > UINT32_MAX) {
			return rv_sbi_return(v, SBI_ERR_INVALID_PARAM, 0);
		}
		e.vcpu_up.vcpu = (unsigned)v->gpr[RV_A0];
		e.vcpu_up.entry = v->gpr[RV_A1];
		e.vcpu_up.arg = v->gpr[12]; /* a2: opaque, the started hart's a1 */
		v->done = RV_DONE_SBI_HSM;
		v->insn_len = ECALL_BYTES;
		return e;
	case SBI_HSM_HART_STOP:
		e.kind = EXIT_VCPU_DOWN;
		return e;
	case SBI_HSM_HART_GET_STATUS:
		return rv_sbi_to_core(v, RV_DONE_SBI_ISUP, XEN_HC_vcpu_op, XEN_VCPUOP_is_up,
		                      v->gpr[RV_A0], 0);
	default:
		return rv_sbi_return(v, SBI_ERR_NOT_SUPPORTED, 0);
	}
}

/* [impl->dsn~riscv64-sbi-srst~1] */
static struct vm_exit srst(struct vcpu_arch *v, unsigned long fid)
{
	unsigned long type = v->gpr[RV_A0];

	if (fid != SBI_SRST_SYSTEM_RESET || v->gpr[RV_A1] > 1U) {
		return rv_sbi_return(v, fid != 0U ? SBI_ERR_NOT_SUPPORTED : SBI_ERR_INVALID_PARAM,
		                     0);
	}
	if (type == SRST_SHUTDOWN) {
		return (struct vm_exit){.kind = EXIT_SHUTDOWN};
	}
	if (type == SRST_COLD_REBOOT || type == SRST_WARM_REBOOT) {
		return (struct vm_exit){.kind = EXIT_RESET};
	}
	return rv_sbi_return(v, SBI_ERR_INVALID_PARAM, 0);
}

/* [impl->dsn~riscv64-sbi-hypercall~1] */
static struct vm_exit bulkhead_call(struct vcpu_arch *v, unsigned long fid)
{
	if (fid == SBI_BH_FID_EXITS) {
		return rv_sbi_return(v, SBI_SUCCESS, (long)v->exits);
	}
	if (fid == SBI_BH_FID_FILE_MOVES) {
		return rv_sbi_return(v, SBI_SUCCESS, (long)v->aia.moves);
	}
	if (fid >= SBI_BH_FID_BACKEND) {
		return rv_sbi_return(v, SBI_ERR_NOT_SUPPORTED, 0);
	}
	struct vm_exit e =
	        rv_sbi_to_core(v, RV_DONE_SBI_VALUE, fid, v->gpr[RV_A0], v->gpr[RV_A1], v->gpr[12]);

	for (unsigned i = 3; i < VM_EXIT_HYPERCALL_ARGS; i++) {
		e.hypercall.arg[i] = v->gpr[RV_A0 + i];
	}
	return e;
}

/* [impl->dsn~riscv64-sbi-guest~1] */
struct vm_exit rv_sbi_guest_call(struct vcpu_arch *v)
{
	unsigned long eid = v->gpr[RV_A7], fid = v->gpr[RV_A6];

	switch (eid) {
	case SBI_EXT_BASE:
		return base_ext(v, fid);
	case SBI_EXT_TIME:
		return time_ext(v, fid);
	case SBI_EXT_RFENCE:
		return rfence(v, fid);
	case SBI_EXT_IPI:
		return ipi(v, fid);
	case SBI_EXT_HSM:
		return hsm(v, fid);
	case SBI_EXT_SRST:
		return srst(v, fid);
	case SBI_EXT_BULKHEAD:
		return bulkhead_call(v, fid);
	case SBI_EXT_LEGACY_PUTCHAR:
	case SBI_EXT_LEGACY_GETCHAR:
	case SBI_EXT_DBCN:
		return rv_sbi_console(v, eid, fid);
	default:
		return rv_sbi_return(v, SBI_ERR_NOT_SUPPORTED, 0);
	}
}

void rv_sbi_guest_complete(struct vcpu_arch *v, uint64_t value)
{
	long rc = (long)value;

	switch (v->done) {
	case RV_DONE_SBI_VALUE:
		v->gpr[RV_A0] = SBI_SUCCESS;
		v->gpr[RV_A1] = value;
		break;
	case RV_DONE_SBI_HSM:
		v->gpr[RV_A0] = (unsigned long)rv_sbi_error(rc);
		break;
	case RV_DONE_SBI_ISUP:
		v->gpr[RV_A0] = (unsigned long)(rc < 0 ? rv_sbi_error(rc) : SBI_SUCCESS);
		v->gpr[RV_A1] = (unsigned long)(rc == 1 ? HSM_STARTED : HSM_STOPPED);
		break;
	default:
		rv_sbi_console_complete(v, rc);
		break;
	}
}
