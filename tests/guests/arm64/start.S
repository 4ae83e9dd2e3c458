/*
 * Test guest entry (Linux arm64 boot protocol: EL1, MMU off, x0 = DTB for
 * the boot vCPU; a vCPU started with PSCI CPU_ON gets its context id in
 * x0). The vCPU id is MPIDR_EL1.Aff0. vCPU 0 clears BSS; each vCPU takes
 * its own stack and the vector table; then guest_main(dtb) or
 * guest_secondary(id, context).
 * Vectors: an IRQ at EL1 (SP_EL1) saves the caller-saved registers and
 * calls guest_irq(); any other exception calls guest_trap(esr, elr) and
 * stops.
 */
#define STACK_SHIFT 13
#define MAX_VCPUS 4

	.section .text.start, "ax"
	.globl _start
_start:
	msr	daifset, #0xf
	adr	x9, vectors
	msr	vbar_el1, x9
	isb
	mrs	x10, mpidr_el1
	and	x10, x10, #0xff
	cbnz	x10, 2f
	adr	x11, __bss_start
	ldr	x12, =__bss_end
1:	cmp	x11, x12
	b.hs	2f
	str	xzr, [x11], #8
	b	1b
2:	cmp	x10, #MAX_VCPUS
	b.hs	4f
	ldr	x11, =guest_stacks
	add	x12, x10, #1
	lsl	x12, x12, #STACK_SHIFT
	add	sp, x11, x12
	cbnz	x10, 3f
	bl	guest_main
	b	4f
3:	mov	x1, x0
	mov	x0, x10
	bl	guest_secondary
4:	wfi
	b	4b

.macro trap_entry
	.balign	0x80
	mrs	x0, esr_el1
	mrs	x1, elr_el1
	bl	guest_trap
5:	wfi
	b	5b
.endm

.macro irq_entry
	.balign	0x80
	b	irq_save
.endm

	.balign	0x800
vectors:
	trap_entry	/* current EL, SP_EL0 */
	trap_entry
	trap_entry
	trap_entry
	trap_entry	/* current EL, SP_ELx: sync */
	irq_entry	/* IRQ */
	trap_entry
	trap_entry
	.rept	8
	trap_entry	/* lower EL: never */
	.endr

irq_save:
	sub	sp, sp, #192
	stp	x0, x1, [sp, #16 * 0]
	stp	x2, x3, [sp, #16 * 1]
	stp	x4, x5, [sp, #16 * 2]
	stp	x6, x7, [sp, #16 * 3]
	stp	x8, x9, [sp, #16 * 4]
	stp	x10, x11, [sp, #16 * 5]
	stp	x12, x13, [sp, #16 * 6]
	stp	x14, x15, [sp, #16 * 7]
	stp	x16, x17, [sp, #16 * 8]
	stp	x18, x29, [sp, #16 * 9]
	mrs	x0, elr_el1
	mrs	x1, spsr_el1
	stp	x30, x0, [sp, #16 * 10]
	str	x1, [sp, #16 * 11]
	bl	guest_irq
	ldr	x1, [sp, #16 * 11]
	ldp	x30, x0, [sp, #16 * 10]
	msr	elr_el1, x0
	msr	spsr_el1, x1
	ldp	x0, x1, [sp, #16 * 0]
	ldp	x2, x3, [sp, #16 * 1]
	ldp	x4, x5, [sp, #16 * 2]
	ldp	x6, x7, [sp, #16 * 3]
	ldp	x8, x9, [sp, #16 * 4]
	ldp	x10, x11, [sp, #16 * 5]
	ldp	x12, x13, [sp, #16 * 6]
	ldp	x14, x15, [sp, #16 * 7]
	ldp	x16, x17, [sp, #16 * 8]
	ldp	x18, x29, [sp, #16 * 9]
	add	sp, sp, #192
	eret

	.ltorg

	.bss
	.balign	16
	.globl guest_stacks
guest_stacks:
	.skip	(1 << STACK_SHIFT) * MAX_VCPUS
