/*
 * MMIO exits: a load or store guest-page fault on an address the G-stage
 * does not map, decoded into EXIT_MMIO.
 *
 * Design: the guest-physical address is htval << 2 | the low bits of
 * stval. The access itself comes from the trapping instruction: htinst
 * when the hart provides a transformed instruction (bit 0 set; bit 1
 * clear means the original was compressed), otherwise the instruction is
 * read from guest memory at sepc: through the G-stage alone when the guest
 * runs with vsatp = 0, and with HLVX.HU (the guest's own page tables, then
 * the G-stage, as an execute access) when its MMU is on; a fault on that
 * read is caught (trap.c) and the exit becomes a guest fault. Decoded:
 * LB/LH/LW/LD/LBU/LHU/LWU, SB/SH/SW/SD and the compressed C.LW/C.LD/C.SW/
 * C.SD and their SP-relative forms. Anything else touching MMIO (AMOs,
 * LR/SC, FP loads) is a guest fault. A load's value is written to its
 * register on completion, sign-extended as the instruction demands.
 *
 * Locking: per vCPU.
 */
#include <hal/as.h>

#include "csr.h"
#include "pcpu.h"
#include "vcpu.h"

#define OP_LOAD 0x03U
#define OP_STORE 0x23U

struct access {
	uint8_t size;
	uint8_t reg;
	bool store;
	bool sign;
	uint8_t len;
};

/* HLVX.HU: a halfword of guest memory read as VS/VU would fetch it. */
static bool hlvx_hu(uint64_t va, uint32_t *out)
{
	struct rv_pcpu *c = rv_this_pcpu();
	unsigned long val = 0;

	c->guest_load_faulted = false;
	c->guest_load_armed = true;
	__asm__ volatile(".insn r 0x73, 4, 0x32, %0, %1, x3" : "+r"(val) : "r"(va) : "memory");
	c->guest_load_armed = false;
	*out = (uint32_t)(val & 0xffffU);
	return !c->guest_load_faulted;
}

/* A halfword at guest-physical gpa (guest MMU off). */
static bool read_gpa_half(const struct vcpu_arch *v, uint64_t gpa, uint32_t *out)
{
	struct hal_as_page pg;

	if ((gpa & 1U) != 0U || hal_as_translate(v->as, gpa, &pg) != 0 ||
	    pg.type != HAL_MEM_NORMAL || (pg.perm & HAL_AS_X) == 0U) {
		return false;
	}
	*out = *(const volatile uint16_t *)(uintptr_t)pg.pa;
	return true;
}

static bool read_half(const struct vcpu_arch *v, uint64_t va, uint32_t *out)
{
	return v->vsatp == 0U ? read_gpa_half(v, va, out) : hlvx_hu(va, out);
}

/* The trapping instruction; for a compressed one, only the low half. */
static bool fetch_insn(const struct vcpu_arch *v, uint32_t *insn)
{
	uint32_t lo, hi;

	if ((v->htinst & 1U) != 0U) {
		*insn = (uint32_t)v->htinst; /* transformed; bit 1 clear = compressed */
		return true;
	}
	if (!read_half(v, v->sepc, &lo)) {
		return false;
	}
	if ((lo & 3U) != 3U) {
		*insn = lo;
		return true;
	}
	if (!read_half(v, v->sepc + 2U, &hi)) {
		return false;
	}
	*insn = lo | (hi << 16);
	return true;
}

static bool decode_32(uint32_t insn, struct access *a)
{
	unsigned f3 = (insn >> 12) & 7U;
	unsigned op = insn & 0x7fU;

	a->len = 4;
	a->size = (uint8_t)(1U << (f3 & 3U));
	if (op == OP_LOAD && f3 != 7U) {
		a->store = false;
		a->sign = f3 < 3U;
		a->reg = (uint8_t)((insn >> 7) & 31U);
		return true;
	}
	if (op == OP_STORE && f3 < 4U) {
		a->store = true;
		a->reg = (uint8_t)((insn >> 20) & 31U);
		return true;
	}
	return false;
}

static bool decode_16(uint32_t insn, struct access *a)
{
	unsigned f3 = (insn >> 13) & 7U;
	unsigned quadrant = insn & 3U;
	bool wide = (f3 & 1U) != 0U; /* C.LD/C.SD/C.LDSP/C.SDSP */

	a->len = 2;
	a->size = wide ? 8U : 4U;
	a->sign = true;
	a->store = f3 >= 6U;
	if ((f3 & 6U) != 2U && (f3 & 6U) != 6U) {
		return false;
	}
	if (quadrant == 0U) {
		a->reg = (uint8_t)(((insn >> 2) & 7U) + 8U);
		return true;
	}
	if (quadrant == 2U) {
		a->reg = (uint8_t)(a->store ? (insn >> 2) & 31U : (insn >> 7) & 31U);
		return true;
	}
	return false;
}

static struct vm_exit mmio_fault(const struct vcpu_arch *v, uint64_t gpa)
{
	struct vm_exit e = {.kind = EXIT_FAULT};

	e.fault.kind = FAULT_OTHER;
	e.fault.addr = gpa;
	e.fault.pc = v->sepc;
	return e;
}

/* [impl->dsn~riscv64-mmio-decode~1] */
struct vm_exit rv_mmio_exit(struct vcpu_arch *v, bool store)
{
	uint64_t gpa = (v->htval << 2) | (v->stval & 3U);
	struct access a = {0};
	uint32_t insn;
	bool ok = fetch_insn(v, &insn);

	if (ok && (v->htinst & 1U) != 0U) {
		ok = decode_32(insn | 2U, &a); /* transformed: bit 1 clear = compressed */
		a.len = (insn & 2U) != 0U ? 4U : 2U;
	} else if (ok) {
		ok = (insn & 3U) == 3U ? decode_32(insn, &a) : decode_16(insn, &a);
	} else {
		/* the fetch failed: reported as a fault below */
	}
	if (!ok || a.store != store) {
		return mmio_fault(v, gpa);
	}
	struct vm_exit e = {.kind = EXIT_MMIO};

	e.access.addr = gpa;
	e.access.size = a.size;
	e.access.write = a.store;
	e.access.reg = a.reg;
	e.access.value = 0;
	if (a.store) {
		uint64_t val = rv_gpr(v, a.reg);

		e.access.value = a.size == 8U ? val : val & ((1ULL << (8U * a.size)) - 1U);
	}
	v->done = a.store ? RV_DONE_SKIP : RV_DONE_MMIO_LOAD;
	v->insn_len = a.len;
	v->load_reg = a.reg;
	v->load_size = a.size;
	v->load_signed = a.sign;
	return e;
}

void rv_mmio_complete_load(struct vcpu_arch *v, uint64_t value)
{
	unsigned bits = 8U * v->load_size;

	if (bits < 64U) {
		value &= (1ULL << bits) - 1U;
		unsigned sign_bit = bits - 1U;

		if (v->load_signed && ((value >> sign_bit) & 1U) != 0U) {
			value |= ~((1ULL << bits) - 1U);
		}
	}
	rv_set_gpr(v, v->load_reg, value);
}
