/*
 * x86-64 AMD SVM: check and enable on every pCPU.
 *
 * Design: Bulkhead runs guests with SVM and nested paging only. Each pCPU
 * checks CPUID 0x80000001 ECX.SVM, CPUID 0x8000000A EDX.NP and VM_CR.SVMDIS;
 * if anything is missing it prints why and halts (the boot pCPU before the
 * banner, so nothing runs half-configured). Otherwise it sets EFER.SVME and
 * points VM_HSAVE_PA at its own 4 KiB host save area.
 * Locking: none; each pCPU writes only its own MSRs and save area.
 */
#include <stdbool.h>
#include <stdint.h>

#include <hal/cpu.h>
#include <lib/print.h>

#include "arch.h"
#include "x86.h"

#define CPUID_EXT_MAX 0x80000000U
#define CPUID_EXT_FEATURES 0x80000001U
#define CPUID_SVM 0x8000000AU
#define CPUID_EXT_ECX_SVM (1U << 2)
#define CPUID_SVM_EDX_NP (1U << 0)

#define MSR_VM_CR 0xC0010114U
#define MSR_VM_HSAVE_PA 0xC0010117U
#define VM_CR_SVMDIS (1U << 4)

#define X86_EFER_NXE 0x800U

/* Host save area, one page per pCPU, written by VMRUN/#VMEXIT. */
static uint8_t svm_hsave[HAL_MAX_CPUS][4096] __attribute__((aligned(4096)));
/* The host's VMLOAD state (TR, FS/GS, syscall MSRs), VMSAVEd once per pCPU. */
static uint8_t svm_host_vmcb[HAL_MAX_CPUS][4096] __attribute__((aligned(4096)));

struct x86_svm_caps x86_svm_caps;

uint64_t x86_svm_host_vmcb_pa(unsigned cpu)
{
	return (uint64_t)(uintptr_t)svm_host_vmcb[cpu];
}

static void svm_probe_caps(void)
{
	struct x86_cpuid r = cpuid(CPUID_SVM);

	x86_svm_caps = x86_svm_caps_from_cpuid(r.ebx, r.edx);
}

static bool cpu_has_svm_npt(void)
{
	if (cpuid(CPUID_EXT_MAX).eax < CPUID_SVM) {
		return false;
	}
	if ((cpuid(CPUID_EXT_FEATURES).ecx & CPUID_EXT_ECX_SVM) == 0U) {
		return false;
	}
	return (cpuid(CPUID_SVM).edx & CPUID_SVM_EDX_NP) != 0U;
}

/*
 * [impl->dsn~x86-svm-check~1]
 * @post EFER.SVME = 1 and VM_HSAVE_PA = &svm_hsave[cpu] on this pCPU, or the
 *       pCPU has printed why SVM is unusable and halted.
 */
void x86_svm_init_cpu(unsigned cpu)
{
	if (!cpu_has_svm_npt()) {
		printk("Bulkhead: AMD SVM with nested paging required "
		       "(QEMU: -cpu qemu64,+svm,+npt)\n");
		printk("pCPU %u halted: CPUID reports no SVM or no NP\n", cpu);
		hal_cpu_halt();
	}
	if ((rdmsr(MSR_VM_CR) & VM_CR_SVMDIS) != 0U) {
		printk("Bulkhead: SVM is disabled by firmware (VM_CR.SVMDIS) on pCPU %u\n", cpu);
		hal_cpu_halt();
	}
	/* OSFXSR: FXSAVE/FXRSTOR move guests' SSE state too (vcpu.c). */
	__asm__ volatile("mov %%cr4, %%rax; or $0x600, %%rax; mov %%rax, %%cr4" ::
	                         : "rax", "memory");
	/* NXE: the NX bit of nested page table entries is honoured. */
	wrmsr(X86_MSR_EFER, rdmsr(X86_MSR_EFER) | (uint64_t)X86_EFER_SVME | X86_EFER_NXE);
	wrmsr(MSR_VM_HSAVE_PA, (uint64_t)(uintptr_t)svm_hsave[cpu]);
	if (cpu == 0U) {
		svm_probe_caps();
	}
	x86_svm_save_host(cpu); /* @pre the pCPU's TSS is loaded (boot.c, smp.c) */
}

/* After the pCPU's TSS is loaded: keep its VMLOAD state to restore after guests. */
void x86_svm_save_host(unsigned cpu)
{
	__asm__ volatile("vmsave %0" : : "a"(x86_svm_host_vmcb_pa(cpu)) : "memory");
}

/* One line: revision, ASIDs and the features in CPUID 0x8000000A EDX. */
void x86_svm_report(void)
{
	struct x86_cpuid r = cpuid(CPUID_SVM);
	char features[160];

	(void)x86_svm_format_features(r.edx, features, sizeof(features));
	printk("SVM: revision %u, %u ASIDs, features: %s\n", r.eax & 0xffU, r.ebx, features);
}
