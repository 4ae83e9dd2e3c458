/*
 * The facts of the HAL contract that are not mechanisms: the identity map
 * (hal_pa_to_va/hal_va_to_pa over the platform's RAM) and the Xen ABI
 * constants for Arm64.
 *
 * Design: constants from Xen's public/arch-arm.h; EL2 maps RAM 1:1 (mmu.c).
 *
 * Locking: none.
 */
#include <stddef.h>
#include <stdint.h>

#include <hal/as.h>
#include <hal/irq.h>
#include <hal/vcpu.h>
#include <plat_config.h>

/* Xen public/arch-arm.h: XEN_LEGACY_MAX_VCPUS and sizeof(struct vcpu_info). */
#define XEN_ARM_LEGACY_MAX_VCPUS 1U
#define XEN_ARM_VCPU_INFO_SIZE 48U
/* Xen on Arm delivers event-channel upcalls on PPI 31. */
#define XEN_ARM_UPCALL_PPI 31U

void *hal_pa_to_va(uint64_t pa)
{
	if (pa - PLAT_RAM_BASE >= PLAT_RAM_SIZE) {
		return NULL;
	}
	return (void *)(uintptr_t)pa;
}

uint64_t hal_va_to_pa(const void *va)
{
	return (uint64_t)(uintptr_t)va;
}

unsigned hal_xen_legacy_max_vcpus(void)
{
	return XEN_ARM_LEGACY_MAX_VCPUS;
}

unsigned hal_xen_vcpu_info_size(void)
{
	return XEN_ARM_VCPU_INFO_SIZE;
}

unsigned hal_irq_upcall_virq(void)
{
	return XEN_ARM_UPCALL_PPI;
}
