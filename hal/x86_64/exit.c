/*
 * x86-64 SVM exits: from EXITCODE/EXITINFO to the neutral struct vm_exit.
 *
 * Design: one handler per exit code. VMMCALL is a hypercall (Xen x86-64
 * ABI: number in RAX, arguments in RDI, RSI, RDX, R10, R8, R9). IOIO is a
 * port access (EXITINFO1: port, size, direction; EXITINFO2: next RIP),
 * except the reset ports (0xcf9 bit 2, keyboard controller 0x64 = 0xfe),
 * which become EXIT_RESET. HLT is a halt unless the vLAPIC has something
 * to deliver. #NPF on a mapped page is a guest fault; on the vLAPIC page it
 * is emulated here; elsewhere the instruction is fetched and decoded
 * (decode.c) into an MMIO exit. CPUID and MSRs follow the policy files.
 * SVM instructions, MONITOR/MWAIT, XSETBV and INVD raise #UD in the guest.
 * Shutdown (triple fault), task switches and anything unknown are guest
 * faults: the core applies the domain's fault policy (crash or reset).
 * Instruction lengths come from next-RIP when the CPU saves it (NRIPS),
 * else from the instruction's fixed length or the decoder.
 * Locking: none (per-vCPU state on its own pCPU).
 */
#include <stdbool.h>
#include <stdint.h>

#include <hal/as.h>
#include <hal/time.h>

#include "arch.h"
#include "decode.h"
#include "exit.h"
#include "vioapic.h"
#include "vlapic.h"
#include "vmcb.h"

#define IOIO_IN (1ULL << 0)
#define IOIO_STR (1ULL << 2)
#define IOIO_REP (1ULL << 3)
#define IOIO_SZ_SHIFT 4U
#define IOIO_PORT_SHIFT 16U
#define NPF_WRITE (1ULL << 1)
#define NPF_FETCH (1ULL << 4)
#define PORT_RESET_CONTROL 0xcf9U
#define RESET_CONTROL_RST_CPU 0x04U
#define PORT_KBC_COMMAND 0x64U
#define KBC_PULSE_RESET 0xfeU

static uint64_t guest_rip(const struct vcpu_arch *v)
{
	return vmcb_get64(v->vmcb, VMCB_RIP);
}

/* Length of the exiting instruction: next RIP if saved, else `fixed`. */
static uint8_t insn_len(const struct vcpu_arch *v, uint8_t fixed)
{
	return x86_insn_len_pick(&x86_svm_caps, guest_rip(v), vmcb_get64(v->vmcb, VMCB_NRIP),
	                         fixed);
}

static struct vm_exit fault(const struct vcpu_arch *v, enum vm_fault_kind kind, uint64_t addr)
{
	struct vm_exit e = {.kind = EXIT_FAULT};

	e.fault.kind = kind;
	e.fault.addr = addr;
	e.fault.pc = guest_rip(v);
	return e;
}

/*
 * [impl->dsn~x86-exit-hypercall~1]
 * Xen's x86 ABI: 64-bit guests pass RDI, RSI, RDX, R10, R8, R9; 32-bit
 * guests EBX, ECX, EDX, ESI, EDI, EBP.
 */
static struct vm_exit on_vmmcall(struct vcpu_arch *v)
{
	struct vm_exit e = {.kind = EXIT_HYPERCALL};
	static const unsigned char regs64[VM_EXIT_HYPERCALL_ARGS] = {7, 6, 2, 10, 8, 9};
	static const unsigned char regs32[VM_EXIT_HYPERCALL_ARGS] = {3, 1, 2, 6, 7, 5};
	bool long_mode = x86_guest_in_64bit_mode(v);
	uint64_t mask = long_mode ? ~0ULL : 0xffffffffULL;

	e.hypercall.nr = x86_get_reg(v, 0U) & mask;
	for (unsigned i = 0; i < VM_EXIT_HYPERCALL_ARGS; i++) {
		e.hypercall.arg[i] = x86_get_reg(v, long_mode ? regs64[i] : regs32[i]) & mask;
	}
	v->insn_len = insn_len(v, 3U);
	v->pending = 1;
	return e;
}

/* [impl->dsn~x86-reset-ports~1] */
static bool is_reset_request(uint16_t port, bool write, uint64_t value)
{
	return write && ((port == PORT_RESET_CONTROL && (value & RESET_CONTROL_RST_CPU) != 0U) ||
	                 (port == PORT_KBC_COMMAND && (value & 0xffU) == KBC_PULSE_RESET));
}

/* [impl->dsn~x86-exit-pio~1] */
static struct vm_exit on_ioio(struct vcpu_arch *v)
{
	uint64_t info = vmcb_get64(v->vmcb, VMCB_EXITINFO1);
	struct vm_exit e = {.kind = EXIT_PIO};
	uint8_t size = (uint8_t)((info >> IOIO_SZ_SHIFT) & 7U);
	unsigned bits;

	if ((info & (IOIO_STR | IOIO_REP)) != 0U || (size != 1U && size != 2U && size != 4U)) {
		return fault(v, FAULT_OTHER, 0); /* string I/O is not emulated */
	}
	e.access.addr = (uint16_t)(info >> IOIO_PORT_SHIFT);
	e.access.size = size;
	e.access.write = (info & IOIO_IN) == 0U;
	bits = (unsigned)size * 8U;
	e.access.value = e.access.write ? x86_get_reg(v, 0U) & ((1ULL << bits) - 1U) : 0U;
	e.access.reg = 0;
	v->insn_len = (uint8_t)(vmcb_get64(v->vmcb, VMCB_EXITINFO2) - guest_rip(v));
	if (is_reset_request((uint16_t)e.access.addr, e.access.write, e.access.value)) {
		return (struct vm_exit){.kind = EXIT_RESET};
	}
	if (e.access.addr == PORT_RESET_CONTROL) {
		if (!e.access.write) {
			x86_set_reg(v, 0U, false, size, 0U);
		}
		x86_vcpu_skip(v); /* other reset-control bits: ignored, reads 0 */
		return (struct vm_exit){.kind = EXIT_NONE};
	}
	v->pending = 1;
	return e;
}

static struct vm_exit on_hlt(struct vcpu_arch *v)
{
	v->insn_len = insn_len(v, 1U);
	if (x86_vlapic_hlt(v)) {
		x86_vcpu_skip(v);
		return (struct vm_exit){.kind = EXIT_NONE};
	}
	v->pending = 1;
	return (struct vm_exit){.kind = EXIT_HALT};
}

static struct vm_exit on_cpuid(struct vcpu_arch *v)
{
	uint32_t r[4];

	x86_cpuid_policy(v, (uint32_t)x86_get_reg(v, 0U), (uint32_t)x86_get_reg(v, 1U), r);
	x86_set_reg(v, 0U, false, 4U, r[0]);
	x86_set_reg(v, 3U, false, 4U, r[1]);
	x86_set_reg(v, 1U, false, 4U, r[2]);
	x86_set_reg(v, 2U, false, 4U, r[3]);
	v->insn_len = insn_len(v, 2U);
	x86_vcpu_skip(v);
	return (struct vm_exit){.kind = EXIT_NONE};
}

/* [impl->dsn~x86-msr-policy~1] */
static struct vm_exit on_msr(struct vcpu_arch *v)
{
	uint32_t msr = (uint32_t)x86_get_reg(v, 1U);
	bool write = vmcb_get64(v->vmcb, VMCB_EXITINFO1) != 0U;
	uint64_t value = (x86_get_reg(v, 0U) & 0xffffffffULL) | (x86_get_reg(v, 2U) << 32);
	bool ok;

	if (write) {
		ok = x86_msr_write(v, msr, value);
	} else {
		ok = x86_msr_read(v, msr, &value);
		if (ok) {
			x86_set_reg(v, 0U, false, 4U, value);
			x86_set_reg(v, 2U, false, 4U, value >> 32);
		}
	}
	if (!ok) {
		x86_inject_exception(v, X86_EXC_GP, true, 0);
		return (struct vm_exit){.kind = EXIT_NONE};
	}
	v->insn_len = insn_len(v, 2U);
	x86_vcpu_skip(v);
	return x86_vlapic_take_exit(v);
}

/* [impl->dsn~x86-exit-mmio~1] */
static struct vm_exit on_npf(struct vcpu_arch *v)
{
	uint64_t err = vmcb_get64(v->vmcb, VMCB_EXITINFO1);
	uint64_t gpa = vmcb_get64(v->vmcb, VMCB_EXITINFO2);
	struct hal_as_page page;
	struct x86_decoded d;
	struct vm_exit e = {.kind = EXIT_MMIO};

	if (hal_as_translate(v->as, gpa & ~0xfffULL, &page) == 0) {
		enum vm_fault_kind kind;

		if ((err & NPF_FETCH) != 0U) {
			kind = FAULT_EXEC;
		} else if ((err & NPF_WRITE) != 0U) {
			kind = FAULT_WRITE;
		} else {
			kind = FAULT_READ;
		}
		return fault(v, kind, gpa);
	}
	if ((err & NPF_FETCH) != 0U || x86_decode_at_rip(v, &d) != 0) {
		return fault(v, (err & NPF_FETCH) != 0U ? FAULT_EXEC : FAULT_OTHER, gpa);
	}
	v->insn_len = d.len;
	v->mmio = d.dest;
	e.access.addr = gpa;
	e.access.size = d.size;
	e.access.write = d.write;
	e.access.value = d.write ? d.value : 0U;
	e.access.reg = d.dest.reg;
	if (x86_vlapic_is_mmio(v, gpa)) {
		return x86_vlapic_mmio(v, &e);
	}
	if (x86_vioapic_is_mmio(gpa)) {
		return x86_vioapic_mmio(v, &e);
	}
	v->pending = 1;
	return e;
}

static struct vm_exit on_interrupt(void)
{
	return (struct vm_exit){.kind = x86_timer_expired() ? EXIT_TIMER : EXIT_NONE};
}

static struct vm_exit on_undefined(struct vcpu_arch *v)
{
	x86_inject_exception(v, X86_EXC_UD, false, 0);
	return (struct vm_exit){.kind = EXIT_NONE};
}

/* [impl->dsn~x86-exit-decode~1] */
struct vm_exit x86_exit_decode(struct vcpu_arch *v, uint64_t code)
{
	v->pending = 0;
	switch (code) {
	case VMEXIT_VMMCALL:
		return on_vmmcall(v);
	case VMEXIT_IOIO:
		return on_ioio(v);
	case VMEXIT_HLT:
		return on_hlt(v);
	case VMEXIT_CPUID:
		return on_cpuid(v);
	case VMEXIT_MSR:
		return on_msr(v);
	case VMEXIT_NPF:
		return on_npf(v);
	case VMEXIT_INTR:
	case VMEXIT_NMI:
	case VMEXIT_SMI:
	case VMEXIT_INIT:
	case VMEXIT_VINTR:
		return on_interrupt();
	case VMEXIT_VMRUN:
	case VMEXIT_VMLOAD:
	case VMEXIT_VMSAVE:
	case VMEXIT_STGI:
	case VMEXIT_CLGI:
	case VMEXIT_SKINIT:
	case VMEXIT_MONITOR:
	case VMEXIT_MWAIT:
	case VMEXIT_XSETBV:
	case VMEXIT_INVD:
		return on_undefined(v);
	case VMEXIT_SHUTDOWN: /* triple fault [impl->dsn~x86-shutdown~1] */
	default:
		return fault(v, FAULT_OTHER, 0);
	}
}
