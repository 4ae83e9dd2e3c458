/*
 * Guest entry and exit (VS-mode), the only place that switches between the
 * hypervisor's and a guest's registers.
 *
 * Design: rv_guest_enter(v) saves the hypervisor's callee-saved registers
 * (ra, sp, gp, tp, s0..s11) in v->host, loads sepc, hstatus (SPV = 1) and
 * sstatus (SPP = 1) from v, puts v in sscratch, loads the guest's x1..x31
 * and executes sret into VS-mode. Any trap from the guest enters
 * rv_trap_entry (trap_entry.S), which sees sscratch != 0 and jumps to
 * rv_guest_exit with sp = v and sscratch = the guest's sp: the guest's
 * registers and the trap CSRs go into v, sscratch returns to 0, the
 * hypervisor's registers come back and rv_guest_enter "returns" to its
 * caller. Traps taken by the hypervisor itself never come here (sscratch
 * is 0 while it runs).
 *
 * [impl->dsn~riscv64-vcpu-switch~1]
 */
#include <hal_arch/types.h>

#define GPR(n) (RV_VCPU_GPR + (n) * 8)
#define HOST(n) (RV_VCPU_HOST + (n) * 8)

	.text
	.balign	4
	.globl rv_guest_enter
rv_guest_enter:
	sd	ra, HOST(0)(a0)
	sd	sp, HOST(1)(a0)
	sd	gp, HOST(2)(a0)
	sd	tp, HOST(3)(a0)
	sd	s0, HOST(4)(a0)
	sd	s1, HOST(5)(a0)
	sd	s2, HOST(6)(a0)
	sd	s3, HOST(7)(a0)
	sd	s4, HOST(8)(a0)
	sd	s5, HOST(9)(a0)
	sd	s6, HOST(10)(a0)
	sd	s7, HOST(11)(a0)
	sd	s8, HOST(12)(a0)
	sd	s9, HOST(13)(a0)
	sd	s10, HOST(14)(a0)
	sd	s11, HOST(15)(a0)

	ld	t0, RV_VCPU_SEPC(a0)
	csrw	sepc, t0
	ld	t0, RV_VCPU_HSTATUS(a0)
	csrw	hstatus, t0
	ld	t0, RV_VCPU_SSTATUS(a0)
	csrw	sstatus, t0
	csrw	sscratch, a0

	ld	x1, GPR(1)(a0)
	ld	x2, GPR(2)(a0)
	ld	x3, GPR(3)(a0)
	ld	x4, GPR(4)(a0)
	ld	x5, GPR(5)(a0)
	ld	x6, GPR(6)(a0)
	ld	x7, GPR(7)(a0)
	ld	x8, GPR(8)(a0)
	ld	x9, GPR(9)(a0)
	ld	x11, GPR(11)(a0)
	ld	x12, GPR(12)(a0)
	ld	x13, GPR(13)(a0)
	ld	x14, GPR(14)(a0)
	ld	x15, GPR(15)(a0)
	ld	x16, GPR(16)(a0)
	ld	x17, GPR(17)(a0)
	ld	x18, GPR(18)(a0)
	ld	x19, GPR(19)(a0)
	ld	x20, GPR(20)(a0)
	ld	x21, GPR(21)(a0)
	ld	x22, GPR(22)(a0)
	ld	x23, GPR(23)(a0)
	ld	x24, GPR(24)(a0)
	ld	x25, GPR(25)(a0)
	ld	x26, GPR(26)(a0)
	ld	x27, GPR(27)(a0)
	ld	x28, GPR(28)(a0)
	ld	x29, GPR(29)(a0)
	ld	x30, GPR(30)(a0)
	ld	x31, GPR(31)(a0)
	ld	x10, GPR(10)(a0)
	sret

/* From rv_trap_entry: sp = the vCPU, sscratch = the guest's sp. */
	.balign	4
	.globl rv_guest_exit
rv_guest_exit:
	sd	x1, GPR(1)(sp)
	sd	x3, GPR(3)(sp)
	sd	x4, GPR(4)(sp)
	sd	x5, GPR(5)(sp)
	sd	x6, GPR(6)(sp)
	sd	x7, GPR(7)(sp)
	sd	x8, GPR(8)(sp)
	sd	x9, GPR(9)(sp)
	sd	x10, GPR(10)(sp)
	sd	x11, GPR(11)(sp)
	sd	x12, GPR(12)(sp)
	sd	x13, GPR(13)(sp)
	sd	x14, GPR(14)(sp)
	sd	x15, GPR(15)(sp)
	sd	x16, GPR(16)(sp)
	sd	x17, GPR(17)(sp)
	sd	x18, GPR(18)(sp)
	sd	x19, GPR(19)(sp)
	sd	x20, GPR(20)(sp)
	sd	x21, GPR(21)(sp)
	sd	x22, GPR(22)(sp)
	sd	x23, GPR(23)(sp)
	sd	x24, GPR(24)(sp)
	sd	x25, GPR(25)(sp)
	sd	x26, GPR(26)(sp)
	sd	x27, GPR(27)(sp)
	sd	x28, GPR(28)(sp)
	sd	x29, GPR(29)(sp)
	sd	x30, GPR(30)(sp)
	sd	x31, GPR(31)(sp)
	csrrw	t0, sscratch, zero	/* guest sp; sscratch = 0: hypervisor */
	sd	t0, GPR(2)(sp)
	csrr	t0, sepc
	sd	t0, RV_VCPU_SEPC(sp)
	csrr	t0, hstatus
	sd	t0, RV_VCPU_HSTATUS(sp)
	csrr	t0, scause
	sd	t0, RV_VCPU_SCAUSE(sp)
	csrr	t0, stval
	sd	t0, RV_VCPU_STVAL(sp)
	csrr	t0, htval
	sd	t0, RV_VCPU_HTVAL(sp)
	csrr	t0, htinst
	sd	t0, RV_VCPU_HTINST(sp)

	mv	a0, sp
	ld	ra, HOST(0)(a0)
	ld	sp, HOST(1)(a0)
	ld	gp, HOST(2)(a0)
	ld	tp, HOST(3)(a0)
	ld	s0, HOST(4)(a0)
	ld	s1, HOST(5)(a0)
	ld	s2, HOST(6)(a0)
	ld	s3, HOST(7)(a0)
	ld	s4, HOST(8)(a0)
	ld	s5, HOST(9)(a0)
	ld	s6, HOST(10)(a0)
	ld	s7, HOST(11)(a0)
	ld	s8, HOST(12)(a0)
	ld	s9, HOST(13)(a0)
	ld	s10, HOST(14)(a0)
	ld	s11, HOST(15)(a0)
	ret
