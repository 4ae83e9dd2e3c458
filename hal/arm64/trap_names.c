/*
 * Names for the trap dump: ESR_EL2 exception classes (the Arm ARM's
 * ESR_ELx.EC encodings) and the 16 EL2 vector entries. Pure data,
 * host-testable.
 */
#include <stddef.h>

#include <arm64/trap_names.h>

struct ec_name {
	unsigned ec;
	const char *name;
};

static const struct ec_name ec_names[] = {
        {0x00, "unknown reason"},
        {0x01, "WFI/WFE"},
        {0x03, "MCR/MRC (CP15)"},
        {0x04, "MCRR/MRRC (CP15)"},
        {0x05, "MCR/MRC (CP14)"},
        {0x06, "LDC/STC (CP14)"},
        {0x07, "SVE/SIMD/FP access"},
        {0x0c, "MRRC (CP14)"},
        {0x0d, "branch target exception"},
        {0x0e, "illegal execution state"},
        {0x11, "SVC (AArch32)"},
        {0x12, "HVC (AArch32)"},
        {0x13, "SMC (AArch32)"},
        {0x15, "SVC (AArch64)"},
        {0x16, "HVC (AArch64)"},
        {0x17, "SMC (AArch64)"},
        {0x18, "MSR/MRS/system instruction"},
        {0x19, "SVE access"},
        {0x1c, "pointer authentication failure"},
        {0x20, "instruction abort from a lower EL"},
        {0x21, "instruction abort at EL2"},
        {0x22, "PC alignment fault"},
        {0x24, "data abort from a lower EL"},
        {0x25, "data abort at EL2"},
        {0x26, "SP alignment fault"},
        {0x28, "FP exception (AArch32)"},
        {0x2c, "FP exception (AArch64)"},
        {0x2f, "SError"},
        {0x30, "breakpoint from a lower EL"},
        {0x31, "breakpoint at EL2"},
        {0x32, "software step from a lower EL"},
        {0x33, "software step at EL2"},
        {0x34, "watchpoint from a lower EL"},
        {0x35, "watchpoint at EL2"},
        {0x38, "BKPT (AArch32)"},
        {0x3c, "BRK (AArch64)"},
};

static const char *const vector_names[ARM64_NR_VECTORS] = {
        "EL2t sync",      "EL2t IRQ",      "EL2t FIQ",      "EL2t SError",
        "EL2h sync",      "EL2h IRQ",      "EL2h FIQ",      "EL2h SError",
        "lower A64 sync", "lower A64 IRQ", "lower A64 FIQ", "lower A64 SError",
        "lower A32 sync", "lower A32 IRQ", "lower A32 FIQ", "lower A32 SError",
};

const char *arm64_ec_name(unsigned ec)
{
	for (size_t i = 0; i < sizeof(ec_names) / sizeof(ec_names[0]); i++) {
		if (ec_names[i].ec == ec) {
			return ec_names[i].name;
		}
	}
	return "unknown EC";
}

const char *arm64_vector_name(unsigned vector)
{
	return (vector < ARM64_NR_VECTORS) ? vector_names[vector] : "unknown vector";
}
