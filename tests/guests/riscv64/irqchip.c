/*
 * The test guests' interrupt-controller driver (irqchip.h): a device-tree
 * scan for the controller's compatible and reg, then the PLIC or the AIA
 * way of enabling, claiming and completing a wired source.
 */
#include "irqchip.h"

#include "guest.h"

#define FDT_MAGIC 0xd00dfeedU
#define FDT_BEGIN_NODE 1U
#define FDT_END_NODE 2U
#define FDT_PROP 3U
#define FDT_NOP 4U

#define PLIC_PRIO(b, s) ((b) + 4UL * (s))
#define PLIC_ENABLE(b, c) ((b) + 0x2000UL + 0x80UL * (c))
#define PLIC_THRESHOLD(b, c) ((b) + 0x200000UL + 0x1000UL * (c))
#define PLIC_CLAIM(b, c) (PLIC_THRESHOLD(b, c) + 4UL)

#define APLIC_DOMAINCFG 0x0000UL
#define APLIC_DOMAINCFG_IE (1U << 8)
#define APLIC_DOMAINCFG_DM (1U << 2)
#define APLIC_SOURCECFG(s) (0x0004UL + 4UL * ((s)-1UL))
#define APLIC_SM_LEVEL_HIGH 6U
#define APLIC_SETIENUM 0x1edcUL
#define APLIC_TARGET(s) (0x3004UL + 4UL * ((s)-1UL))

#define IMSIC_EIDELIVERY 0x70UL
#define IMSIC_EITHRESHOLD 0x72UL
#define IMSIC_EIE0 0xc0UL

static enum irqchip_kind kind;
static unsigned long ic_base, imsic_base;

static uint32_t be32(const uint8_t *b)
{
	return ((uint32_t)b[0] << 24) | ((uint32_t)b[1] << 16) | ((uint32_t)b[2] << 8) | b[3];
}

static bool streq(const char *a, const char *b)
{
	while (*a != '\0' && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

static unsigned slen(const char *s)
{
	unsigned n = 0;

	while (s[n] != '\0') {
		n++;
	}
	return n;
}

/* Does the string list (len bytes) contain want? */
static bool has_string(const char *list, uint32_t len, const char *want)
{
	for (uint32_t i = 0; i < len; i += slen(list + i) + 1U) {
		if (streq(list + i, want)) {
			return true;
		}
	}
	return false;
}

/* The first 2-cell address of the node whose compatible contains want. */
static unsigned long find_reg(const uint8_t *fdt, const char *want)
{
	const uint8_t *p = fdt + be32(fdt + 8);
	const char *strings = (const char *)fdt + be32(fdt + 12);
	bool match = false;

	for (unsigned guard = 0; guard < 100000U; guard++) {
		uint32_t tok = be32(p);

		p += 4;
		if (tok == FDT_BEGIN_NODE) {
			match = false;
			p += (slen((const char *)p) + 4U) & ~3UL;
		} else if (tok == FDT_PROP) {
			uint32_t len = be32(p);
			const char *name = strings + be32(p + 4);
			const uint8_t *val = p + 8;

			if (streq(name, "compatible")) {
				match = has_string((const char *)val, len, want);
			} else if (match && streq(name, "reg") && len >= 8U) {
				return ((unsigned long)be32(val) << 32) | be32(val + 4);
			}
			p += 8U + ((len + 3U) & ~3U);
		} else if (tok != FDT_END_NODE && tok != FDT_NOP) {
			return 0;
		}
	}
	return 0;
}

enum irqchip_kind irqchip_init(const void *dtb)
{
	kind = IRQCHIP_NONE;
	if (dtb == NULL || be32(dtb) != FDT_MAGIC) {
		return kind;
	}
	ic_base = find_reg(dtb, "riscv,aplic");
	imsic_base = find_reg(dtb, "riscv,imsics");
	if (ic_base != 0U && imsic_base != 0U) {
		kind = IRQCHIP_AIA;
	} else {
		ic_base = find_reg(dtb, "riscv,plic0");
		kind = ic_base != 0U ? IRQCHIP_PLIC : IRQCHIP_NONE;
	}
	return kind;
}

unsigned long irqchip_base(void)
{
	return ic_base;
}

unsigned long irqchip_imsic_base(void)
{
	return imsic_base;
}

static void w32(unsigned long a, uint32_t v)
{
	*(volatile uint32_t *)a = v;
}

static uint32_t r32(unsigned long a)
{
	return *(volatile uint32_t *)a;
}

unsigned long imsic_read(unsigned long sel)
{
	unsigned long v;

	__asm__ volatile("csrw siselect, %1\n\tcsrr %0, sireg" : "=r"(v) : "r"(sel) : "memory");
	return v;
}

void imsic_write(unsigned long sel, unsigned long val)
{
	__asm__ volatile("csrw siselect, %0\n\tcsrw sireg, %1" : : "r"(sel), "r"(val) : "memory");
}

void irqchip_enable_source(unsigned src)
{
	if (kind == IRQCHIP_PLIC) {
		w32(PLIC_PRIO(ic_base, src), 1U);
		w32(PLIC_ENABLE(ic_base, 0UL) + 4UL * (src / 32U),
		    r32(PLIC_ENABLE(ic_base, 0UL) + 4UL * (src / 32U)) | (1U << (src % 32U)));
		w32(PLIC_THRESHOLD(ic_base, 0UL), 0U);
	} else if (kind == IRQCHIP_AIA) {
		unsigned long eie = IMSIC_EIE0 + 2UL * (src / 64U);

		imsic_write(IMSIC_EIDELIVERY, 1UL);
		imsic_write(IMSIC_EITHRESHOLD, 0UL);
		imsic_write(eie, imsic_read(eie) | (1UL << (src % 64U)));
		w32(ic_base + APLIC_SOURCECFG(src), APLIC_SM_LEVEL_HIGH);
		w32(ic_base + APLIC_TARGET(src), src); /* hart 0, identity = source */
		w32(ic_base + APLIC_SETIENUM, src);
		w32(ic_base + APLIC_DOMAINCFG, APLIC_DOMAINCFG_IE | APLIC_DOMAINCFG_DM);
	} else {
		/* no controller: nothing to do */
	}
}

unsigned irqchip_claim(void)
{
	unsigned long top;

	if (kind == IRQCHIP_PLIC) {
		return r32(PLIC_CLAIM(ic_base, 0UL));
	}
	if (kind == IRQCHIP_AIA) {
		__asm__ volatile("csrrw %0, stopei, zero" : "=r"(top) : : "memory");
		return (unsigned)(top >> 16) & 0x7ffU;
	}
	return 0;
}

void irqchip_complete(unsigned src)
{
	if (kind == IRQCHIP_PLIC) {
		w32(PLIC_CLAIM(ic_base, 0UL), src);
	}
	/* AIA: the claim (stopei) cleared the identity's pending bit; nothing else */
}
