/*
 * The parts of the HAL contract hal/arm64 does not implement yet: guest
 * vCPUs, the GIC and the EL2 deadline timer (stage 2 is s2.c, s2_hw.c).
 *
 * Design: every missing hook fails loudly (panic naming the function) rather
 * than pretending to work, and the file shrinks as the port fills in. The
 * few answers that are facts, not mechanisms, are real: the identity map
 * (hal_pa_to_va/hal_va_to_pa over the platform's RAM) and the Xen ABI
 * constants for Arm64.
 *
 * Locking: none.
 */
#include <stddef.h>
#include <stdint.h>

#include <hal/as.h>
#include <hal/irq.h>
#include <hal/timer.h>
#include <hal/vcpu.h>
#include <lib/print.h>
#include <plat_config.h>

/* Xen public/arch-arm.h: XEN_LEGACY_MAX_VCPUS and sizeof(struct vcpu_info). */
#define XEN_ARM_LEGACY_MAX_VCPUS 1U
#define XEN_ARM_VCPU_INFO_SIZE 48U
/* Xen on Arm delivers event-channel upcalls on PPI 31. */
#define XEN_ARM_UPCALL_PPI 31U

#define MISSING() panic("arm64: %s is not implemented yet\n", __func__)

/* EL2 maps the platform's RAM 1:1 (mmu.c). */
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

int hal_vcpu_init(struct vcpu_arch *v, struct as_arch *as, unsigned vcpu_id, uint64_t entry,
                  const uint64_t *args, unsigned nargs)
{
	(void)v;
	(void)as;
	(void)vcpu_id;
	(void)entry;
	(void)args;
	(void)nargs;
	MISSING();
}

struct vm_exit hal_vcpu_run(struct vcpu_arch *v)
{
	(void)v;
	MISSING();
}

void hal_vcpu_complete(struct vcpu_arch *v, uint64_t value)
{
	(void)v;
	(void)value;
	MISSING();
}

unsigned hal_xen_legacy_max_vcpus(void)
{
	return XEN_ARM_LEGACY_MAX_VCPUS;
}

unsigned hal_xen_vcpu_info_size(void)
{
	return XEN_ARM_VCPU_INFO_SIZE;
}

int hal_irq_route(unsigned irq, unsigned cpu)
{
	(void)irq;
	(void)cpu;
	MISSING();
}

void hal_irq_eoi(unsigned irq)
{
	(void)irq;
	MISSING();
}

int hal_irq_inject(struct vcpu_arch *v, unsigned virq, int pirq)
{
	(void)v;
	(void)virq;
	(void)pirq;
	MISSING();
}

unsigned hal_irq_upcall_virq(void)
{
	return XEN_ARM_UPCALL_PPI;
}

void hal_cpu_kick(unsigned cpu)
{
	(void)cpu;
	MISSING();
}

void hal_timer_set_deadline(uint64_t deadline_ns)
{
	(void)deadline_ns;
	MISSING();
}
