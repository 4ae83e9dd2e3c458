/*
 * AMD SVM VMCB layout (AMD64 APM vol. 2, appendix B): the offsets and bits
 * the backend uses, and typed accessors over a vCPU's 4 KiB VMCB page.
 */
#ifndef X86_VMCB_H
#define X86_VMCB_H

#include <stdint.h>
#include <string.h>

/* Control area. */
#define VMCB_INTERCEPT_CR 0x000U
#define VMCB_INTERCEPT_EXC 0x008U
#define VMCB_INTERCEPT_MISC1 0x00CU
#define VMCB_INTERCEPT_MISC2 0x010U
#define VMCB_IOPM_BASE 0x040U
#define VMCB_MSRPM_BASE 0x048U
#define VMCB_TSC_OFFSET 0x050U
#define VMCB_ASID 0x058U
#define VMCB_TLB_CONTROL 0x05CU
#define VMCB_VINTR 0x060U
#define VMCB_INT_SHADOW 0x068U
#define VMCB_EXITCODE 0x070U
#define VMCB_EXITINFO1 0x078U
#define VMCB_EXITINFO2 0x080U
#define VMCB_EXITINTINFO 0x088U
#define VMCB_NP_ENABLE 0x090U
#define VMCB_EVENTINJ 0x0A8U
#define VMCB_NCR3 0x0B0U
#define VMCB_CLEAN 0x0C0U
#define VMCB_NRIP 0x0C8U
#define VMCB_INSN_LEN 0x0D0U
#define VMCB_INSN_BYTES 0x0D1U

/* State save area. */
#define VMCB_ES 0x400U
#define VMCB_CS 0x410U
#define VMCB_SS 0x420U
#define VMCB_DS 0x430U
#define VMCB_FS 0x440U
#define VMCB_GS 0x450U
#define VMCB_GDTR 0x460U
#define VMCB_LDTR 0x470U
#define VMCB_IDTR 0x480U
#define VMCB_TR 0x490U
#define VMCB_CPL 0x4CBU
#define VMCB_EFER 0x4D0U
#define VMCB_CR4 0x548U
#define VMCB_CR3 0x550U
#define VMCB_CR0 0x558U
#define VMCB_DR7 0x560U
#define VMCB_DR6 0x568U
#define VMCB_RFLAGS 0x570U
#define VMCB_RIP 0x578U
#define VMCB_RSP 0x5D8U
#define VMCB_RAX 0x5F8U
#define VMCB_STAR 0x600U
#define VMCB_LSTAR 0x608U
#define VMCB_CSTAR 0x610U
#define VMCB_SFMASK 0x618U
#define VMCB_KERNEL_GS_BASE 0x620U
#define VMCB_SYSENTER_CS 0x628U
#define VMCB_SYSENTER_ESP 0x630U
#define VMCB_SYSENTER_EIP 0x638U
#define VMCB_CR2 0x640U
#define VMCB_G_PAT 0x668U

/* A segment register in the VMCB: selector, attributes, limit, base. */
#define VMCB_SEG_SEL 0U
#define VMCB_SEG_ATTR 2U
#define VMCB_SEG_LIMIT 4U
#define VMCB_SEG_BASE 8U

/* Intercept bits (MISC1 at 0x00C). */
#define INTERCEPT_INTR (1U << 0)
#define INTERCEPT_NMI (1U << 1)
#define INTERCEPT_INIT (1U << 3)
#define INTERCEPT_VINTR (1U << 4)
#define INTERCEPT_CPUID ((uint32_t)1U << 18)
#define INTERCEPT_INVD ((uint32_t)1U << 22)
#define INTERCEPT_HLT ((uint32_t)1U << 24)
#define INTERCEPT_IOIO ((uint32_t)1U << 27)
#define INTERCEPT_MSR ((uint32_t)1U << 28)
#define INTERCEPT_TASK_SWITCH ((uint32_t)1U << 29)
#define INTERCEPT_SHUTDOWN ((uint32_t)1U << 31)
/* MISC2 at 0x010. */
#define INTERCEPT_VMRUN (1U << 0)
#define INTERCEPT_VMMCALL (1U << 1)
#define INTERCEPT_VMLOAD (1U << 2)
#define INTERCEPT_VMSAVE (1U << 3)
#define INTERCEPT_STGI (1U << 4)
#define INTERCEPT_CLGI (1U << 5)
#define INTERCEPT_SKINIT (1U << 6)
#define INTERCEPT_MONITOR ((uint32_t)1U << 10)
#define INTERCEPT_MWAIT ((uint32_t)1U << 11)
#define INTERCEPT_XSETBV ((uint32_t)1U << 13)

/* V_INTR (0x060). */
#define VINTR_IRQ (1ULL << 8)
#define VINTR_PRIO_SHIFT 16U
#define VINTR_IGN_TPR (1ULL << 20)
#define VINTR_MASKING (1ULL << 24)
#define VINTR_VECTOR_SHIFT 32U

/* EVENTINJ. */
#define EVENTINJ_VALID (1ULL << 31)
#define EVENTINJ_EV (1ULL << 11)
#define EVENTINJ_TYPE_INTR (0ULL << 8)
#define EVENTINJ_TYPE_NMI (2ULL << 8)
#define EVENTINJ_TYPE_EXC (3ULL << 8)

/* Exit codes. */
#define VMEXIT_EXC_BASE 0x040U
#define VMEXIT_INTR 0x060U
#define VMEXIT_NMI 0x061U
#define VMEXIT_SMI 0x062U
#define VMEXIT_INIT 0x063U
#define VMEXIT_VINTR 0x064U
#define VMEXIT_CPUID 0x072U
#define VMEXIT_INVD 0x076U
#define VMEXIT_HLT 0x078U
#define VMEXIT_IOIO 0x07BU
#define VMEXIT_MSR 0x07CU
#define VMEXIT_TASK_SWITCH 0x07DU
#define VMEXIT_SHUTDOWN 0x07FU
#define VMEXIT_VMRUN 0x080U
#define VMEXIT_VMMCALL 0x081U
#define VMEXIT_VMLOAD 0x082U
#define VMEXIT_VMSAVE 0x083U
#define VMEXIT_STGI 0x084U
#define VMEXIT_CLGI 0x085U
#define VMEXIT_SKINIT 0x086U
#define VMEXIT_MONITOR 0x08AU
#define VMEXIT_MWAIT 0x08BU
#define VMEXIT_XSETBV 0x08DU
#define VMEXIT_NPF 0x400U
#define VMEXIT_INVALID 0xFFFFFFFFFFFFFFFFULL

/* Exceptions the backend injects. */
#define X86_EXC_UD 6U
#define X86_EXC_GP 13U

static inline uint64_t vmcb_get64(const uint8_t *vmcb, unsigned off)
{
	uint64_t v;

	(void)memcpy(&v, vmcb + off, sizeof(v));
	return v;
}

static inline void vmcb_set64(uint8_t *vmcb, unsigned off, uint64_t v)
{
	(void)memcpy(vmcb + off, &v, sizeof(v));
}

static inline uint32_t vmcb_get32(const uint8_t *vmcb, unsigned off)
{
	uint32_t v;

	(void)memcpy(&v, vmcb + off, sizeof(v));
	return v;
}

static inline void vmcb_set32(uint8_t *vmcb, unsigned off, uint32_t v)
{
	(void)memcpy(vmcb + off, &v, sizeof(v));
}

static inline void vmcb_set16(uint8_t *vmcb, unsigned off, uint16_t v)
{
	(void)memcpy(vmcb + off, &v, sizeof(v));
}

static inline uint16_t vmcb_get16(const uint8_t *vmcb, unsigned off)
{
	uint16_t v;

	(void)memcpy(&v, vmcb + off, sizeof(v));
	return v;
}

static inline void vmcb_set_seg(uint8_t *vmcb, unsigned seg, uint16_t sel, uint16_t attr,
                                uint32_t limit, uint64_t base)
{
	vmcb_set16(vmcb, seg + VMCB_SEG_SEL, sel);
	vmcb_set16(vmcb, seg + VMCB_SEG_ATTR, attr);
	vmcb_set32(vmcb, seg + VMCB_SEG_LIMIT, limit);
	vmcb_set64(vmcb, seg + VMCB_SEG_BASE, base);
}

#endif
