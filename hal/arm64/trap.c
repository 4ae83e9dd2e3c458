/*
 * Unexpected EL2 exceptions: print everything needed to find the cause and
 * stop the pCPU.
 *
 * Design: the vectors hand over a full register frame; this file decodes the
 * exception class of ESR_EL2 to a name (trap_names.c) and prints x0-x30, SP, ELR, SPSR, ESR
 * and FAR in one block per line so that pCPUs dumping at once do not mix
 * their lines; a fault address in a stack guard page is named as an
 * overflow. The pCPU then halts with interrupts masked; the others go on.
 *
 * Locking: none of its own; printk serialises lines.
 */
#include <arm64/arm64.h>
#include <arm64/trap_names.h>
#include <hal/cpu.h>
#include <lib/print.h>

#define ESR_EC_SHIFT 26U
#define ESR_EC_MASK 0x3fU
#define ESR_ISS_MASK 0x1ffffffULL

static void dump_gprs(const struct arm64_trap_frame *f)
{
	for (unsigned i = 0; i < 28U; i += 4U) {
		printk("  x%-2u %016llx x%-2u %016llx x%-2u %016llx x%-2u %016llx\n", i,
		       (unsigned long long)f->x[i], i + 1U, (unsigned long long)f->x[i + 1U],
		       i + 2U, (unsigned long long)f->x[i + 2U], i + 3U,
		       (unsigned long long)f->x[i + 3U]);
	}
	printk("  x28 %016llx x29 %016llx x30 %016llx sp_el0 %016llx\n",
	       (unsigned long long)f->x[28], (unsigned long long)f->x[29],
	       (unsigned long long)f->x[30], (unsigned long long)f->sp);
}

/* Name the stack whose guard page addr is in, if any. */
static void report_guard_hit(uint64_t addr)
{
	for (unsigned cpu = 0; cpu < HAL_MAX_CPUS; cpu++) {
		uint64_t slot = (uint64_t)(uintptr_t)arm64_stacks[cpu];

		if (addr - slot < ARM64_GUARD_BYTES) {
			printk("  FAR is in the guard page of pCPU %u's exception stack: "
			       "overflow\n",
			       cpu);
		}
		if (addr - (slot + ARM64_MAIN_GUARD_OFFSET) < ARM64_GUARD_BYTES) {
			printk("  FAR is in the guard page of pCPU %u's stack: stack overflow\n",
			       cpu);
		}
	}
}

/*
 * @pre  called from the vectors with a complete frame.
 * @post the dump is on the console and this pCPU is halted.
 * [impl->dsn~arm64-trap-dump~1]
 */
_Noreturn void arm64_trap_unexpected(const struct arm64_trap_frame *frame, unsigned vector)
{
	unsigned ec = (unsigned)(frame->esr >> ESR_EC_SHIFT) & ESR_EC_MASK;

	printk("TRAP on pCPU %u: unexpected trap (%s)\n", hal_cpu_id(), arm64_vector_name(vector));
	printk("  ESR_EL2 %016llx EC 0x%02x (%s) ISS 0x%07llx\n", (unsigned long long)frame->esr,
	       ec, arm64_ec_name(ec), (unsigned long long)(frame->esr & ESR_ISS_MASK));
	printk("  ELR_EL2 %016llx SPSR_EL2 %016llx FAR_EL2 %016llx\n",
	       (unsigned long long)frame->elr, (unsigned long long)frame->spsr,
	       (unsigned long long)frame->far);
	report_guard_hit(frame->far);
	dump_gprs(frame);
	printk("pCPU %u halted\n", hal_cpu_id());
	hal_cpu_halt();
}

/*
 * A fault inside a trap handler: the handler's frame is lost. The console
 * lock may be held by the handler that failed, so write without it.
 * [impl->dsn~arm64-trap-dump~1]
 */
_Noreturn void arm64_trap_nested(void)
{
	static const char *const digits[10] = {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};
	unsigned cpu = hal_cpu_id();

	arm64_puts("TRAP on pCPU ");
	if (cpu >= 10U) {
		arm64_puts(digits[(cpu / 10U) % 10U]);
	}
	arm64_puts(digits[cpu % 10U]);
	arm64_puts(": unexpected trap inside the trap handler; pCPU halted\n");
	hal_cpu_halt();
}
