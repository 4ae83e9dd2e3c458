/*
 * Arm64 backend constants shared by assembly and C (no C syntax here).
 */
#ifndef ARM64_LAYOUT_H
#define ARM64_LAYOUT_H

/* Boot stack of each pCPU, in bytes; a multiple of 16 (AAPCS64 alignment). */
#define ARM64_STACK_SIZE 0x4000

/* struct arm64_trap_frame: x0-x30, elr, spsr, esr, far, sp (36 x 8 bytes). */
#define ARM64_FRAME_SIZE 288
#define ARM64_FRAME_X30 240
#define ARM64_FRAME_SPSR 256
#define ARM64_FRAME_FAR 272

/* CurrentEL value for EL2 (EL in bits [3:2]). */
#define ARM64_CURRENTEL_EL2 0x8

/* SCTLR_EL2 with HCR_EL2.E2H = 0: RES1 bits, plus M C SA I when MMU is on. */
#define ARM64_SCTLR_EL2_RES1 0x30C50830
#define ARM64_SCTLR_EL2_MMU_ON (ARM64_SCTLR_EL2_RES1 | 0x1 | 0x4 | 0x8 | 0x1000)

/* HCR_EL2 at boot: EL1 is AArch64 (RW); nothing trapped yet. */
#define ARM64_HCR_EL2_BOOT (1 << 31)

#endif
