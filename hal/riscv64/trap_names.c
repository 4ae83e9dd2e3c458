/*
 * Names for scause values and registers, for the trap dump.
 *
 * Design: tables indexed by exception / interrupt code as listed in the
 * RISC-V privileged specification (v1.12, with the H extension's codes).
 * Pure functions: also compiled into the host unit tests.
 */
#include <stddef.h>

#include "trap.h"

#define SCAUSE_IRQ_BIT (1UL << 63)

static const char *const exception_names[] = {
        [0] = "instruction address misaligned",
        [1] = "instruction access fault",
        [2] = "illegal instruction",
        [3] = "breakpoint",
        [4] = "load address misaligned",
        [5] = "load access fault",
        [6] = "store/AMO address misaligned",
        [7] = "store/AMO access fault",
        [8] = "environment call from U-mode or VU-mode",
        [9] = "environment call from HS-mode",
        [10] = "environment call from VS-mode",
        [11] = "environment call from M-mode",
        [12] = "instruction page fault",
        [13] = "load page fault",
        [15] = "store/AMO page fault",
        [20] = "instruction guest-page fault",
        [21] = "load guest-page fault",
        [22] = "virtual instruction",
        [23] = "store/AMO guest-page fault",
};

static const char *const interrupt_names[] = {
        [1] = "supervisor software interrupt",
        [2] = "virtual supervisor software interrupt",
        [5] = "supervisor timer interrupt",
        [6] = "virtual supervisor timer interrupt",
        [9] = "supervisor external interrupt",
        [10] = "virtual supervisor external interrupt",
        [12] = "supervisor guest external interrupt",
};

static const char *lookup(const char *const *table, size_t n, unsigned long code)
{
	if (code >= n || table[code] == NULL) {
		return "reserved";
	}
	return table[code];
}

const char *rv_scause_name(unsigned long scause)
{
	unsigned long code = scause & ~SCAUSE_IRQ_BIT;

	if ((scause & SCAUSE_IRQ_BIT) != 0U) {
		return lookup(interrupt_names, sizeof(interrupt_names) / sizeof(interrupt_names[0]),
		              code);
	}
	return lookup(exception_names, sizeof(exception_names) / sizeof(exception_names[0]), code);
}

static const char *const reg_names[32] = {
        "zero", "ra", "sp", "gp", "tp",  "t0",  "t1", "t2", "s0", "s1", "a0",
        "a1",   "a2", "a3", "a4", "a5",  "a6",  "a7", "s2", "s3", "s4", "s5",
        "s6",   "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6",
};

const char *rv_reg_name(unsigned n)
{
	return n < 32U ? reg_names[n] : "?";
}
