/*
 * HS-mode trap handling while the hypervisor runs.
 *
 * Design: the hypervisor expects no trap of its own except the illegal
 * instruction raised on purpose by a CSR probe (rv_probe_hstatus) and a
 * fault on the HLVX read of a guest instruction (mmio.c); each is skipped
 * and reported to the code that armed it. Any other trap is a bug: the hart
 * prints a full register dump and halts, so the failure is visible and
 * contained to that hart. Interrupts are off in the hypervisor, so an
 * interrupt here is unexpected too. A trap while dumping halts at once
 * instead of recursing.
 *
 * Locking: per hart; the dump is a series of printk lines, each atomic.
 */
#include <hal/console.h>
#include <hal/cpu.h>
#include <lib/print.h>

#include "csr.h"
#include "pcpu.h"
#include "trap.h"

/* A CSR access is a 32-bit instruction (there is no compressed form). */
#define CSR_INSN_BYTES 4UL

bool rv_probe_hstatus(unsigned long *val)
{
	struct rv_pcpu *c = rv_this_pcpu();
	unsigned long v = 0;

	c->probe_faulted = false;
	c->probe_armed = true;
	__asm__ volatile("csrr %0, hstatus" : "+r"(v) : : "memory");
	c->probe_armed = false;
	*val = v;
	return !c->probe_faulted;
}

bool rv_probe_stimecmp(void)
{
	struct rv_pcpu *c = rv_this_pcpu();
	unsigned long v = 0;

	c->probe_faulted = false;
	c->probe_armed = true;
	__asm__ volatile("csrr %0, 0x14d" : "+r"(v) : : "memory"); /* stimecmp */
	c->probe_armed = false;
	return !c->probe_faulted;
}

bool rv_probe_fp(void)
{
	struct rv_pcpu *c = rv_this_pcpu();
	unsigned long v = 0;

	csr_set(sstatus, SSTATUS_FS_INITIAL);
	c->probe_faulted = false;
	c->probe_armed = true;
	__asm__ volatile("csrr %0, fcsr" : "+r"(v) : : "memory");
	c->probe_armed = false;
	csr_clear(sstatus, SSTATUS_FS);
	return !c->probe_faulted;
}

static void dump_registers(const struct rv_trap_frame *f)
{
	for (unsigned i = 0; i < 32U; i += 4U) {
		printk("  x%-2u %-4s %016lx  x%-2u %-4s %016lx  x%-2u %-4s %016lx  x%-2u %-4s "
		       "%016lx\n",
		       i, rv_reg_name(i), f->x[i], i + 1U, rv_reg_name(i + 1U), f->x[i + 1U],
		       i + 2U, rv_reg_name(i + 2U), f->x[i + 2U], i + 3U, rv_reg_name(i + 3U),
		       f->x[i + 3U]);
	}
}

/*
 * @post the hart has printed cause, all registers and the trap CSRs.
 * [impl->dsn~riscv64-trap-dump~1]
 */
static void dump_trap(const struct rv_trap_frame *f)
{
	const struct rv_pcpu *c = rv_this_pcpu();

	printk("Unexpected trap on pCPU %u (hart %lu): scause %016lx (%s)\n", c->id, c->hartid,
	       f->scause, rv_scause_name(f->scause));
	printk("  sepc %016lx  stval %016lx  sstatus %016lx\n", f->sepc, f->stval, f->sstatus);
	if (rv_has_h) {
		printk("  hstatus %016lx  htval %016lx  htinst %016lx\n", csr_read(hstatus),
		       csr_read(htval), csr_read(htinst));
	} else {
		printk("  (no H extension: hstatus, htval, htinst absent)\n");
	}
	dump_registers(f);
	printk("pCPU %u halted\n", c->id);
}

void rv_trap_handler(struct rv_trap_frame *frame)
{
	struct rv_pcpu *c = rv_this_pcpu();

	if (c->probe_armed && frame->scause == EXC_ILLEGAL_INSN) {
		c->probe_faulted = true;
		frame->sepc += CSR_INSN_BYTES;
		return;
	}
	if (c->guest_load_armed &&
	    (frame->scause == EXC_LOAD_GUEST_PAGE || frame->scause == EXC_LOAD_PAGE ||
	     frame->scause == EXC_LOAD_ACCESS || frame->scause == EXC_LOAD_MISALIGNED)) {
		c->guest_load_faulted = true;
		frame->sepc += CSR_INSN_BYTES; /* HLVX is a 32-bit instruction too */
		return;
	}
	if (c->in_trap_dump) {
		/* The dump itself trapped: print without the console lock (this
		 * hart may hold it) and stop. */
		static const char msg[] = "Nested trap during a trap dump: pCPU halted\n";

		hal_console_write(msg, sizeof(msg) - 1U);
		hal_cpu_halt();
	}
	c->in_trap_dump = true;
	dump_trap(frame);
	hal_cpu_halt();
}
