/*
 * Guest device tree on RISC-V AIA boards (board "bulkhead,interrupt-
 * controller" = "aplic"): the nodes that replace the PLIC.
 *
 * Design: each vCPU has one IMSIC S-level interrupt file, vCPU n's at
 * RV_GUEST_IMSIC_BASE + n * 4 KiB (riscv,imsics, 255 identities, wired to
 * the S-mode external interrupt of each cpu's intc), and the domain has a
 * virtual APLIC at RV_GUEST_APLIC_BASE (riscv,aplic, 95 sources, MSIs to
 * the IMSIC: msi-parent). The APLIC takes the interrupt-parent phandle of
 * the PLIC it replaces, so device nodes keep pointing at it; its
 * specifiers are two cells (source, sense). The addresses must agree with
 * hal/riscv64/aia.h (RV_VAPLIC_BASE, RV_VIMSIC_BASE), the identity count
 * with PLAT_IMSIC_IDS of the AIA platform.
 */
#include <libfdt.h>

#include "bhimg.h"
#include "gen_dtb_aia.h"

#define RV_GUEST_APLIC_BASE 0x0d000000ULL
#define RV_GUEST_APLIC_SIZE 0x8000ULL
#define RV_GUEST_IMSIC_BASE 0x28000000ULL
#define RV_GUEST_IMSIC_PAGE 0x1000ULL
#define RV_GUEST_IMSIC_IDS 255U
#define RV_GUEST_APLIC_SOURCES 95U
#define IRQ_S_EXT 9U

static int reg64(void *fdt, uint64_t base, uint64_t size)
{
	fdt64_t r[2] = {cpu_to_fdt64(base), cpu_to_fdt64(size)};

	return fdt_property(fdt, "reg", r, (int)sizeof(r));
}

static int imsic_node(void *fdt, unsigned nr_vcpus, uint32_t ph, uint32_t ph_cpu_intc)
{
	fdt32_t ext[2 * MANIFEST_MAX_VCPUS];

	if (nr_vcpus > MANIFEST_MAX_VCPUS)
		return -FDT_ERR_BADVALUE;
	int rc = fdt_begin_node(fdt, "imsics@28000000");

	for (size_t c = 0; c < nr_vcpus; c++) {
		ext[2 * c] = cpu_to_fdt32(ph_cpu_intc + (uint32_t)c);
		ext[2 * c + 1] = cpu_to_fdt32(IRQ_S_EXT);
	}
	rc = rc < 0 ? rc : fdt_property_string(fdt, "compatible", "riscv,imsics");
	rc = rc < 0 ? rc
	            : reg64(fdt, RV_GUEST_IMSIC_BASE, RV_GUEST_IMSIC_PAGE * (uint64_t)nr_vcpus);
	rc = rc < 0 ? rc : fdt_property(fdt, "interrupt-controller", NULL, 0);
	rc = rc < 0 ? rc : fdt_property_u32(fdt, "#interrupt-cells", 0);
	rc = rc < 0 ? rc : fdt_property_u32(fdt, "#address-cells", 0);
	rc = rc < 0 ? rc : fdt_property(fdt, "msi-controller", NULL, 0);
	rc = rc < 0 ? rc : fdt_property_u32(fdt, "riscv,num-ids", RV_GUEST_IMSIC_IDS);
	rc = rc < 0 ? rc
	            : fdt_property(fdt, "interrupts-extended", ext,
	                           (int)(2 * (size_t)nr_vcpus * sizeof(fdt32_t)));
	rc = rc < 0 ? rc : fdt_property_u32(fdt, "phandle", ph);
	return rc < 0 ? rc : fdt_end_node(fdt);
}

static int aplic_node(void *fdt, uint32_t ph, uint32_t ph_imsic)
{
	int rc = fdt_begin_node(fdt, "aplic@d000000");

	rc = rc < 0 ? rc : fdt_property_string(fdt, "compatible", "riscv,aplic");
	rc = rc < 0 ? rc : reg64(fdt, RV_GUEST_APLIC_BASE, RV_GUEST_APLIC_SIZE);
	rc = rc < 0 ? rc : fdt_property(fdt, "interrupt-controller", NULL, 0);
	rc = rc < 0 ? rc : fdt_property_u32(fdt, "#interrupt-cells", 2);
	rc = rc < 0 ? rc : fdt_property_u32(fdt, "#address-cells", 0);
	rc = rc < 0 ? rc : fdt_property_u32(fdt, "msi-parent", ph_imsic);
	rc = rc < 0 ? rc : fdt_property_u32(fdt, "riscv,num-sources", RV_GUEST_APLIC_SOURCES);
	rc = rc < 0 ? rc : fdt_property_u32(fdt, "phandle", ph);
	return rc < 0 ? rc : fdt_end_node(fdt);
}

/* [impl->dsn~riscv64-aia-guest-dtb~1] */
int gen_dtb_riscv_aia(void *fdt, unsigned nr_vcpus, uint32_t ph_aplic, uint32_t ph_imsic,
                      uint32_t ph_cpu_intc)
{
	int rc = imsic_node(fdt, nr_vcpus, ph_imsic, ph_cpu_intc);

	return rc < 0 ? rc : aplic_node(fdt, ph_aplic, ph_imsic);
}
