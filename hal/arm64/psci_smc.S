/*
 * PSCI conduit: SMC (firmware at EL3, or QEMU's emulation of it).
 * int64_t arm64_psci_call(fn, a1, a2, a3): SMCCC, result in x0.
 */
#include <arm64/asm.inc>

	.text
func arm64_psci_call
	smc	#0
	ret
endfunc arm64_psci_call
