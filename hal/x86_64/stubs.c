/*
 * The parts of the HAL contract hal/x86_64 answers with facts or has not
 * implemented yet, and the interrupt hooks.
 *
 * Design: the identity map (hal_pa_to_va/hal_va_to_pa over the RAM the
 * boot pCPU reported, as far as the boot page tables map it), the Xen
 * x86-64 shared_info constants, and virtual interrupts into the vIOAPIC
 * (pins, linked to a passthrough GSI when pirq >= 0) or the vLAPIC
 * (vectors). Physical routing is in ioapic.c.
 * Locking: none.
 */
#include <stddef.h>
#include <stdint.h>

#include <hal/as.h>
#include <hal/errno.h>
#include <hal/irq.h>
#include <hal/vcpu.h>

#include "arch.h"
#include "npt.h"
#include "vioapic.h"
#include "vlapic.h"

/* Xen public/arch-x86/xen.h: XEN_LEGACY_MAX_VCPUS, sizeof(struct vcpu_info). */
#define XEN_X86_LEGACY_MAX_VCPUS 32U
#define XEN_X86_VCPU_INFO_SIZE 64U

/* The boot page tables map the low 4 GiB 1:1; RAM above is not mapped yet. */
void *hal_pa_to_va(uint64_t pa)
{
	if (!x86_ram_contains(pa) || pa >= ((uint64_t)X86_MAPPED_GIB << 30)) {
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
	return XEN_X86_LEGACY_MAX_VCPUS;
}

unsigned hal_xen_vcpu_info_size(void)
{
	return XEN_X86_VCPU_INFO_SIZE;
}

_Static_assert(X86_VIOAPIC_PINS >= 16U, "reserved vectors 0-15 must be vIOAPIC pins");

/* [impl->dsn~x86-vlapic~1] */
int hal_irq_inject(struct vcpu_arch *v, unsigned virq, int pirq)
{
	if (virq < X86_VIOAPIC_PINS) {
		return v->as != NULL ? x86_vioapic_raise(v->as, virq, pirq) : -HAL_EINVAL;
	}
	/* Vectors 0-15 (reserved) are below X86_VIOAPIC_PINS: pins, handled above. */
	if (virq > 255U) {
		return -HAL_EINVAL;
	}
	x86_vlapic_set_irr(v, virq);
	if (v->last_cpu != ~0U) {
		hal_cpu_kick(v->last_cpu);
	}
	return 0;
}

unsigned hal_irq_upcall_virq(void)
{
	return X86_UPCALL_VECTOR;
}

void x86_npt_flush_remote(const struct as_arch *as)
{
	(void)as;
	for (unsigned cpu = 0; cpu < HAL_MAX_CPUS; cpu++) {
		hal_cpu_kick(cpu); /* a guest there exits and flushes before re-entry */
	}
}

void hal_as_activate(struct as_arch *as)
{
	(void)as; /* nCR3 and the ASID are per-VMCB; flushing is in hal_vcpu_run */
}
