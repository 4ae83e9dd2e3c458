/*
 * x86-64 ACPI MADT parsing: the enabled local APICs (host-testable: works
 * on a buffer, no hardware access).
 *
 * Design: the MADT ("APIC") is a 36-byte SDT header, the local APIC address
 * and flags (8 bytes), then variable-length entries (type, length, ...).
 * Type 0 (Processor Local APIC) and type 9 (Processor Local x2APIC) entries
 * with the Enabled flag count as present pCPUs; Online-Capable-only entries
 * are hot-plug slots and are skipped, as are x2APIC ids above 254 (xAPIC
 * mode cannot address them) and duplicates. A zero-length or overrunning
 * entry makes the whole table invalid.
 */
#include <stddef.h>
#include <stdint.h>

#include "arch.h"

#define SDT_HEADER_LEN 36U
#define MADT_ENTRIES_OFFSET 44U
#define MADT_TYPE_LAPIC 0U
#define MADT_TYPE_X2APIC 9U
#define MADT_LAPIC_LEN 8U
#define MADT_X2APIC_LEN 16U
#define MADT_ENABLED 0x1U
#define XAPIC_MAX_ID 254U

bool x86_acpi_checksum_ok(const void *p, size_t len)
{
	const uint8_t *b = p;
	uint8_t sum = 0;

	for (size_t i = 0; i < len; i++) {
		sum = (uint8_t)(sum + b[i]);
	}
	return sum == 0U;
}

static uint32_t madt_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) |
	       ((uint32_t)p[3] << 24);
}

static void add_cpu(struct x86_madt_cpus *out, uint32_t apic_id)
{
	for (unsigned i = 0; i < out->count; i++) {
		if (out->apic_id[i] == apic_id) {
			return;
		}
	}
	if (out->count < X86_MAX_APIC_IDS) {
		out->apic_id[out->count++] = apic_id;
	}
}

/* Adds the pCPU an entry describes, if any. */
static int parse_entry(const uint8_t *e, struct x86_madt_cpus *out)
{
	if (e[0] == MADT_TYPE_LAPIC) {
		if (e[1] < MADT_LAPIC_LEN) {
			return -X86_EINVAL;
		}
		if ((madt_le32(e + 4) & MADT_ENABLED) != 0U) {
			add_cpu(out, e[3]);
		}
	} else if (e[0] == MADT_TYPE_X2APIC) {
		if (e[1] < MADT_X2APIC_LEN) {
			return -X86_EINVAL;
		}
		if ((madt_le32(e + 8) & MADT_ENABLED) != 0U && madt_le32(e + 4) <= XAPIC_MAX_ID) {
			add_cpu(out, madt_le32(e + 4));
		}
	} else {
		/* other entry types do not describe a CPU */
	}
	return 0;
}

/*
 * [impl->dsn~x86-cpu-discovery~1]
 * @pre madt points to len readable bytes.
 * @post on 0, out lists each enabled local APIC id once, in table order.
 * @return 0, or -X86_EINVAL for a bad signature, length, checksum or entry.
 */
int x86_madt_parse(const void *madt, size_t len, struct x86_madt_cpus *out)
{
	const uint8_t *t = madt;
	size_t off = MADT_ENTRIES_OFFSET;

	out->count = 0;
	if (len < MADT_ENTRIES_OFFSET || t[0] != 0x41U /* A */ || t[1] != 0x50U /* P */ ||
	    t[2] != 0x49U /* I */ || t[3] != 0x43U /* C */ || madt_le32(t + 4) != len ||
	    !x86_acpi_checksum_ok(t, len)) {
		return -X86_EINVAL;
	}
	while (off + 2U <= len) {
		const uint8_t *e = t + off;

		if (e[1] < 2U || off + e[1] > len || parse_entry(e, out) != 0) {
			out->count = 0;
			return -X86_EINVAL;
		}
		off += e[1];
	}
	return 0;
}
