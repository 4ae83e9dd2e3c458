/*
 * x86-64 guest MSR policy (documented in docs/x86_64.md).
 *
 * Design: every MSR access exits (all-ones MSR bitmap). Emulated from the
 * VMCB: EFER (SVME hidden and kept set), STAR/LSTAR/CSTAR/SFMASK,
 * KERNEL_GS_BASE, FS/GS base, SYSENTER_*, PAT. The vLAPIC answers
 * APIC_BASE, TSC_DEADLINE and the x2APIC range 0x800-0x8ff (vlapic.c).
 * TSC reads return the host TSC (no offset). MTRRcap/MTRRdefType and
 * MISC_ENABLE read as zero and ignore writes. The Xen hypercall-page MSR
 * 0x40000000 writes Xen's 32-byte "mov $nr,%eax; vmmcall; ret" stubs into
 * the guest page named. Everything else raises #GP.
 */
#include <stdbool.h>
#include <stdint.h>

#include <hal/as.h>
#include <lib/string.h>

#include "exit.h"
#include "vlapic.h"
#include "vmcb.h"
#include "x86.h"

#define MSR_TSC 0x10U
#define MSR_MTRRCAP 0xfeU
#define MSR_SYSENTER_CS 0x174U
#define MSR_SYSENTER_ESP 0x175U
#define MSR_SYSENTER_EIP 0x176U
#define MSR_MISC_ENABLE 0x1a0U
#define MSR_PAT 0x277U
#define MSR_MTRR_DEF_TYPE 0x2ffU
#define MSR_EFER 0xc0000080U
#define MSR_STAR 0xc0000081U
#define MSR_LSTAR 0xc0000082U
#define MSR_CSTAR 0xc0000083U
#define MSR_SFMASK 0xc0000084U
#define MSR_FS_BASE 0xc0000100U
#define MSR_GS_BASE 0xc0000101U
#define MSR_KERNEL_GS_BASE 0xc0000102U
#define MSR_XEN_HYPERCALL_PAGE 0x40000000U
#define EFER_SVME 0x1000ULL
#define EFER_GUEST_BITS 0xd01ULL /* SCE, LME, LMA, NXE */

struct msr_slot {
	uint32_t msr;
	unsigned off;
};

static const struct msr_slot vmcb_msrs[] = {
        {MSR_STAR, VMCB_STAR},
        {MSR_LSTAR, VMCB_LSTAR},
        {MSR_CSTAR, VMCB_CSTAR},
        {MSR_SFMASK, VMCB_SFMASK},
        {MSR_KERNEL_GS_BASE, VMCB_KERNEL_GS_BASE},
        {MSR_FS_BASE, VMCB_FS + VMCB_SEG_BASE},
        {MSR_GS_BASE, VMCB_GS + VMCB_SEG_BASE},
        {MSR_SYSENTER_CS, VMCB_SYSENTER_CS},
        {MSR_SYSENTER_ESP, VMCB_SYSENTER_ESP},
        {MSR_SYSENTER_EIP, VMCB_SYSENTER_EIP},
        {MSR_PAT, VMCB_G_PAT},
};

static int vmcb_slot(uint32_t msr)
{
	for (unsigned i = 0; i < sizeof(vmcb_msrs) / sizeof(vmcb_msrs[0]); i++) {
		if (vmcb_msrs[i].msr == msr) {
			return (int)vmcb_msrs[i].off;
		}
	}
	return -1;
}

/* [impl->dsn~x86-msr-policy~1] */
bool x86_msr_read(struct vcpu_arch *v, uint32_t msr, uint64_t *value)
{
	int off = vmcb_slot(msr);

	if (off >= 0) {
		*value = vmcb_get64(v->vmcb, (unsigned)off);
		return true;
	}
	switch (msr) {
	case MSR_EFER:
		*value = vmcb_get64(v->vmcb, VMCB_EFER) & ~EFER_SVME;
		return true;
	case MSR_TSC: /* [impl->dsn~x86-tsc-offset~1] the guest's TSC, as RDTSC reads it */
		*value = rdtsc() + v->as->tsc_offset;
		return true;
	case MSR_MTRRCAP:
	case MSR_MTRR_DEF_TYPE:
	case MSR_MISC_ENABLE:
		*value = 0;
		return true;
	default:
		return x86_vlapic_msr_read(v, msr, value);
	}
}

/* Xen's hypercall page: 32-byte stubs "mov $i, %eax; vmmcall; ret". */
static bool write_hypercall_page(struct vcpu_arch *v, uint64_t gpa)
{
	struct hal_as_page pg;
	uint8_t *p;

	if ((gpa & 0xfffU) != 0U || hal_as_translate(v->as, gpa, &pg) != 0 ||
	    (pg.perm & HAL_AS_W) == 0U || pg.type != HAL_MEM_NORMAL) {
		return false;
	}
	p = hal_pa_to_va(pg.pa);
	if (p == NULL) {
		return false;
	}
	(void)memset(p, 0xcc, HAL_PAGE_SIZE); /* int3 outside the stubs */
	for (unsigned i = 0; i < HAL_PAGE_SIZE / 32U; i++) {
		uint8_t *s = p + i * 32U;

		s[0] = 0xb8;       /* mov $i, %eax */
		s[1] = (uint8_t)i; /* little-endian imm32 */
		s[2] = (uint8_t)(i >> 8);
		s[3] = (uint8_t)(i >> 16);
		s[4] = (uint8_t)(i >> 24);
		s[5] = 0x0f; /* vmmcall */
		s[6] = 0x01;
		s[7] = 0xd9;
		s[8] = 0xc3; /* ret */
	}
	return true;
}

bool x86_msr_write(struct vcpu_arch *v, uint32_t msr, uint64_t value)
{
	int off = vmcb_slot(msr);

	if (off >= 0) {
		vmcb_set64(v->vmcb, (unsigned)off, value);
		return true;
	}
	switch (msr) {
	case MSR_EFER:
		if ((value & ~EFER_GUEST_BITS) != 0U) {
			return false;
		}
		vmcb_set64(v->vmcb, VMCB_EFER, value | EFER_SVME);
		return true;
	case MSR_MTRR_DEF_TYPE:
	case MSR_MISC_ENABLE:
		return true;
	case MSR_XEN_HYPERCALL_PAGE:
		return write_hypercall_page(v, value);
	default:
		return x86_vlapic_msr_write(v, msr, value);
	}
}
