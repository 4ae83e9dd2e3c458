/*
 * x86-64 guest CPUID policy (documented in docs/x86_64.md).
 *
 * Design: leaves up to 0xd and 0x80000000-0x80000008 pass the host's
 * values through with features the backend does not virtualise cleared:
 * leaf 1 ECX loses VMX, MONITOR, x2APIC, XSAVE/OSXSAVE, AVX, PCID and
 * gains the hypervisor bit, EBX[31:24] is the vCPU id (its APIC id);
 * leaf 1 EDX keeps the APIC bit (the vLAPIC); leaf 7 drops everything but
 * FSGSBASE, BMI1/2, ERMS; 0x80000001 ECX loses SVM. Leaf 0x8000000A
 * (SVM) and every other leaf read as zero. 0x40000000-0x40000002 are the
 * Xen hypervisor leaves ("XenVMMXenVMM", version, hypercall page MSR
 * 0x40000000), so Xen-aware guests recognise the platform; 0x40000100
 * repeats them (Xen's alternate base). Leaf 0x40420000 ("@B") is Bulkhead's
 * own: EAX/EBX = the number of exits this vCPU has taken (tests).
 */
#include <stdint.h>

#include "exit.h"
#include "vlapic.h"
#include "x86.h"

#define L1_ECX_MONITOR (1U << 3)
#define L1_ECX_VMX (1U << 5)
#define L1_ECX_PCID ((uint32_t)1U << 17)
#define L1_ECX_X2APIC ((uint32_t)1U << 21)
#define L1_ECX_TSC_DEADLINE ((uint32_t)1U << 24)
#define L1_ECX_XSAVE ((uint32_t)1U << 26)
#define L1_ECX_OSXSAVE ((uint32_t)1U << 27)
#define L1_ECX_AVX ((uint32_t)1U << 28)
#define L1_ECX_HYPERVISOR ((uint32_t)1U << 31)
#define L7_EBX_KEEP ((1U << 0) | (1U << 3) | ((uint32_t)1U << 8) | ((uint32_t)1U << 9))
#define EXT1_ECX_SVM (1U << 2)
#define XEN_LEAF_BASE 0x40000000U
#define XEN_LEAF_ALT 0x40000100U
#define XEN_VERSION_MAJOR 4U
#define XEN_VERSION_MINOR 19U
#define XEN_MSR_HYPERCALL_PAGE 0x40000000U
#define BH_LEAF_EXITS 0x40420000U

static void cpuid_sub(uint32_t leaf, uint32_t sub, uint32_t out[4])
{
	__asm__ volatile("cpuid"
	                 : "=a"(out[0]), "=b"(out[1]), "=c"(out[2]), "=d"(out[3])
	                 : "a"(leaf), "c"(sub));
}

static void xen_leaves(uint32_t leaf, uint32_t out[4])
{
	switch (leaf & 0xffU) {
	case 0:
		out[0] = (leaf & ~0xffU) + 2U;
		out[1] = 0x566e6558U; /* "XenV" */
		out[2] = 0x65584d4dU; /* "MMXe" */
		out[3] = 0x4d4d566eU; /* "nVMM" */
		break;
	case 1:
		out[0] = ((uint32_t)XEN_VERSION_MAJOR << 16) | XEN_VERSION_MINOR;
		break;
	case 2:
		out[0] = 1U; /* hypercall pages */
		out[1] = XEN_MSR_HYPERCALL_PAGE;
		break;
	default:
		break;
	}
}

static void basic_leaves(const struct vcpu_arch *v, uint32_t leaf, uint32_t out[4])
{
	if (leaf == 1U) {
		out[1] = (out[1] & 0x00ffffffU) | (v->id << 24);
		out[2] &= ~(L1_ECX_MONITOR | L1_ECX_VMX | L1_ECX_PCID | L1_ECX_X2APIC |
		            L1_ECX_XSAVE | L1_ECX_OSXSAVE | L1_ECX_AVX);
		out[2] |= L1_ECX_HYPERVISOR |
		          (x86_vlapic_tsc_deadline_ok() ? L1_ECX_TSC_DEADLINE : 0U);
	} else if (leaf == 7U) {
		out[1] &= L7_EBX_KEEP;
		out[0] = 0U;
		out[2] = 0U;
		out[3] = 0U;
	} else if (leaf == 0x80000001U) {
		out[2] &= ~EXT1_ECX_SVM;
	} else if (leaf == 0x8000000AU || leaf == 0xdU) {
		out[0] = 0U;
		out[1] = 0U;
		out[2] = 0U;
		out[3] = 0U;
	} else {
		/* every other leaf is passed through as the host reports it */
	}
}

/* [impl->dsn~x86-cpuid-policy~1] */
void x86_cpuid_policy(const struct vcpu_arch *v, uint32_t leaf, uint32_t subleaf, uint32_t out[4])
{
	uint32_t max_basic = cpuid(0).eax;
	uint32_t max_ext = cpuid(0x80000000U).eax;

	out[0] = 0U;
	out[1] = 0U;
	out[2] = 0U;
	out[3] = 0U;
	if (leaf == BH_LEAF_EXITS) { /* Bulkhead test leaf: this vCPU's exits */
		out[0] = (uint32_t)v->exit_count;
		out[1] = (uint32_t)(v->exit_count >> 32);
		return;
	}
	if ((leaf & ~0xffU) == XEN_LEAF_BASE || (leaf & ~0xffU) == XEN_LEAF_ALT) {
		xen_leaves(leaf, out);
		return;
	}
	max_basic = max_basic > 0xdU ? 0xdU : max_basic;
	max_ext = max_ext > 0x80000008U ? 0x80000008U : max_ext;
	if (leaf <= max_basic || (leaf >= 0x80000000U && leaf <= max_ext)) {
		cpuid_sub(leaf, subleaf, out);
		if (leaf == 0U) {
			out[0] = max_basic;
		} else if (leaf == 0x80000000U) {
			out[0] = max_ext;
		} else {
			/* other leaves keep the host's EAX */
		}
		basic_leaves(v, leaf, out);
	}
}
