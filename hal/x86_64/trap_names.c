/*
 * x86-64 exception vector names for the trap dump (host-testable: no
 * hardware access).
 */
#include <stddef.h>

#include "arch.h"

static const char *const exception_names[32] = {
        [0] = "#DE divide error",
        [1] = "#DB debug",
        [2] = "NMI non-maskable interrupt",
        [3] = "#BP breakpoint",
        [4] = "#OF overflow",
        [5] = "#BR bound range exceeded",
        [6] = "#UD invalid opcode",
        [7] = "#NM device not available",
        [8] = "#DF double fault",
        [9] = "coprocessor segment overrun",
        [10] = "#TS invalid TSS",
        [11] = "#NP segment not present",
        [12] = "#SS stack fault",
        [13] = "#GP general protection",
        [14] = "#PF page fault",
        [16] = "#MF x87 floating-point error",
        [17] = "#AC alignment check",
        [18] = "#MC machine check",
        [19] = "#XM SIMD floating-point",
        [20] = "#VE virtualization exception",
        [21] = "#CP control protection",
        [28] = "#HV hypervisor injection",
        [29] = "#VC VMM communication",
        [30] = "#SX security exception",
};

/* [impl->dsn~x86-trap-dump~1] */
const char *x86_vector_name(unsigned vector)
{
	if (vector >= 256U) {
		return "invalid vector";
	}
	if (vector >= 32U) {
		return "external interrupt";
	}
	if (exception_names[vector] == NULL) {
		return "reserved";
	}
	return exception_names[vector];
}
