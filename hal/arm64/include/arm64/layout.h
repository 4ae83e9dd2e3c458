/*
 * Arm64 backend constants shared by assembly and C (no C syntax here).
 */
#ifndef ARM64_LAYOUT_H
#define ARM64_LAYOUT_H

/*
 * Stacks of one pCPU, one 4 KiB-aligned slot each in arm64_stacks[]:
 *   [guard 4 KiB][exception stack 8 KiB][guard 4 KiB][main stack 16 KiB]
 * The guards are unmapped (mmu.c), so an overflow faults at once. Code runs
 * on the main stack through SP_EL0 (SPSel = 0); an exception switches to
 * SP_EL2, the exception stack. Tops are offsets from the slot's base.
 */
#define ARM64_GUARD_SIZE 0x1000
#define ARM64_EXC_STACK_SIZE 0x2000
#define ARM64_STACK_SIZE 0x4000
/* Offsets written out (checked in boot.c) so C can use them as plain constants. */
#define ARM64_EXC_STACK_TOP 0x3000  /* guard + exception stack */
#define ARM64_MAIN_GUARD 0x3000     /* = ARM64_EXC_STACK_TOP */
#define ARM64_MAIN_STACK_TOP 0x8000 /* + guard + main stack */
#define ARM64_STACK_SLOT 0x8000

/* struct arm64_trap_frame: x0-x30, elr, spsr, esr, far, sp (36 x 8 bytes). */
#define ARM64_FRAME_SIZE 288
#define ARM64_FRAME_X30 240
#define ARM64_FRAME_SPSR 256
#define ARM64_FRAME_FAR 272

/* CurrentEL value for EL2 (EL in bits [3:2]). */
#define ARM64_CURRENTEL_EL2 0x8

/*
 * SCTLR_EL2 with HCR_EL2.E2H = 0: RES1 bits, plus M C SA I and WXN (no
 * writable mapping is executable) when the MMU is on.
 */
#define ARM64_SCTLR_EL2_RES1 0x30C50830
#define ARM64_SCTLR_EL2_MMU_ON (ARM64_SCTLR_EL2_RES1 | 0x1 | 0x4 | 0x8 | 0x1000 | 0x80000)

/* HCR_EL2 at boot: EL1 is AArch64 (RW); nothing trapped yet. */
#define ARM64_HCR_EL2_BOOT (1 << 31)

#endif
