/*
 * System register accesses trapped from a guest (ESR_EL2 EC 0x18).
 *
 * Design: HCR_EL2.TACR traps ACTLR_EL1, which reads as zero and ignores
 * writes (the guest may not change the core's auxiliary controls); the
 * EL1 physical timer (CNTP_CTL/CVAL/TVAL_EL0, trapped by CNTHCTL_EL2.EL1PCEN
 * = 0) is emulated per vCPU (ptimer.c); ICC_SGI1R_EL1 sends SGIs (vGIC);
 * every other trapped register (TIDCP implementation-defined registers) is
 * an undefined instruction for the guest: FAULT_UNDEF to the core's fault
 * policy.
 *
 * Locking: per vCPU.
 */
#include <arm64/guest.h>
#include <arm64/ptimer.h>
#include <arm64/vgic.h>

/* ISS: Op0 [21:20], Op2 [19:17], Op1 [16:14], CRn [13:10], Rt [9:5],
 * CRm [4:1], Direction [0] (1 = read). */
#define ISS_SYSREG_MASK 0x3ffc1eU
#define SYSREG_KEY(op0, op1, crn, crm, op2)                                                        \
	(((uint32_t)(op0) << 20) | ((uint32_t)(op2) << 17) | ((uint32_t)(op1) << 14) |             \
	 ((uint32_t)(crn) << 10) | ((uint32_t)(crm) << 1))
#define ACTLR_EL1 SYSREG_KEY(3U, 0U, 1U, 0U, 1U)
#define ICC_SGI1R_EL1 SYSREG_KEY(3U, 0U, 12U, 11U, 5U)
#define ICC_ASGI1R_EL1 SYSREG_KEY(3U, 1U, 12U, 11U, 6U)
#define ICC_SGI0R_EL1 SYSREG_KEY(3U, 2U, 12U, 11U, 7U)
/* CNTP_TVAL_EL0 (op2 0), CNTP_CTL_EL0 (1), CNTP_CVAL_EL0 (2): op2 masked out. */
#define CNTP_EL0_ANY SYSREG_KEY(3U, 3U, 14U, 2U, 0U)
#define ISS_OP2_MASK SYSREG_KEY(0U, 0U, 0U, 0U, 7U)
#define ISS_OP2(iss) (((iss) >> 17) & 7U)

/* A physical-timer register: emulated. [impl->dsn~arm64-ptimer~1] */
static void ptimer_access(struct vcpu_arch *v, uint32_t iss, unsigned rt, bool read)
{
	uint32_t op2 = ISS_OP2(iss);
	enum arm64_ptimer_reg reg = ARM64_PTIMER_TVAL;
	uint64_t now = arm64_counter_now();

	if (op2 == 1U) {
		reg = ARM64_PTIMER_CTL;
	} else if (op2 == 2U) {
		reg = ARM64_PTIMER_CVAL;
	} else {
		/* op2 0: CNTP_TVAL_EL0 */
	}

	if (read) {
		if (rt < 31U) {
			v->x[rt] = arm64_ptimer_read(v, reg, now);
		}
	} else {
		arm64_ptimer_write(v, reg, rt < 31U ? v->x[rt] : 0U, now);
	}
}

/* [impl->dsn~arm64-sysreg-trap~1] */
struct vm_exit arm64_sysreg_trap(struct vcpu_arch *v)
{
	uint32_t iss = ESR_ISS(v->esr);
	unsigned rt = (iss >> 5) & 0x1fU;
	bool read = (iss & 1U) != 0U;

	uint32_t key = iss & ISS_SYSREG_MASK;

	if (key == ICC_SGI1R_EL1 && !read) {
		arm64_vgic_sgi(v, rt < 31U ? v->x[rt] : 0U);
	} else if ((key & ~ISS_OP2_MASK) == CNTP_EL0_ANY && ISS_OP2(iss) <= 2U) {
		ptimer_access(v, iss, rt, read);
	} else if (key == ACTLR_EL1 || key == ICC_ASGI1R_EL1 || key == ICC_SGI0R_EL1) {
		if (read && rt < 31U) {
			v->x[rt] = 0;
		}
	} else {
		return arm64_exit_fault(v, FAULT_UNDEF, 0);
	}
	v->pc += 4U;
	return (struct vm_exit){.kind = EXIT_NONE};
}
