/*
 * x86-64 passthrough GSI rules: which pins a domain may own and the
 * physical redirection entry of a routed one.
 *
 * Design: pure functions (host unit tests, tests/unit/hal_x86_64). A GSI is
 * routable when the IOAPIC has that pin and the hypervisor does not keep it
 * (X86_GSI_RESERVED: the PIT and COM1). The entry: vector X86_VEC_GSI_BASE +
 * gsi, fixed delivery, physical destination; ISA GSIs 0-15 edge and active
 * high, PCI GSIs 16-23 level and active low (the PC convention; ACPI
 * interrupt source overrides are not read).
 */
#include <stdbool.h>
#include <stdint.h>

#include "ioapic.h"

#define RTE_LEVEL (1ULL << 15)
#define RTE_ACTIVE_LOW (1ULL << 13)

/* [impl->dsn~x86-ioapic-route~1] */
bool x86_gsi_routable(unsigned gsi, unsigned nr_pins)
{
	return gsi < nr_pins && gsi < X86_IOAPIC_MAX_GSI &&
	       (X86_GSI_RESERVED & ((uint32_t)1U << (gsi & 31U))) == 0U;
}

/* [impl->dsn~x86-ioapic-route~1] */
uint64_t x86_ioapic_entry(unsigned gsi, uint32_t apic_id)
{
	uint64_t e = ((uint64_t)X86_VEC_GSI_BASE + (uint64_t)gsi) |
	             (((uint64_t)apic_id & 0xffULL) << 56);

	if (gsi >= X86_FIRST_PCI_GSI) {
		e |= RTE_LEVEL | RTE_ACTIVE_LOW;
	}
	return e;
}
