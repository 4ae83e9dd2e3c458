/*
 * Decoding a guest trap into the neutral struct vm_exit.
 *
 * Design: scause selects the handler. Interrupts: the hypervisor's timer
 * becomes EXIT_TIMER (disarmed here: it fires once per arming), a kick
 * (supervisor software interrupt from another pCPU) becomes EXIT_NONE so
 * the core re-schedules. Exceptions: ECALL from VS-mode is the SBI
 * (sbi_guest.c); load/store guest-page faults become MMIO exits (mmio.c)
 * unless the page is mapped by now (a stale TLB entry after a map: fence
 * and retry), and those in the virtual PLIC's window are emulated here
 * (intc.h) and completed at once; WFI arrives as a virtual-instruction
 * exception (hstatus.VTW) and becomes EXIT_HALT carrying the guest timer's
 * deadline (halt.wake_ns: the core wakes the blocked vCPU then, and the
 * entry after it finds VSTIP pending: Sstc's compare, or the emulated
 * timer's check at entry), or EXIT_NONE (WFI skipped) when an enabled
 * interrupt is pending, the guest's deadline has passed, or the virtual
 * controller could raise an interrupt for it without waking it
 * (rv_vintc_unwakeable). SBI IPIs and MSIs between vCPUs wake their target
 * themselves (core_vcpu_wake). Any other virtual instruction is
 * FAULT_UNDEF; everything else (access faults, instruction guest-page
 * faults, exceptions not delegated to the guest) is a guest fault.
 *
 * Locking: per vCPU, on the pCPU that runs it.
 */
#include <stdatomic.h>

#include <hal/as.h>
#include <hal/vcpu.h>

#include "csr.h"
#include "gstage.h"
#include "intc.h"
#include "pcpu.h"
#include "timer.h"
#include "vcpu.h"

#define INSN_WFI 0x10500073UL

static struct vm_exit fault(const struct vcpu_arch *v, enum vm_fault_kind kind, uint64_t addr)
{
	struct vm_exit e = {.kind = EXIT_FAULT};

	e.fault.kind = kind;
	e.fault.addr = addr;
	e.fault.pc = v->sepc;
	return e;
}

static struct vm_exit interrupt(unsigned long code)
{
	struct vm_exit e = {.kind = EXIT_NONE};

	if (code == IRQ_S_TIMER) {
		e.kind = rv_timer_interrupt() ? EXIT_TIMER : EXIT_NONE;
	} else if (code == IRQ_S_SOFT) {
		csr_clear(sip, IRQ_MASK_S_SOFT);
	} else if (code == IRQ_S_EXT) {
		unsigned irq = rv_intc_claim(); /* a passthrough interrupt */

		if (irq != 0U) {
			e.kind = EXIT_IRQ;
			e.irq.irq = irq;
		}
	} else {
		/* no other interrupt is enabled in sie: nothing to report */
	}
	return e;
}

static uint64_t fault_gpa(const struct vcpu_arch *v)
{
	return (v->htval << 2) | (v->stval & 3U);
}

static struct vm_exit guest_page_fault(struct vcpu_arch *v, bool store)
{
	struct hal_as_page pg;
	uint64_t gpa = fault_gpa(v);

	if (gpa < rv_gstage_gpa_limit() && hal_as_translate(v->as, gpa, &pg) == 0) {
		if ((pg.perm & (store ? HAL_AS_W : HAL_AS_R)) != 0U) {
			rv_hfence_gvma_all(); /* mapped after the TLB cached "invalid" */
			return (struct vm_exit){.kind = EXIT_NONE};
		}
		return fault(v, store ? FAULT_WRITE : FAULT_READ, gpa);
	}
	struct vm_exit e = rv_mmio_exit(v, store);

	if (e.kind == EXIT_MMIO && rv_vintc_mmio(v, &e)) {
		return (struct vm_exit){.kind = EXIT_NONE};
	}
	return e;
}

/* A virtual interrupt is pending and enabled in the guest's sie (hvip bit
 * n + 1 is the guest's bit n). */
static bool guest_irq_pending(struct vcpu_arch *v)
{
	unsigned long hvip = v->hvip | atomic_load(&v->inject);

	if (rv_vintc_pending(v)) {
		hvip |= 1UL << IRQ_VS_EXT;
	}
	return ((hvip >> 1) & v->vsie & 0x222UL) != 0U;
}

/* [impl->dsn~riscv64-wfi-timed-halt~1] */
static struct vm_exit wfi(struct vcpu_arch *v)
{
	/* only a timer interrupt the guest enabled can end its WFI */
	bool timer_on = (v->vsie & IRQ_MASK_S_TIMER) != 0U;

	v->insn_len = 4;
	if (guest_irq_pending(v) || (timer_on && rv_guest_timer_expired(v)) ||
	    rv_vintc_unwakeable(v)) {
		v->sepc += 4U; /* a WFI may end at any time: the interrupt is taken at entry */
		return (struct vm_exit){.kind = EXIT_NONE};
	}
	v->done = RV_DONE_SKIP;
	return (struct vm_exit){.kind = EXIT_HALT,
	                        .halt.wake_ns = timer_on ? rv_guest_timer_wake_ns(v) : 0U};
}

static struct vm_exit virtual_insn(struct vcpu_arch *v)
{
	if (v->stval == INSN_WFI) {
		return wfi(v);
	}
	if (rv_vintc_csr_trap(v)) {
		return (struct vm_exit){.kind = EXIT_NONE}; /* retried */
	}
	return fault(v, FAULT_UNDEF, 0);
}

/* [impl->dsn~riscv64-exit-decode~1] */
struct vm_exit rv_decode_exit(struct vcpu_arch *v)
{
	unsigned long cause = v->scause;

	if ((cause & SCAUSE_INTERRUPT) != 0U) {
		return interrupt(cause & ~SCAUSE_INTERRUPT);
	}
	switch (cause) {
	case EXC_ECALL_VS:
		return rv_sbi_guest_call(v);
	case EXC_LOAD_GUEST_PAGE:
		return guest_page_fault(v, false);
	case EXC_STORE_GUEST_PAGE:
		return guest_page_fault(v, true);
	case EXC_INSN_GUEST_PAGE:
		return fault(v, FAULT_EXEC, fault_gpa(v));
	case EXC_VIRTUAL_INSN:
		return virtual_insn(v);
	case EXC_ILLEGAL_INSN:
		return fault(v, FAULT_UNDEF, 0);
	default:
		return fault(v, FAULT_OTHER, v->stval);
	}
}
