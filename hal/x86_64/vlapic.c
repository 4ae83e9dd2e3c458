/*
 * x86-64 virtual local APIC: xAPIC page at 0xfee00000 (trapped through
 * the NPT: the page is never mapped) and the x2APIC MSRs 0x800-0x8ff.
 *
 * Design: per-vCPU registers in struct x86_vlapic. IRR/ISR/TMR are
 * 256-bit sets; IRR bits are set atomically (other pCPUs inject and send
 * IPIs). Before each VMRUN the highest IRR vector above the processor
 * priority goes into V_IRQ/V_INTR_VECTOR; the CPU delivers it when the
 * guest's IF allows, clears V_IRQ, and after the exit it moves from IRR to
 * ISR. EOI clears the highest ISR bit. ICR: fixed IPIs to a domain's vCPUs
 * (physical destination = vCPU id, self, all, all-but-self), INIT puts the
 * target in wait-for-SIPI, STARTUP reports EXIT_VCPU_UP so the core starts
 * the vCPU in real mode at vector << 12. The timer is in vlapic_timer.c.
 * Locking: IRR bits atomic; everything else belongs to the running vCPU.
 */
#include <stdbool.h>
#include <stdint.h>

#include <hal/irq.h>

#include "exit.h"
#include "vioapic.h"
#include "vlapic.h"
#include "vmcb.h"

#define R_ID 0x020U
#define R_VERSION 0x030U
#define R_TPR 0x080U
#define R_PPR 0x0a0U
#define R_EOI 0x0b0U
#define R_LDR 0x0d0U
#define R_DFR 0x0e0U
#define R_SVR 0x0f0U
#define R_ISR 0x100U
#define R_TMR 0x180U
#define R_IRR 0x200U
#define R_ESR 0x280U
#define R_LVT_CMCI 0x2f0U
#define R_ICR_LO 0x300U
#define R_ICR_HI 0x310U
#define R_LVT_TIMER 0x320U
#define R_LVT_ERROR 0x370U
#define R_TIMER_INIT 0x380U
#define R_TIMER_CUR 0x390U
#define R_TIMER_DIV 0x3e0U
#define R_SELF_IPI 0x3f0U
#define VERSION_VALUE 0x00050014U /* version 0x14, 6 LVT entries */
#define APIC_BASE_ENABLE (1ULL << 11)
#define APIC_BASE_X2APIC (1ULL << 10)
#define APIC_BASE_BSP (1ULL << 8)
#define MSR_APIC_BASE 0x1bU
#define MSR_TSC_DEADLINE 0x6e0U
#define MSR_X2APIC_FIRST 0x800U
#define MSR_X2APIC_LAST 0x8ffU
#define ICR_MODE(x) (((x) >> 8) & 7U)
#define ICR_SHORTHAND(x) (((x) >> 18) & 3U)
#define MODE_FIXED 0U
#define MODE_INIT 5U
#define MODE_STARTUP 6U
#define LVT_MASKED ((uint32_t)1U << 16)

static void clear_bit(uint32_t *set, unsigned n)
{
	__atomic_and_fetch(&set[n / 32U], ~(1U << (n % 32U)), __ATOMIC_ACQ_REL);
}

/* Highest set vector, or -1. */
static int highest(const uint32_t *set)
{
	for (int w = 7; w >= 0; w--) {
		uint32_t bits = __atomic_load_n(&set[w], __ATOMIC_ACQUIRE);

		if (bits != 0U) {
			return w * 32 + 31 - __builtin_clz(bits);
		}
	}
	return -1;
}

void x86_vlapic_set_irr(struct vcpu_arch *v, unsigned vector)
{
	vector &= 0xffU;
	__atomic_or_fetch(&v->lapic.irr[vector / 32U], 1U << (vector % 32U), __ATOMIC_ACQ_REL);
}

void x86_vlapic_set_tmr(struct vcpu_arch *v, unsigned vector, bool level)
{
	uint32_t bit = 1U << (vector % 32U);

	vector &= 0xffU;
	if (level) {
		__atomic_or_fetch(&v->lapic.tmr[vector / 32U], bit, __ATOMIC_ACQ_REL);
	} else {
		clear_bit(v->lapic.tmr, vector);
	}
}

void x86_vlapic_reset(struct vcpu_arch *v)
{
	struct x86_vlapic *l = &v->lapic;

	*l = (struct x86_vlapic){0};
	l->id = v->id;
	l->svr = 0xff;
	l->lvt_timer = LVT_MASKED;
	for (unsigned i = 0; i < 6U; i++) {
		l->lvt[i] = LVT_MASKED;
	}
	l->apic_base = X86_VLAPIC_BASE | APIC_BASE_ENABLE | (v->id == 0U ? APIC_BASE_BSP : 0U);
}

static unsigned ppr(const struct x86_vlapic *l)
{
	int isr = highest(l->isr);
	unsigned isrv = isr < 0 ? 0U : ((unsigned)isr & 0xf0U);

	return (l->tpr & 0xf0U) >= isrv ? l->tpr & 0xffU : isrv;
}

/* The vector to offer the guest now, or -1. */
static int deliverable(const struct x86_vlapic *l)
{
	int irr = highest(l->irr);

	if (irr < 16 || (l->svr & 0x100U) == 0U) {
		return -1;
	}
	return ((unsigned)irr & 0xf0U) > (ppr(l) & 0xf0U) ? irr : -1;
}

/* The guest takes an external interrupt now: IF set, no STI/MOV SS shadow. */
static bool interruptible(const struct vcpu_arch *v)
{
	return (vmcb_get64(v->vmcb, VMCB_RFLAGS) & 0x200U) != 0U &&
	       (vmcb_get64(v->vmcb, VMCB_INT_SHADOW) & 1U) == 0U;
}

/* IRR -> ISR (the upcall vector never enters ISR) and inject through EVENTINJ. */
static void inject(struct vcpu_arch *v, unsigned vec)
{
	clear_bit(v->lapic.irr, vec);
	if (vec != X86_UPCALL_VECTOR) {
		v->lapic.isr[vec / 32U] |= 1U << (vec % 32U);
	}
	vmcb_set64(v->vmcb, VMCB_EVENTINJ, EVENTINJ_VALID | EVENTINJ_TYPE_INTR | vec);
}

/*
 * [impl->dsn~x86-vlapic~1]
 * The best pending vector is injected with EVENTINJ when the guest can take
 * it; otherwise V_IRQ with the VINTR intercept asks for an exit as soon as
 * it can, and it is injected then.
 */
bool x86_vlapic_before_entry(struct vcpu_arch *v, struct vm_exit *e)
{
	uint64_t vintr = vmcb_get64(v->vmcb, VMCB_VINTR) & ~(VINTR_IRQ | VINTR_IGN_TPR);
	uint32_t misc1 = vmcb_get32(v->vmcb, VMCB_INTERCEPT_MISC1) & ~INTERCEPT_VINTR;
	int vec;

	(void)e;
	x86_vlapic_timer_fire(v, 0);
	vec = deliverable(&v->lapic);
	if (vec >= 0 && (vmcb_get64(v->vmcb, VMCB_EVENTINJ) & EVENTINJ_VALID) == 0U) {
		if (interruptible(v)) {
			inject(v, (unsigned)vec);
		} else {
			vintr |= VINTR_IRQ | VINTR_IGN_TPR;
			misc1 |= INTERCEPT_VINTR;
		}
	}
	vmcb_set64(v->vmcb, VMCB_VINTR, vintr);
	vmcb_set32(v->vmcb, VMCB_INTERCEPT_MISC1, misc1);
	x86_timer_program(v->lapic.timer_deadline_ns);
	return false;
}

/* An event whose delivery the exit interrupted is delivered again. */
void x86_vlapic_after_exit(struct vcpu_arch *v)
{
	uint64_t intinfo = vmcb_get64(v->vmcb, VMCB_EXITINTINFO);

	vmcb_set64(v->vmcb, VMCB_EVENTINJ, 0);
	if ((intinfo & EVENTINJ_VALID) != 0U) {
		vmcb_set64(v->vmcb, VMCB_EVENTINJ, intinfo);
	}
}

/* [impl->dsn~x86-vioapic~1] a level-triggered vector's EOI goes back to the vIOAPIC */
static void eoi(struct vcpu_arch *v)
{
	struct x86_vlapic *l = &v->lapic;
	int isr = highest(l->isr);

	if (isr >= 0) {
		unsigned vec = (unsigned)isr;

		clear_bit(l->isr, vec);
		if ((__atomic_load_n(&l->tmr[vec / 32U], __ATOMIC_ACQUIRE) & (1U << (vec % 32U))) !=
		    0U) {
			clear_bit(l->tmr, vec);
			x86_vioapic_eoi(v->as, vec);
		}
	}
}

bool x86_vlapic_hlt(struct vcpu_arch *v)
{
	bool if_set = (vmcb_get64(v->vmcb, VMCB_RFLAGS) & 0x200U) != 0U;

	x86_vlapic_timer_fire(v, 0);
	if (deliverable(&v->lapic) >= 0) {
		return true;
	}
	/*
	 * Wake-ups the core does not know about (the vLAPIC timer, IPIs from
	 * the domain's other vCPUs) are waited for here, a bounded time (a
	 * kick or any interrupt ends it); otherwise the core blocks the vCPU
	 * until an event-channel upcall.
	 */
	if (if_set && (v->lapic.timer_deadline_ns != 0U || v->as->vcpus[1] != NULL)) {
		uint64_t d = v->lapic.timer_deadline_ns;

		x86_wait_until(d != 0U ? d : UINT64_MAX);
		return true;
	}
	return false;
}

/* [impl->dsn~x86-vlapic-ipi~1] */
static void vlapic_send_ipi(struct vcpu_arch *v, uint32_t lo, uint32_t dest)
{
	struct as_arch *as = v->as;

	for (unsigned i = 0; i < X86_AS_MAX_VCPUS; i++) {
		struct vcpu_arch *t = as->vcpus[i];
		unsigned sh = ICR_SHORTHAND(lo);
		bool hit;

		if (sh == 0U) { /* destination field */
			hit = dest == i;
		} else if (sh == 1U) { /* self */
			hit = t == v;
		} else { /* all including self, or all excluding self */
			hit = sh == 2U || t != v;
		}

		if (t == NULL || !hit) {
			continue;
		}
		if (ICR_MODE(lo) == MODE_FIXED) {
			x86_vlapic_set_irr(t, lo & 0xffU);
			if (t != v && t->last_cpu != ~0U) {
				hal_cpu_kick(t->last_cpu);
			}
		} else if (ICR_MODE(lo) == MODE_INIT && t != v) {
			t->lapic.wait_sipi = 1;
		} else if (ICR_MODE(lo) == MODE_STARTUP && t != v && t->lapic.wait_sipi != 0U) {
			t->lapic.wait_sipi = 0;
			t->lapic.sipi_start = 1;
			t->lapic.sipi_vector = (uint8_t)lo;
			v->lapic.pending_up = 1;
			v->lapic.up_target = i;
		} else {
			/* other delivery modes are not emulated: ignored */
		}
	}
}

struct vm_exit x86_vlapic_take_exit(struct vcpu_arch *v)
{
	struct vm_exit e = {.kind = EXIT_NONE};

	if (v->lapic.pending_up != 0U) {
		struct vcpu_arch *t = v->as->vcpus[v->lapic.up_target];

		v->lapic.pending_up = 0;
		e.kind = EXIT_VCPU_UP;
		e.vcpu_up.vcpu = v->lapic.up_target;
		e.vcpu_up.entry = t != NULL ? (uint64_t)t->lapic.sipi_vector << 12 : 0U;
		e.vcpu_up.arg = 0;
	}
	return e;
}

static uint32_t vlapic_read_reg(const struct vcpu_arch *v, uint32_t reg)
{
	const struct x86_vlapic *l = &v->lapic;

	if (reg >= R_ISR && reg < R_ESR) {
		const uint32_t *set = reg < R_TMR ? l->isr : reg < R_IRR ? l->tmr : l->irr;

		return __atomic_load_n(&set[(reg & 0x7fU) >> 4], __ATOMIC_ACQUIRE);
	}
	switch (reg) {
	case R_ID:
		return l->x2apic != 0U ? l->id : l->id << 24;
	case R_VERSION:
		return VERSION_VALUE;
	case R_TPR:
		return l->tpr;
	case R_PPR:
		return ppr(l);
	case R_LDR:
		return l->x2apic != 0U ? ((l->id >> 4) << 16) | (1U << (l->id & 15U)) : l->ldr;
	case R_DFR:
		return 0xffffffffU;
	case R_SVR:
		return l->svr;
	case R_ICR_LO:
		return l->icr_lo;
	case R_ICR_HI:
		return l->icr_hi;
	case R_LVT_TIMER:
		return l->lvt_timer;
	case R_TIMER_INIT:
		return l->timer_init;
	case R_TIMER_CUR:
		return x86_vlapic_timer_current(v);
	case R_TIMER_DIV:
		return l->timer_div;
	default:
		if (reg >= R_LVT_CMCI && reg <= R_LVT_ERROR && reg != R_ICR_LO && reg != R_ICR_HI) {
			return reg == R_LVT_CMCI ? l->lvt[0] : l->lvt[((reg - 0x320U) >> 4)];
		}
		return 0;
	}
}

static void vlapic_write_reg(struct vcpu_arch *v, uint32_t reg, uint32_t val, uint32_t dest)
{
	struct x86_vlapic *l = &v->lapic;

	switch (reg) {
	case R_TPR:
		l->tpr = val & 0xffU;
		break;
	case R_EOI:
		eoi(v);
		break;
	case R_LDR:
		l->ldr = val & 0xff000000U;
		break;
	case R_SVR:
		l->svr = val & 0x1ffU;
		break;
	case R_ICR_HI:
		l->icr_hi = val;
		break;
	case R_ICR_LO:
		l->icr_lo = val & ~((uint32_t)1U << 12);
		vlapic_send_ipi(v, val, dest);
		break;
	case R_SELF_IPI:
		x86_vlapic_set_irr(v, val & 0xffU);
		break;
	case R_LVT_TIMER:
	case R_TIMER_INIT:
	case R_TIMER_DIV:
		x86_vlapic_timer_write(v, reg, val);
		break;
	default:
		if (reg >= R_LVT_CMCI && reg <= R_LVT_ERROR && reg != R_ICR_LO && reg != R_ICR_HI) {
			l->lvt[reg == R_LVT_CMCI ? 0U : ((reg - 0x320U) >> 4)] = val & 0x1f7ffU;
		}
		break;
	}
}

bool x86_vlapic_is_mmio(const struct vcpu_arch *v, uint64_t gpa)
{
	return (gpa & ~0xfffULL) == X86_VLAPIC_BASE && v->lapic.x2apic == 0U;
}

struct vm_exit x86_vlapic_mmio(struct vcpu_arch *v, const struct vm_exit *a)
{
	uint32_t reg = (uint32_t)(a->access.addr & 0xff0U);

	if (a->access.write) {
		vlapic_write_reg(v, reg, (uint32_t)a->access.value, v->lapic.icr_hi >> 24);
	} else {
		x86_mmio_load_done(v, vlapic_read_reg(v, reg));
	}
	x86_vcpu_skip(v);
	return x86_vlapic_take_exit(v);
}

bool x86_vlapic_msr_read(struct vcpu_arch *v, uint32_t msr, uint64_t *value)
{
	if (msr == MSR_APIC_BASE) {
		*value = v->lapic.apic_base;
		return true;
	}
	if (msr == MSR_TSC_DEADLINE) {
		*value = v->lapic.tsc_deadline;
		return true;
	}
	if (msr < MSR_X2APIC_FIRST || msr > MSR_X2APIC_LAST || v->lapic.x2apic == 0U) {
		return false;
	}
	*value = msr == 0x830U ? ((uint64_t)v->lapic.icr_hi << 32) | v->lapic.icr_lo
	                       : vlapic_read_reg(v, (msr - MSR_X2APIC_FIRST) << 4);
	return true;
}

bool x86_vlapic_msr_write(struct vcpu_arch *v, uint32_t msr, uint64_t value)
{
	if (msr == MSR_APIC_BASE) {
		v->lapic.x2apic = (value & APIC_BASE_X2APIC) != 0U;
		v->lapic.apic_base =
		        (v->lapic.apic_base & ~APIC_BASE_X2APIC) | (value & APIC_BASE_X2APIC);
		return true;
	}
	if (msr == MSR_TSC_DEADLINE) {
		x86_vlapic_set_tsc_deadline(v, value);
		return true;
	}
	if (msr < MSR_X2APIC_FIRST || msr > MSR_X2APIC_LAST || v->lapic.x2apic == 0U) {
		return false;
	}
	if (msr == 0x830U) {
		v->lapic.icr_hi = (uint32_t)(value >> 32);
		vlapic_write_reg(v, R_ICR_LO, (uint32_t)value, (uint32_t)(value >> 32));
		return true;
	}
	vlapic_write_reg(v, (msr - MSR_X2APIC_FIRST) << 4, (uint32_t)value, 0);
	return true;
}
