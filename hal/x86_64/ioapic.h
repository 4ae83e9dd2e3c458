/*
 * x86-64 physical IOAPIC (ioapic.c) and its pure rules (gsi.c).
 */
#ifndef X86_IOAPIC_H
#define X86_IOAPIC_H

#include <stdbool.h>
#include <stdint.h>

/* Pins handled (q35's IOAPIC has 24); GSIs 16 and up are PCI (level, low). */
#define X86_IOAPIC_MAX_GSI 24U
#define X86_FIRST_PCI_GSI 16U
/* Host vectors of passthrough GSIs: X86_VEC_GSI_BASE + gsi. */
#define X86_VEC_GSI_BASE 0x30U
/* GSIs the hypervisor keeps: the PIT (ISA IRQ 0, GSI 2 on PCs) and COM1 (IRQ 4). */
#define X86_GSI_RESERVED ((1U << 0) | (1U << 2) | (1U << 4))

/* Whether gsi may be given to a domain on an IOAPIC with nr_pins pins. */
bool x86_gsi_routable(unsigned gsi, unsigned nr_pins);
/* The redirection entry of a routed GSI towards APIC id apic_id (unmasked). */
uint64_t x86_ioapic_entry(unsigned gsi, uint32_t apic_id);

void x86_ioapic_init(void);
void x86_ioapic_arrived(unsigned gsi);
int x86_ioapic_take_pending(void);
void x86_ioapic_unmask_held(unsigned gsi);

#endif
