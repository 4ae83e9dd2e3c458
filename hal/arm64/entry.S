/*
 * Entry: the first instructions every pCPU runs.
 *
 * Design: the boot pCPU enters at _start (QEMU -kernel ELF, or a boot loader)
 * at EL2 with the MMU off; x0 is the loader's argument (DTB address or 0). It
 * checks the exception level, clears BSS, takes its stacks, installs
 * the vectors, lets C build the EL2 stage-1 tables, turns the MMU and caches
 * on and calls arm64_boot_primary(). Secondaries enter at
 * arm64_secondary_entry through PSCI CPU_ON with x0 = their dense id, and do
 * the same minus BSS and tables. Until the MMU is on, only the boot pCPU
 * writes memory (BSS, its stack, the tables), all of it non-cacheable; it
 * then invalidates the BSS lines so no stale cache line hides those writes.
 *
 * Register use before C: x19 = loader argument / dense id, x20 = CurrentEL.
 */
#include <arm64/asm.inc>
#include <arm64/layout.h>

	.section .text.boot, "ax"

/* [impl->dsn~arm64-el2-entry~1] */
func _start
	msr	daifset, #0xf
	mov	x19, x0
	/* [impl->dsn~arm64-el2-check~1] */
	mrs	x20, CurrentEL
	and	x20, x20, #0xc
	bl	clear_bss
	mov	x0, #0
	bl	set_stacks
	bl	arm64_uart_init
	cmp	x20, #ARM64_CURRENTEL_EL2
	b.ne	wrong_el
	mov	x0, #0
	bl	set_el2_state
	bl	arm64_mmu_build_tables
	bl	invalidate_bss_dcache
	bl	mmu_enable
	mov	x0, x19
	bl	arm64_boot_primary
	b	halt_loop
wrong_el:
	mov	x0, x20
	bl	arm64_boot_wrong_el
	b	halt_loop
endfunc _start

/* PSCI CPU_ON target. x0 = context id = dense pCPU id. */
func arm64_secondary_entry
	msr	daifset, #0xf
	mov	x19, x0
	bl	set_stacks
	mov	x0, x19
	bl	set_el2_state
	bl	mmu_enable
	mov	x0, x19
	bl	arm64_boot_secondary
	b	halt_loop
endfunc arm64_secondary_entry

/*
 * x0 = dense id: SP_EL2 = top of the exception stack of slot [id], SP_EL0 =
 * top of its main stack, then run on SP_EL0 (SPSel = 0). Clobbers x0-x2.
 * [impl->dsn~arm64-stacks~1]
 */
set_stacks:
	mov	x1, #ARM64_STACK_SLOT
	mul	x0, x0, x1
	adr_l	x1, arm64_stacks
	add	x0, x1, x0
	add	x1, x0, #ARM64_EXC_STACK_TOP
	mov	sp, x1
	add	x1, x0, #ARM64_MAIN_STACK_TOP
	msr	sp_el0, x1
	msr	spsel, #0
	ret

/* x0 = dense id: TPIDR_EL2, vectors, HCR_EL2. Clobbers x1. */
set_el2_state:
	msr	tpidr_el2, x0
	adr_l	x1, arm64_vectors
	msr	vbar_el2, x1
	mov	x1, #ARM64_HCR_EL2_BOOT
	msr	hcr_el2, x1
	isb
	ret

/* Zero [__bss_start, __bss_end): both 16-byte aligned by the linker script. */
clear_bss:
	adr_l	x0, __bss_start
	adr_l	x1, __bss_end
1:	cmp	x0, x1
	b.hs	2f
	stp	xzr, xzr, [x0], #16
	b	1b
2:	ret

/* Invalidate the data cache over BSS to the point of coherency. */
invalidate_bss_dcache:
	mrs	x2, ctr_el0
	ubfx	x2, x2, #16, #4		/* DminLine: log2(words per line) */
	mov	x3, #4
	lsl	x3, x3, x2		/* line size in bytes */
	sub	x4, x3, #1
	adr_l	x0, __bss_start
	adr_l	x1, __bss_end
	bic	x0, x0, x4
1:	dc	ivac, x0
	add	x0, x0, x3
	cmp	x0, x1
	b.lo	1b
	dsb	sy
	ret

/*
 * Load MAIR/TCR/TTBR0_EL2 from arm64_mmu_regs (filled by the boot pCPU) and
 * turn on the MMU, the data and the instruction cache.
 * [impl->dsn~arm64-el2-mmu~1]
 */
mmu_enable:
	adr_l	x0, arm64_mmu_regs
	ldp	x1, x2, [x0]
	ldr	x3, [x0, #16]
	msr	mair_el2, x1
	msr	tcr_el2, x2
	msr	ttbr0_el2, x3
	isb
	tlbi	alle2
	dsb	ish
	ic	iallu
	dsb	ish
	isb
	ldr	x1, =ARM64_SCTLR_EL2_MMU_ON
	msr	sctlr_el2, x1
	isb
	ret

halt_loop:
	msr	daifset, #0xf
1:	wfi
	b	1b

	.ltorg
