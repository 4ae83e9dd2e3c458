/*
 * x86-64 traps: the IDT and the dispatcher behind vectors.S.
 *
 * Design: one IDT, built once by the boot pCPU and loaded by every pCPU;
 * all 256 vectors are 64-bit interrupt gates (IF cleared on entry) to the
 * stubs in vectors.S. The dispatcher handles the vectors the backend
 * expects (the idle wake-up timer, the APIC and 8259 spurious vectors,
 * passthrough GSIs: ioapic.c); anything
 * else is a bug at this stage: it dumps the registers and halts the pCPU.
 * Locking: the dump writes straight to the console without the printk lock,
 * so a fault inside printk cannot deadlock; lines from two pCPUs faulting
 * at once may interleave.
 */
#include <stdint.h>

#include <hal/console.h>
#include <hal/cpu.h>
#include <lib/print.h>

#include "arch.h"
#include "ioapic.h"
#include "x86.h"

/* Saved by vectors.S: GPRs, then vector and error code, then the CPU's frame. */
struct x86_trap_frame {
	uint64_t rax, rbx, rcx, rdx, rsi, rdi, rbp;
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
	uint64_t vector, error;
	uint64_t rip, cs, rflags, rsp, ss;
};

struct idt_gate {
	uint16_t offset_lo;
	uint16_t selector;
	uint8_t ist;
	uint8_t type_attr;
	uint16_t offset_mid;
	uint32_t offset_hi;
	uint32_t reserved;
};
_Static_assert(sizeof(struct idt_gate) == 16U, "IDT gate size");

#define IDT_INTERRUPT_GATE 0x8EU /* present, DPL 0, 64-bit interrupt gate */
#define TRAP_STUB_SIZE 16U
#define X86_VEC_DOUBLE_FAULT 8U

extern const char x86_trap_stubs[];

static struct idt_gate idt[256] __attribute__((aligned(16)));

void x86_trap_dispatch(struct x86_trap_frame *f);

void x86_trap_init(void)
{
	for (unsigned v = 0; v < 256U; v++) {
		uint64_t addr = (uint64_t)(uintptr_t)(x86_trap_stubs + v * TRAP_STUB_SIZE);

		idt[v] = (struct idt_gate){
		        .offset_lo = (uint16_t)addr,
		        .selector = X86_SEL_CODE64,
		        .ist = (v == X86_VEC_DOUBLE_FAULT) ? 1U : 0U,
		        .type_attr = IDT_INTERRUPT_GATE,
		        .offset_mid = (uint16_t)(addr >> 16),
		        .offset_hi = (uint32_t)(addr >> 32),
		};
	}
}

void x86_trap_load(void)
{
	struct __attribute__((packed)) {
		uint16_t limit;
		uint64_t base;
	} idtr = {sizeof(idt) - 1U, (uint64_t)(uintptr_t)idt};

	__asm__ volatile("lidt %0" : : "m"(idtr));
}

static void dump_line(const char *fmt, ...) PRINTF_LIKE(1, 2);

static void dump_line(const char *fmt, ...)
{
	char buf[160];
	/* misra-deviation: D-0004 Rule 17.1 forwards its arguments to bh_vsnprintf */
	va_list ap;
	int n;

	/* misra-deviation: D-0004 Rule 17.1 forwards its arguments to bh_vsnprintf */
	va_start(ap, fmt);
	/* misra-deviation: D-0004 Rule 17.1 forwards its arguments to bh_vsnprintf */
	n = bh_vsnprintf(buf, sizeof(buf), fmt, ap);
	/* misra-deviation: D-0004 Rule 17.1 forwards its arguments to bh_vsnprintf */
	va_end(ap);
	hal_console_write(buf, (n < (int)sizeof(buf)) ? (size_t)n : sizeof(buf) - 1U);
}

#define R(x) ((unsigned long long)(x))

/* A fault on a guard page: the #PF that became this #DF hit a stack guard. */
static bool stack_overflow(const struct x86_trap_frame *f)
{
	return f->vector == X86_VEC_DOUBLE_FAULT && x86_is_stack_guard(read_cr2());
}

/* [impl->dsn~x86-trap-dump~1] */
static void dump_frame(const struct x86_trap_frame *f, unsigned cpu)
{
	dump_line("\n*** pCPU %u: unexpected trap %llu: %s, error code 0x%llx%s\n", cpu,
	          R(f->vector), x86_vector_name((unsigned)f->vector), R(f->error),
	          stack_overflow(f) ? " (stack overflow)" : "");
	dump_line("RIP %016llx  CS %04llx  RFLAGS %016llx\n", R(f->rip), R(f->cs), R(f->rflags));
	dump_line("RSP %016llx  SS %04llx\n", R(f->rsp), R(f->ss));
	dump_line("CR0 %016llx  CR2 %016llx  CR3 %016llx  CR4 %016llx\n", R(read_cr0()),
	          R(read_cr2()), R(read_cr3()), R(read_cr4()));
	dump_line("RAX %016llx  RBX %016llx  RCX %016llx  RDX %016llx\n", R(f->rax), R(f->rbx),
	          R(f->rcx), R(f->rdx));
	dump_line("RSI %016llx  RDI %016llx  RBP %016llx  R8  %016llx\n", R(f->rsi), R(f->rdi),
	          R(f->rbp), R(f->r8));
	dump_line("R9  %016llx  R10 %016llx  R11 %016llx  R12 %016llx\n", R(f->r9), R(f->r10),
	          R(f->r11), R(f->r12));
	dump_line("R13 %016llx  R14 %016llx  R15 %016llx\n", R(f->r13), R(f->r14), R(f->r15));
	dump_line("*** pCPU %u halted\n", cpu);
}

/* [impl->dsn~x86-trap-dump~1] */
void x86_trap_dispatch(struct x86_trap_frame *f)
{
	switch (f->vector) {
	case X86_VEC_IDLE_WAKE:
		x86_lapic_eoi();
		return;
	case X86_VEC_SPURIOUS:
	case X86_VEC_PIC_BASE + 7U:
	case X86_VEC_PIC_BASE + 15U:
		return; /* spurious APIC/PIC interrupts take no EOI */
	default:
		if (f->vector >= X86_VEC_GSI_BASE &&
		    f->vector < X86_VEC_GSI_BASE + X86_IOAPIC_MAX_GSI) {
			x86_ioapic_arrived((unsigned)(f->vector - X86_VEC_GSI_BASE));
			return;
		}
		/* A trap while dumping (say, a broken console) must not recurse. */
		if (x86_this_cpu()->in_trap_dump == 0U) {
			x86_this_cpu()->in_trap_dump = 1;
			dump_frame(f, hal_cpu_id());
		}
		hal_cpu_halt();
		break;
	}
}
