/*
 * x86-64 virtual IOAPIC (vioapic.c).
 */
#ifndef X86_VIOAPIC_H
#define X86_VIOAPIC_H

#include <stdbool.h>
#include <stdint.h>

#include <hal/arch_types.h>
#include <hal/exit.h>

#define X86_VIOAPIC_BASE 0xfec00000ULL

bool x86_vioapic_is_mmio(uint64_t gpa);
/* Every entry masked (address space creation). */
void x86_vioapic_reset(struct as_arch *as);
/* Emulate a decoded access to the IOAPIC page (completes it). */
struct vm_exit x86_vioapic_mmio(struct vcpu_arch *v, const struct vm_exit *access);
/* Raise pin (< X86_VIOAPIC_PINS), linked to passthrough GSI pirq if >= 0. */
int x86_vioapic_raise(struct as_arch *as, unsigned pin, int pirq);
/* The guest EOIed level-triggered vector (vLAPIC TMR bit was set). */
void x86_vioapic_eoi(struct as_arch *as, unsigned vector);

#endif
