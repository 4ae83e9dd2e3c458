/*
 * x86-64 guest registers as exits see them: RAX and RSP live in the VMCB,
 * the others in struct x86_guest_gprs. Writes follow MOV semantics: 8- and
 * 16-bit writes merge into the old value, 32-bit writes zero-extend.
 * Also: RIP advance and exception injection.
 * Locking: only the pCPU running the vCPU touches these.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "exit.h"
#include "vmcb.h"

/* GPR n (not RAX/RSP) in struct x86_guest_gprs, by member. */
static uint64_t *gpr_slot(struct vcpu_arch *v, unsigned n)
{
	struct x86_guest_gprs *g = &v->gprs;
	/*
	 * Reviewed false positive: cppcheck asks for pointers to const, but the
	 * slot returned is written through by put_reg().
	 */
	/* cppcheck-suppress constVariable */
	uint64_t *const slots[16] = {NULL,    &g->rcx, &g->rdx, &g->rbx, NULL,    &g->rbp,
	                             &g->rsi, &g->rdi, &g->r8,  &g->r9,  &g->r10, &g->r11,
	                             &g->r12, &g->r13, &g->r14, &g->r15};

	return slots[n & 15U];
}

uint64_t x86_get_reg(const struct vcpu_arch *v, unsigned n)
{
	n &= 15U;
	if (n == 0U) {
		return vmcb_get64(v->vmcb, VMCB_RAX);
	}
	if (n == 4U) {
		return vmcb_get64(v->vmcb, VMCB_RSP);
	}
	return *gpr_slot((struct vcpu_arch *)(uintptr_t)v, n);
}

static void put_reg(struct vcpu_arch *v, unsigned n, uint64_t value)
{
	n &= 15U;
	if (n == 0U) {
		vmcb_set64(v->vmcb, VMCB_RAX, value);
	} else if (n == 4U) {
		vmcb_set64(v->vmcb, VMCB_RSP, value);
	} else {
		*gpr_slot(v, n) = value;
	}
}

void x86_set_reg(struct vcpu_arch *v, unsigned n, bool high_byte, unsigned size, uint64_t value)
{
	unsigned r = high_byte ? (n & 3U) : n;
	uint64_t old = x86_get_reg(v, r);

	switch (size) {
	case 1:
		old = high_byte ? (old & ~0xff00ULL) | ((value & 0xffU) << 8)
		                : (old & ~0xffULL) | (value & 0xffU);
		break;
	case 2:
		old = (old & ~0xffffULL) | (value & 0xffffU);
		break;
	case 4:
		old = value & 0xffffffffULL;
		break;
	default:
		old = value;
		break;
	}
	put_reg(v, r, old);
}

static uint64_t extend(uint64_t value, unsigned size, bool sign)
{
	unsigned bits = size * 8U;
	unsigned top = bits - 1U; /* the sign bit when bits > 0 */
	uint64_t mask = bits >= 64U ? ~0ULL : (1ULL << bits) - 1U;

	value &= mask;
	if (sign && bits < 64U && (value >> top) != 0U) {
		value |= ~mask;
	}
	return value;
}

void x86_mmio_load_done(struct vcpu_arch *v, uint64_t value)
{
	const struct x86_mmio_dest *d = &v->mmio;
	unsigned dst = d->ext_size != 0U ? d->ext_size : d->size;

	x86_set_reg(v, d->reg, d->high_byte != 0U, dst, extend(value, d->size, d->sign != 0U));
}

void x86_inject_exception(struct vcpu_arch *v, unsigned vector, bool has_err, uint32_t err)
{
	uint64_t ev = EVENTINJ_VALID | EVENTINJ_TYPE_EXC | (vector & 0xffU);

	if (has_err) {
		ev |= EVENTINJ_EV | ((uint64_t)err << 32);
	}
	vmcb_set64(v->vmcb, VMCB_EVENTINJ, ev);
}

bool x86_guest_in_64bit_mode(const struct vcpu_arch *v)
{
	return (vmcb_get64(v->vmcb, VMCB_EFER) & (1ULL << 10)) != 0U &&
	       (vmcb_get16(v->vmcb, VMCB_CS + VMCB_SEG_ATTR) & ((uint32_t)1U << 9)) != 0U;
}
