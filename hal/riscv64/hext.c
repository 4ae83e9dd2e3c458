/*
 * The H extension check and the initial state of the hypervisor CSRs.
 *
 * Design: misa is not readable from S-mode, so the boot hart reads hstatus
 * with an illegal-instruction trap expected (rv_probe_hstatus). Without H
 * there is nothing Bulkhead can do: it says so on the console and halts.
 * With H, the guest-related CSRs start in a known state: the guest's own
 * exceptions and its VS-level interrupts delegated to VS-mode, no virtual
 * interrupt pending, G-stage translation off, the timers initialised.
 *
 * Locking: per hart.
 */
#include <hal/cpu.h>
#include <lib/print.h>

#include "csr.h"
#include "hext.h"
#include "intc.h"
#include "pcpu.h"
#include "timer.h"
#include "trap.h"
#include "vcpu.h"

bool rv_has_h;

/*
 * @post returns only when the hart has the H extension; otherwise the
 *       message below is on the console and the hart is halted.
 * [impl->dsn~riscv64-h-check~1]
 */
void rv_require_h(void)
{
	unsigned long hstatus;

	if (!rv_probe_hstatus(&hstatus)) {
		printk("Bulkhead: the H extension is required (QEMU: -cpu rv64,h=true)\n");
		hal_cpu_halt();
	}
	rv_has_h = true;
	rv_has_fp = rv_probe_fp();
}

/* Exceptions a guest handles itself (its own page faults, ecalls from its
 * user mode, breakpoints, illegal instructions, misaligned accesses). */
#define GUEST_EXCEPTIONS 0xb15dUL
_Static_assert(GUEST_EXCEPTIONS ==
                       ((1UL << EXC_INSN_MISALIGNED) | (1UL << EXC_ILLEGAL_INSN) |
                        (1UL << EXC_BREAKPOINT) | (1UL << EXC_LOAD_MISALIGNED) |
                        (1UL << EXC_STORE_MISALIGNED) | (1UL << EXC_ECALL_U) |
                        (1UL << EXC_INSN_PAGE) | (1UL << EXC_LOAD_PAGE) | (1UL << EXC_STORE_PAGE)),
               "hedeleg mask");
/* VS-level interrupts go to the guest as its S-level ones. */
#define GUEST_INTERRUPTS IRQ_MASK_VS_ALL
/* The guest may read cycle, time and instret. */
#define GUEST_COUNTERS 0x7UL

/* [impl->dsn~riscv64-guest-delegation~1] */
void rv_hs_csr_init(void)
{
	csr_write(hedeleg, GUEST_EXCEPTIONS);
	csr_write(hideleg, GUEST_INTERRUPTS);
	csr_write(hvip, 0);
	csr_write(hcounteren, GUEST_COUNTERS);
	csr_write(hgatp, 0);
	rv_timer_init();
	rv_intc_init_hart();
}
