/*
 * Numbers shared by the assembly entry code and C (no C types here).
 */
#ifndef RISCV64_LAYOUT_H
#define RISCV64_LAYOUT_H

/* Per-pCPU stack: 16 KiB. */
#define RV_STACK_SHIFT 14

/* Offset of stack_top in struct rv_pcpu (checked in cpu.c). */
#define RV_PCPU_STACK_TOP 0

/* struct rv_trap_frame: x0..x31, then sepc, sstatus, scause, stval. */
#define RV_FRAME_SEPC (32 * 8)
#define RV_FRAME_SSTATUS (33 * 8)
#define RV_FRAME_SCAUSE (34 * 8)
#define RV_FRAME_STVAL (35 * 8)
#define RV_FRAME_SIZE (36 * 8)

#endif
