/* clang-format off: assembler macros, not C. */
/*
 * Assembly helpers for the Arm64 backend (.S files only).
 */
#ifndef ARM64_ASM_H
#define ARM64_ASM_H

/* Load the address of a symbol within +-4 GiB, PC-relative. */
.macro adr_l reg, sym
	adrp	\reg, \sym
	add	\reg, \reg, :lo12:\sym
.endm

.macro func name
	.global \name
	.type \name, %function
\name:
.endm

.macro endfunc name
	.size \name, . - \name
.endm

#endif
