/*
 * x86-64: fetch the guest instruction that exited, for the MMIO decoder.
 *
 * Design: with decode assists the VMCB already holds the fetched bytes.
 * Otherwise the linear address CS.base + RIP is translated through the
 * guest's own page tables (paging off; 32-bit with 4 MiB pages; PAE;
 * 4-level long mode) and then through the NPT, one byte at a time so a
 * page crossing is handled, reading guest memory only through
 * hal_as_translate (never faults, whatever the guest put in its tables).
 * The CPU mode (16/32/64-bit) comes from EFER.LMA, CS.L and CS.D.
 */
#include <stdbool.h>
#include <stdint.h>

#include <hal/as.h>
#include <lib/string.h>

#include "arch.h"
#include "decode.h"
#include "exit.h"
#include "vmcb.h"

#define CR0_PG (1ULL << 31)
#define CR4_PSE (1ULL << 4)
#define CR4_PAE (1ULL << 5)
#define EFER_LMA (1ULL << 10)
#define PTE_P 1ULL
#define PTE_PS 0x80ULL
#define PTE_ADDR 0x000ffffffffff000ULL
#define SEG_ATTR_L ((uint32_t)1U << 9)
#define SEG_ATTR_DB ((uint32_t)1U << 10)

/* Read an aligned little-endian guest-physical value (4 or 8 bytes). */
static bool read_gpa(const struct vcpu_arch *v, uint64_t gpa, unsigned size, uint64_t *out)
{
	struct hal_as_page pg;
	const uint8_t *p;
	uint64_t value;

	if (hal_as_translate(v->as, gpa, &pg) != 0 || pg.type != HAL_MEM_NORMAL) {
		return false;
	}
	p = hal_pa_to_va(pg.pa);
	if (p == NULL) {
		return false;
	}
	value = 0;
	for (unsigned i = 0; i < size; i++) {
		unsigned shift = 8U * i;

		value |= (uint64_t)p[i] << shift; /* little-endian, as memcpy on x86 */
	}
	*out = value;
	return true;
}

/* Walk `levels` levels of 8-byte entries (PAE: 3, long mode: 4). */
static bool walk64(const struct vcpu_arch *v, uint64_t table, uint64_t la, unsigned levels,
                   uint64_t *gpa)
{
	for (unsigned l = levels; l > 0U; l--) {
		unsigned shift = 12U + 9U * (l - 1U);
		unsigned idx = (unsigned)(la >> shift) & (levels == 3U && l == 3U ? 3U : 511U);
		uint64_t e;

		if (!read_gpa(v, (table & PTE_ADDR) + (uint64_t)idx * 8U, 8U, &e) ||
		    (e & PTE_P) == 0U) {
			return false;
		}
		if (l > 1U && l < 4U && (e & PTE_PS) != 0U && !(levels == 3U && l == 3U)) {
			uint64_t span = 1ULL << shift;

			*gpa = (e & PTE_ADDR & ~(span - 1U)) + (la & (span - 1U));
			return true;
		}
		table = e;
	}
	*gpa = (table & PTE_ADDR) + (la & 0xfffU);
	return true;
}

static bool walk32(const struct vcpu_arch *v, uint64_t cr3, uint64_t cr4, uint32_t la,
                   uint64_t *gpa)
{
	uint64_t pde, pte;

	if (!read_gpa(v, (cr3 & 0xfffff000U) + ((uint64_t)la >> 22) * 4U, 4U, &pde) ||
	    (pde & PTE_P) == 0U) {
		return false;
	}
	if ((pde & PTE_PS) != 0U && (cr4 & CR4_PSE) != 0U) {
		*gpa = (pde & 0xffc00000U) + (la & 0x3fffffU);
		return true;
	}
	if (!read_gpa(v, (pde & 0xfffff000U) + (((uint64_t)la >> 12) & 1023U) * 4U, 4U, &pte) ||
	    (pte & PTE_P) == 0U) {
		return false;
	}
	*gpa = (pte & 0xfffff000U) + (la & 0xfffU);
	return true;
}

/* [impl->dsn~x86-guest-walk~1] */
static bool linear_to_gpa(const struct vcpu_arch *v, uint64_t la, uint64_t *gpa)
{
	uint64_t cr0 = vmcb_get64(v->vmcb, VMCB_CR0);
	uint64_t cr3 = vmcb_get64(v->vmcb, VMCB_CR3);
	uint64_t cr4 = vmcb_get64(v->vmcb, VMCB_CR4);

	if ((cr0 & CR0_PG) == 0U) {
		*gpa = la & 0xffffffffULL;
		return true;
	}
	if ((vmcb_get64(v->vmcb, VMCB_EFER) & EFER_LMA) != 0U) {
		return walk64(v, cr3, la, 4U, gpa);
	}
	if ((cr4 & CR4_PAE) != 0U) {
		return walk64(v, cr3 & 0xffffffe0U, la & 0xffffffffULL, 3U, gpa);
	}
	return walk32(v, cr3, cr4, (uint32_t)la, gpa);
}

static enum x86_cpu_mode cpu_mode(const struct vcpu_arch *v)
{
	uint16_t attr = vmcb_get16(v->vmcb, VMCB_CS + VMCB_SEG_ATTR);

	if ((vmcb_get64(v->vmcb, VMCB_EFER) & EFER_LMA) != 0U && (attr & SEG_ATTR_L) != 0U) {
		return X86_MODE_64;
	}
	return (attr & SEG_ATTR_DB) != 0U ? X86_MODE_32 : X86_MODE_16;
}

static unsigned fetch(const struct vcpu_arch *v, enum x86_cpu_mode mode, uint8_t *buf)
{
	uint64_t la = vmcb_get64(v->vmcb, VMCB_RIP);
	unsigned n = 0;

	if (mode != X86_MODE_64) {
		la = (la + vmcb_get64(v->vmcb, VMCB_CS + VMCB_SEG_BASE)) & 0xffffffffULL;
	}
	for (; n < X86_INSN_MAX; n++) {
		uint64_t gpa, byte;

		if (!linear_to_gpa(v, la + n, &gpa) || !read_gpa(v, gpa & ~3ULL, 4U, &byte)) {
			break;
		}
		buf[n] = (uint8_t)(byte >> (8U * (gpa & 3U)));
	}
	return n;
}

int x86_decode_at_rip(struct vcpu_arch *v, struct x86_decoded *out)
{
	uint8_t buf[X86_INSN_MAX];
	enum x86_cpu_mode mode = cpu_mode(v);
	unsigned n = x86_insn_bytes_pick(&x86_svm_caps, v->vmcb[VMCB_INSN_LEN]);

	(void)memcpy(buf, &v->vmcb[VMCB_INSN_BYTES], n);
	if (n == 0U) {
		n = fetch(v, mode, buf);
	}
	if (x86_decode(buf, n, mode, out) != 0) {
		return -1;
	}
	if (out->write) {
		uint64_t val = out->has_imm    ? out->imm
		               : out->src_high ? x86_get_reg(v, out->src & 3U) >> 8
		                               : x86_get_reg(v, out->src);
		out->value = out->size == 8U ? val : val & ((1ULL << (out->size * 8U)) - 1U);
	}
	return 0;
}
