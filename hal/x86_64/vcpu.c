/*
 * x86-64 SVM vCPUs: VMCB set-up, the world switch, finishing exits.
 *
 * Design: hal_vcpu_init() writes a VMCB for Xen PVH entry: 32-bit
 * protected mode, flat segments, paging off, EBX = the start info, RIP =
 * the ELF entry (an AP started by INIT-SIPI gets real mode at the SIPI
 * vector instead, vlapic.c). Every I/O port and every MSR is intercepted
 * (all-ones bitmaps shared by all vCPUs) and so are CPUID, HLT, VMMCALL,
 * INIT, shutdown, the SVM instructions, INVD, MONITOR/MWAIT and XSETBV;
 * physical interrupts exit (INTR) and guest RFLAGS.IF only masks virtual
 * ones (V_INTR_MASKING). hal_vcpu_run() flushes the ASID when the address
 * space's generation moved or the vCPU changed pCPU, queues the vLAPIC's
 * best interrupt in V_IRQ, switches with CLGI/STI ... CLI/STGI around
 * x86_svm_vmrun (svm_entry.S), services a held host interrupt and decodes
 * the exit (exit.c). hal_vcpu_complete() writes the result and moves RIP
 * past the instruction.
 * Locking: a vCPU runs on one pCPU at a time (the core guarantees it).
 */
#include <stdbool.h>
#include <stdint.h>

#include <hal/as.h>
#include <hal/cpu.h>
#include <hal/vcpu.h>
#include <lib/string.h>

#include "arch.h"
#include "exit.h"
#include "ioapic.h"
#include "npt.h"
#include "pio.h"
#include "vioapic.h"
#include "vlapic.h"
#include "vmcb.h"
#include "x86.h"

#define MSRPM_SIZE (2U * 4096U)
#define CR0_PE 0x1ULL
#define CR0_ET 0x10ULL
#define CR0_NW_CD 0x60000000ULL
#define RFLAGS_FIXED 0x2ULL
#define EFER_SVME 0x1000ULL
#define PAT_POWER_ON 0x0007040600070406ULL
#define DR6_INIT 0xffff0ff0ULL
#define DR7_INIT 0x400ULL
#define TLB_FLUSH_ALL 1U
#define TLB_FLUSH_ASID 3U

/* Segment attributes (type | S << 4 | DPL << 5 | P << 7 | L << 9 | DB << 10 | G << 11). */
#define ATTR_CODE32 0xc9bU
#define ATTR_DATA32 0xc93U
#define ATTR_CODE16 0x09bU
#define ATTR_DATA16 0x093U
#define ATTR_TSS32_BUSY 0x08bU
#define ATTR_LDT 0x082U

static uint8_t iopm[X86_IOPM_SIZE] __attribute__((aligned(4096)));
static uint8_t msrpm[MSRPM_SIZE] __attribute__((aligned(4096)));

extern void x86_svm_vmrun(uint64_t vmcb_pa, struct x86_guest_gprs *gprs, uint64_t host_vmcb_pa);

unsigned x86_npt_max_asid(void)
{
	return x86_svm_caps.nr_asids;
}

/* [impl->dsn~x86-vmcb-intercepts~1] */
static void vmcb_set_intercepts(uint8_t *vmcb, const struct as_arch *as)
{
	if (iopm[0] != 0xffU) {
		(void)memset(iopm, 0xff, sizeof(iopm));   /* every port */
		(void)memset(msrpm, 0xff, sizeof(msrpm)); /* every MSR, read and write */
	}
	vmcb_set32(vmcb, VMCB_INTERCEPT_MISC1,
	           INTERCEPT_INTR | INTERCEPT_NMI | INTERCEPT_INIT | INTERCEPT_CPUID |
	                   INTERCEPT_INVD | INTERCEPT_HLT | INTERCEPT_IOIO | INTERCEPT_MSR |
	                   INTERCEPT_TASK_SWITCH | INTERCEPT_SHUTDOWN);
	vmcb_set32(vmcb, VMCB_INTERCEPT_MISC2,
	           INTERCEPT_VMRUN | INTERCEPT_VMMCALL | INTERCEPT_VMLOAD | INTERCEPT_VMSAVE |
	                   INTERCEPT_STGI | INTERCEPT_CLGI | INTERCEPT_SKINIT | INTERCEPT_MONITOR |
	                   INTERCEPT_MWAIT | INTERCEPT_XSETBV);
	/* [impl->dsn~x86-pio-passthrough~1] a domain with ports has its own IOPM */
	vmcb_set64(vmcb, VMCB_IOPM_BASE, (uint64_t)(uintptr_t)(as->iopm != NULL ? as->iopm : iopm));
	vmcb_set64(vmcb, VMCB_MSRPM_BASE, (uint64_t)(uintptr_t)msrpm);
	vmcb_set64(vmcb, VMCB_VINTR, VINTR_MASKING);
}

/* Flat 32-bit protected mode, paging off (Xen PVH entry state). */
static void vmcb_set_pvh_state(uint8_t *vmcb, uint64_t entry)
{
	vmcb_set_seg(vmcb, VMCB_CS, 0x08, ATTR_CODE32, 0xffffffffU, 0);
	vmcb_set_seg(vmcb, VMCB_DS, 0x10, ATTR_DATA32, 0xffffffffU, 0);
	vmcb_set_seg(vmcb, VMCB_ES, 0x10, ATTR_DATA32, 0xffffffffU, 0);
	vmcb_set_seg(vmcb, VMCB_SS, 0x10, ATTR_DATA32, 0xffffffffU, 0);
	vmcb_set_seg(vmcb, VMCB_FS, 0x10, ATTR_DATA32, 0xffffffffU, 0);
	vmcb_set_seg(vmcb, VMCB_GS, 0x10, ATTR_DATA32, 0xffffffffU, 0);
	vmcb_set64(vmcb, VMCB_CR0, CR0_PE | CR0_ET);
	vmcb_set64(vmcb, VMCB_RIP, entry);
}

/* Real mode at CS:IP = (vector << 8):0 (an AP after INIT-SIPI). */
static void vmcb_set_sipi_state(uint8_t *vmcb, uint8_t vector)
{
	uint16_t sel = (uint16_t)((unsigned)vector << 8);

	vmcb_set_seg(vmcb, VMCB_CS, sel, ATTR_CODE16, 0xffffU, (uint64_t)vector << 12);
	vmcb_set_seg(vmcb, VMCB_DS, 0, ATTR_DATA16, 0xffffU, 0);
	vmcb_set_seg(vmcb, VMCB_ES, 0, ATTR_DATA16, 0xffffU, 0);
	vmcb_set_seg(vmcb, VMCB_SS, 0, ATTR_DATA16, 0xffffU, 0);
	vmcb_set_seg(vmcb, VMCB_FS, 0, ATTR_DATA16, 0xffffU, 0);
	vmcb_set_seg(vmcb, VMCB_GS, 0, ATTR_DATA16, 0xffffU, 0);
	vmcb_set64(vmcb, VMCB_CR0, CR0_ET);
	vmcb_set64(vmcb, VMCB_RIP, 0);
}

static void vmcb_set_common_state(uint8_t *vmcb)
{
	vmcb_set_seg(vmcb, VMCB_TR, 0, ATTR_TSS32_BUSY, 0xffffU, 0);
	vmcb_set_seg(vmcb, VMCB_LDTR, 0, ATTR_LDT, 0xffffU, 0);
	vmcb_set_seg(vmcb, VMCB_GDTR, 0, 0, 0xffffU, 0);
	vmcb_set_seg(vmcb, VMCB_IDTR, 0, 0, 0xffffU, 0);
	vmcb_set64(vmcb, VMCB_EFER, EFER_SVME); /* VMRUN requires it; hidden from the guest */
	vmcb_set64(vmcb, VMCB_RFLAGS, RFLAGS_FIXED);
	vmcb_set64(vmcb, VMCB_G_PAT, PAT_POWER_ON);
	vmcb_set64(vmcb, VMCB_DR6, DR6_INIT);
	vmcb_set64(vmcb, VMCB_DR7, DR7_INIT);
}

/* x87/SSE power-on state in FXSAVE format: FCW 0x37f, MXCSR 0x1f80, all empty. */
static void fpu_init_state(uint8_t *fpu)
{
	const uint16_t fcw = 0x37f;
	const uint32_t mxcsr = 0x1f80;

	(void)memset(fpu, 0, 512);
	fpu[0] = (uint8_t)fcw; /* little-endian, as the FXSAVE image */
	fpu[1] = (uint8_t)(fcw >> 8);
	fpu[24] = (uint8_t)mxcsr;
	fpu[25] = (uint8_t)(mxcsr >> 8);
	fpu[26] = (uint8_t)(mxcsr >> 16);
	fpu[27] = (uint8_t)(mxcsr >> 24);
}

/* [impl->dsn~x86-vcpu-pvh-entry~1] */
int hal_vcpu_init(struct vcpu_arch *v, struct as_arch *as, unsigned vcpu_id, uint64_t entry,
                  const uint64_t *args, unsigned nargs)
{
	bool sipi = v->lapic.sipi_start != 0U;
	uint8_t vector = v->lapic.sipi_vector;

	if (nargs > HAL_VCPU_MAX_ARGS || vcpu_id >= X86_AS_MAX_VCPUS || as == NULL) {
		return -HAL_EINVAL;
	}
	(void)memset(v, 0, sizeof(*v));
	v->as = as;
	v->id = vcpu_id;
	v->last_cpu = ~0U;
	as->vcpus[vcpu_id] = v;
	vmcb_set_intercepts(v->vmcb, as);
	vmcb_set32(v->vmcb, VMCB_ASID, as->asid);
	vmcb_set64(v->vmcb, VMCB_NP_ENABLE, 1U);
	vmcb_set64(v->vmcb, VMCB_NCR3, as->npt_root);
	vmcb_set_common_state(v->vmcb);
	/* [impl->dsn~x86-tsc-offset~1] vCPU 0's (re)start puts the domain's TSC at 0,
	 * [impl->dsn~x86-tsc-native~1] unless the domain reads the host's TSC */
	if (vcpu_id == 0U && !sipi) {
		as->tsc_offset = as->tsc_native ? 0U : 0U - rdtsc();
		x86_vioapic_reset(as); /* a reset domain finds its IOAPIC masked again */
	}
	vmcb_set64(v->vmcb, VMCB_TSC_OFFSET, as->tsc_offset);
	if (sipi) {
		vmcb_set_sipi_state(v->vmcb, vector);
	} else {
		vmcb_set_pvh_state(v->vmcb, entry);
	}
	/* Xen PVH: EBX = start info; more arguments go to ESI, EDI, EDX. */
	v->gprs.rbx = nargs > 0U ? args[0] : 0U;
	v->gprs.rsi = nargs > 1U ? args[1] : 0U;
	v->gprs.rdi = nargs > 2U ? args[2] : 0U;
	v->gprs.rdx = nargs > 3U ? args[3] : 0U;
	x86_vlapic_reset(v);
	fpu_init_state(v->fpu);
	return 0;
}

/* [impl->dsn~x86-asid-flush~1] */
static void flush_if_stale(struct vcpu_arch *v, unsigned cpu)
{
	struct as_arch *as = v->as;
	uint32_t gen = __atomic_load_n(&as->generation, __ATOMIC_ACQUIRE);
	uint8_t ctl = 0;

	if (v->last_cpu != cpu || as->cpu_gen[cpu] != gen) {
		ctl = x86_svm_caps.flush_by_asid ? TLB_FLUSH_ASID : TLB_FLUSH_ALL;
		as->cpu_gen[cpu] = gen;
	}
	v->vmcb[VMCB_TLB_CONTROL] = ctl;
	v->last_cpu = cpu;
}

static uint64_t world_switch(struct vcpu_arch *v, unsigned cpu)
{
	uint64_t code;

	/* [impl->dsn~x86-fpu-switch~1] the guest's x87/SSE state, never another's */
	__asm__ volatile("fxrstor64 %0" : : "m"(*(const uint8_t(*)[512])v->fpu));
	__asm__ volatile("clgi; sti" ::: "memory");
	x86_svm_vmrun(hal_va_to_pa(v->vmcb), &v->gprs, x86_svm_host_vmcb_pa(cpu));
	__asm__ volatile("cli; stgi" ::: "memory");
	__asm__ volatile("fxsave64 %0" : "=m"(*(uint8_t(*)[512])v->fpu));
	code = vmcb_get64(v->vmcb, VMCB_EXITCODE);
	if (code == VMEXIT_INTR || code == VMEXIT_NMI) {
		__asm__ volatile("sti; nop; cli" ::: "memory"); /* take the held interrupt */
	}
	return code;
}

/*
 * HLT stays intercepted: the guest's virtual interrupts (its timer, event
 * channels) are injected through the VMCB at entry, not delivered by the
 * hardware, so a natively halted guest would not wake for them until some
 * physical interrupt exits it. The request is ignored.
 */
void hal_vcpu_set_wfi_native(struct vcpu_arch *v, bool native)
{
	(void)v;
	(void)native;
}

/* Every run saves the guest's state at its exit: nothing stays loaded. */
void hal_vcpu_put(struct vcpu_arch *v)
{
	(void)v;
}

/* [impl->dsn~x86-world-switch~1] */
struct vm_exit hal_vcpu_run(struct vcpu_arch *v)
{
	unsigned cpu = hal_cpu_id();
	unsigned long flags = hal_irq_save();
	struct vm_exit e = {.kind = EXIT_NONE};
	int gsi = x86_ioapic_take_pending();

	if (gsi >= 0) { /* [impl->dsn~x86-ioapic-route~1] a passthrough GSI to route */
		hal_irq_restore(flags);
		e.kind = EXIT_IRQ;
		e.irq.irq = (unsigned)gsi;
		return e;
	}
	if (x86_vlapic_before_entry(v, &e)) {
		hal_irq_restore(flags);
		return e;
	}
	flush_if_stale(v, cpu);
	uint64_t code = world_switch(v, cpu);

	v->exit_count++;

	x86_vlapic_after_exit(v);
	e = x86_exit_decode(v, code);
	v->last = e;
	hal_irq_restore(flags);
	return e;
}

void x86_vcpu_skip(struct vcpu_arch *v)
{
	vmcb_set64(v->vmcb, VMCB_RIP, vmcb_get64(v->vmcb, VMCB_RIP) + v->insn_len);
	v->insn_len = 0;
	vmcb_set64(v->vmcb, VMCB_INT_SHADOW, 0);
}

void hal_vcpu_complete(struct vcpu_arch *v, uint64_t value)
{
	if (v->pending == 0U) {
		return;
	}
	switch (v->last.kind) {
	case EXIT_HYPERCALL:
		vmcb_set64(v->vmcb, VMCB_RAX, value);
		break;
	case EXIT_PIO:
		if (!v->last.access.write) {
			x86_set_reg(v, 0U, false, v->last.access.size, value);
		}
		break;
	case EXIT_MMIO:
		if (!v->last.access.write) {
			x86_mmio_load_done(v, value);
		}
		break;
	default:
		break;
	}
	v->pending = 0;
	x86_vcpu_skip(v);
}
