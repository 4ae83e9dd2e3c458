/*
 * Unexpected EL2 exceptions: print everything needed to find the cause and
 * stop the pCPU.
 *
 * Design: the vectors hand over a full register frame; this file decodes the
 * exception class of ESR_EL2 to a name and prints x0-x30, SP, ELR, SPSR, ESR
 * and FAR in one block per line so that pCPUs dumping at once do not mix
 * their lines. The pCPU then halts with interrupts masked; the others go on.
 *
 * Locking: none of its own; printk serialises lines.
 */
#include <stddef.h>

#include <arm64/arm64.h>
#include <hal/cpu.h>
#include <lib/print.h>

#define ESR_EC_SHIFT 26U
#define ESR_EC_MASK 0x3fU
#define ESR_ISS_MASK 0x1ffffffULL

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

static const char *const vector_names[16] = {
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

static void dump_gprs(const struct arm64_trap_frame *f)
{
	for (unsigned i = 0; i < 28U; i += 4U) {
		printk("  x%-2u %016llx x%-2u %016llx x%-2u %016llx x%-2u %016llx\n", i,
		       (unsigned long long)f->x[i], i + 1U, (unsigned long long)f->x[i + 1U],
		       i + 2U, (unsigned long long)f->x[i + 2U], i + 3U,
		       (unsigned long long)f->x[i + 3U]);
	}
	printk("  x28 %016llx x29 %016llx x30 %016llx sp  %016llx\n", (unsigned long long)f->x[28],
	       (unsigned long long)f->x[29], (unsigned long long)f->x[30],
	       (unsigned long long)f->sp);
}

/*
 * @pre  called from the vectors with a complete frame.
 * @post the dump is on the console and this pCPU is halted.
 * [impl->dsn~arm64-trap-dump~1]
 */
_Noreturn void arm64_trap_unexpected(const struct arm64_trap_frame *frame, unsigned vector)
{
	unsigned ec = (unsigned)(frame->esr >> ESR_EC_SHIFT) & ESR_EC_MASK;

	printk("TRAP on pCPU %u: unexpected trap (%s)\n", hal_cpu_id(), vector_names[vector & 15U]);
	printk("  ESR_EL2 %016llx EC 0x%02x (%s) ISS 0x%07llx\n", (unsigned long long)frame->esr,
	       ec, arm64_ec_name(ec), (unsigned long long)(frame->esr & ESR_ISS_MASK));
	printk("  ELR_EL2 %016llx SPSR_EL2 %016llx FAR_EL2 %016llx\n",
	       (unsigned long long)frame->elr, (unsigned long long)frame->spsr,
	       (unsigned long long)frame->far);
	dump_gprs(frame);
	printk("pCPU %u halted\n", hal_cpu_id());
	hal_cpu_halt();
}
