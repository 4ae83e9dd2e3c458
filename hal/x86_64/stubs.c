/*
 * The parts of the HAL contract hal/x86_64 does not implement yet: nested
 * page tables, SVM vCPUs, interrupt routing and injection, the deadline
 * timer.
 *
 * Design: every missing hook fails loudly (panic naming the function)
 * rather than pretending to work; the file shrinks as the port fills in.
 * The answers that are facts, not mechanisms, are real: the identity map
 * (hal_pa_to_va/hal_va_to_pa over the RAM the boot pCPU reported, as far as
 * the boot page tables map it) and the Xen x86-64 shared_info constants.
 * Locking: none.
 */
#include <stddef.h>
#include <stdint.h>

#include <hal/as.h>
#include <hal/irq.h>
#include <hal/timer.h>
#include <hal/vcpu.h>
#include <lib/print.h>

#include "arch.h"

/* Xen public/arch-x86/xen.h: XEN_LEGACY_MAX_VCPUS, sizeof(struct vcpu_info). */
#define XEN_X86_LEGACY_MAX_VCPUS 32U
#define XEN_X86_VCPU_INFO_SIZE 64U

#define MISSING() panic("x86_64: %s is not implemented yet\n", __func__)

size_t hal_as_pool_size(uint64_t pages)
{
	(void)pages;
	MISSING();
}

int hal_as_create(struct as_arch *as, unsigned vmid, void *pool, size_t pool_size)
{
	(void)as;
	(void)vmid;
	(void)pool;
	(void)pool_size;
	MISSING();
}

int hal_as_map(struct as_arch *as, uint64_t gpa, uint64_t pa, uint64_t size, unsigned perm,
               enum hal_mem_type type)
{
	(void)as;
	(void)gpa;
	(void)pa;
	(void)size;
	(void)perm;
	(void)type;
	MISSING();
}

int hal_as_unmap(struct as_arch *as, uint64_t gpa, uint64_t size)
{
	(void)as;
	(void)gpa;
	(void)size;
	MISSING();
}

int hal_as_translate(const struct as_arch *as, uint64_t gpa, struct hal_as_page *out)
{
	(void)as;
	(void)gpa;
	(void)out;
	MISSING();
}

void hal_as_activate(struct as_arch *as)
{
	(void)as;
	MISSING();
}

void hal_as_flush(struct as_arch *as)
{
	(void)as;
	MISSING();
}

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
	return XEN_X86_LEGACY_MAX_VCPUS;
}

unsigned hal_xen_vcpu_info_size(void)
{
	return XEN_X86_VCPU_INFO_SIZE;
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

/* The guest picks its callback vector (HVM_PARAM_CALLBACK_IRQ): not a constant. */
unsigned hal_irq_upcall_virq(void)
{
	MISSING();
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
