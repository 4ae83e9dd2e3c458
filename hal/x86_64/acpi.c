/*
 * x86-64 ACPI: find the MADT through the RSDP and RSDT/XSDT.
 *
 * Design: the RSDP is searched where ACPI 6 section 5.2.5.1 says: the first
 * KiB of the EBDA (segment at 0x40e) and 0xE0000-0xFFFFF, on 16-byte
 * boundaries (SeaBIOS puts it in the latter). Every structure's checksum is
 * verified before use: the RSDP's first 20 bytes (and its 36-byte extended
 * part from revision 2), the RSDT/XSDT and the MADT. The XSDT is used when
 * the RSDP has one, else the RSDT. Tables are read through the boot identity
 * map, so they must lie below 4 GiB (QEMU puts them at the top of low RAM).
 */
#include <stddef.h>
#include <stdint.h>

#include "arch.h"
#include "x86.h"

#define BDA_EBDA_SEGMENT 0x40EU
#define BIOS_AREA_START 0xE0000U
#define BIOS_AREA_END 0x100000U
#define RSDP_V1_LEN 20U
#define RSDP_V2_LEN 36U
#define SDT_HEADER_LEN 36U
#define SDT_MAX_LEN 0x100000U
#define MAPPED_LIMIT ((uint64_t)X86_MAPPED_GIB << 30)

struct __attribute__((packed)) acpi_rsdp {
	char signature[8];
	uint8_t checksum;
	char oem_id[6];
	uint8_t revision;
	uint32_t rsdt_address;
	uint32_t length;
	uint64_t xsdt_address;
	uint8_t ext_checksum;
	uint8_t reserved[3];
};

struct __attribute__((packed)) acpi_sdt_header {
	char signature[4];
	uint32_t length;
	uint8_t revision;
	uint8_t checksum;
	char oem_id[6];
	char oem_table_id[8];
	uint32_t oem_revision;
	uint32_t creator_id;
	uint32_t creator_revision;
};

static bool sig_eq(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (a[i] != b[i]) {
			return false;
		}
	}
	return true;
}

static const struct acpi_rsdp *rsdp_at(uint64_t pa)
{
	const struct acpi_rsdp *r = phys_to_virt(pa);

	if (!sig_eq(r->signature, "RSD PTR ", 8U) || !x86_acpi_checksum_ok(r, RSDP_V1_LEN)) {
		return NULL;
	}
	if (r->revision >= 2U && !x86_acpi_checksum_ok(r, RSDP_V2_LEN)) {
		return NULL;
	}
	return r;
}

static const struct acpi_rsdp *rsdp_scan(uint64_t start, uint64_t end)
{
	for (uint64_t pa = start; pa + RSDP_V2_LEN <= end; pa += 16U) {
		const struct acpi_rsdp *r = rsdp_at(pa);

		if (r != NULL) {
			return r;
		}
	}
	return NULL;
}

static const struct acpi_rsdp *rsdp_find(void)
{
	uint64_t ebda = (uint64_t)(*(const volatile uint16_t *)phys_to_virt(BDA_EBDA_SEGMENT)) << 4;
	const struct acpi_rsdp *r = NULL;

	if (ebda >= 0x80000U && ebda < 0xA0000U) {
		r = rsdp_scan(ebda, ebda + 1024U);
	}
	return (r != NULL) ? r : rsdp_scan(BIOS_AREA_START, BIOS_AREA_END);
}

/* A checksummed table at pa, or NULL. */
static const struct acpi_sdt_header *sdt_at(uint64_t pa)
{
	const struct acpi_sdt_header *h;

	if (pa == 0U || pa + SDT_HEADER_LEN > MAPPED_LIMIT) {
		return NULL;
	}
	h = phys_to_virt(pa);
	if (h->length < SDT_HEADER_LEN || h->length > SDT_MAX_LEN ||
	    pa + h->length > MAPPED_LIMIT || !x86_acpi_checksum_ok(h, h->length)) {
		return NULL;
	}
	return h;
}

/* The table with signature sig listed in the RSDT (4-byte) or XSDT (8-byte). */
static const struct acpi_sdt_header *sdt_find(const struct acpi_rsdp *rsdp, const char *sig)
{
	bool x = rsdp->revision >= 2U && rsdp->xsdt_address != 0U;
	const struct acpi_sdt_header *root = sdt_at(x ? rsdp->xsdt_address : rsdp->rsdt_address);
	size_t esize = x ? (size_t)8U : (size_t)4U;

	if (root == NULL || !sig_eq(root->signature, x ? "XSDT" : "RSDT", 4U)) {
		return NULL;
	}
	for (size_t off = SDT_HEADER_LEN; off + esize <= root->length; off += esize) {
		const uint8_t *e = (const uint8_t *)root + off;
		uint64_t pa = 0;

		for (size_t b = 0; b < esize; b++) {
			pa |= (uint64_t)e[b] << (8U * b);
		}
		const struct acpi_sdt_header *t = sdt_at(pa);

		if (t != NULL && sig_eq(t->signature, sig, 4U)) {
			return t;
		}
	}
	return NULL;
}

/*
 * [impl->dsn~x86-cpu-discovery~1]
 * @return 0 with out filled from the MADT, -X86_ENOENT when there is no
 *         valid RSDP/root table/MADT, -X86_EINVAL for a malformed MADT.
 */
int x86_acpi_find_cpus(struct x86_madt_cpus *out)
{
	const struct acpi_rsdp *rsdp = rsdp_find();
	const struct acpi_sdt_header *madt;

	out->count = 0;
	if (rsdp == NULL) {
		return -X86_ENOENT;
	}
	madt = sdt_find(rsdp, "APIC");
	if (madt == NULL) {
		return -X86_ENOENT;
	}
	return x86_madt_parse(madt, madt->length, out);
}
