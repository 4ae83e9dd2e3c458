/*
 * System register accesses trapped from a guest (ESR_EL2 EC 0x18).
 *
 * Design: HCR_EL2.TACR traps ACTLR_EL1, which reads as zero and ignores
 * writes (the guest may not change the core's auxiliary controls); every
 * other trapped register (TIDCP implementation-defined registers, the
 * physical timer trapped by CNTHCTL_EL2.EL1PCEN = 0) is an undefined
 * instruction for the guest: FAULT_UNDEF to the core's fault policy.
 *
 * Locking: per vCPU.
 */
#include <arm64/guest.h>
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

/* [impl->dsn~arm64-sysreg-trap~1] */
struct vm_exit arm64_sysreg_trap(struct vcpu_arch *v)
{
	uint32_t iss = ESR_ISS(v->esr);
	unsigned rt = (iss >> 5) & 0x1fU;
	bool read = (iss & 1U) != 0U;

	uint32_t key = iss & ISS_SYSREG_MASK;

	if (key == ICC_SGI1R_EL1 && !read) {
		arm64_vgic_sgi(v, rt < 31U ? v->x[rt] : 0U);
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
