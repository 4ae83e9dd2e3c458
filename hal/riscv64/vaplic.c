/*
 * Virtual APLIC: the wired-interrupt controller each domain sees at
 * RV_VAPLIC_BASE on AIA boards, emulated in the backend. An S-level APLIC
 * domain in MSI delivery mode (AIA 1.0, chapter 4), riscv,num-sources = 95,
 * no child domains, sending MSIs into the domain's vCPUs' guest interrupt
 * files (intc_aia.c).
 *
 * Design: per source a sourcecfg (SM: 0 inactive, 1 detached, 4/5 edge,
 * 6/7 level; D and reserved modes read back 0), a target (hart index =
 * the vCPU, guest index 0, EIID 1..PLAT_IMSIC_IDS), a pending and an
 * enable bit. A source is sent when the domain is enabled (domaincfg.IE),
 * the source active, pending and enabled: the MSI goes to the target
 * vCPU's file and the pending bit is cleared (as the AIA specification's
 * MSI mode does). A target that has no file yet, or an invalid target,
 * keeps the source pending. Sources raised by the hypervisor (the virtual
 * ns16550, passthrough devices) become pending unless inactive or
 * detached. A source linked to a physical interrupt (passthrough) is
 * re-triggered on the host APLIC when the guest writes its setip /
 * setipnum (the MSI-mode re-trigger of a level source), instead of being
 * set pending here. Registers: domaincfg, sourcecfg, setip/setipnum,
 * in_clrip/clripnum, setie/setienum, clrie/clrienum, setipnum_le/be,
 * genmsi (sent at once, never busy), target; the M-level MSI address
 * registers and everything else read 0 and ignore writes. 32-bit aligned
 * accesses only.
 *
 * Locking: p->lock around every access (sources are raised from any pCPU).
 */
#include <lib/string.h>

#include "aia.h"

#define DOMAINCFG 0x0000U
#define DOMAINCFG_IE 0x100U
#define DOMAINCFG_DM 0x4U
#define DOMAINCFG_READ_ONE 0x80000000U
#define SOURCECFG 0x0004U
#define SOURCECFG_LIMIT (SOURCECFG + 4U * (RV_VAPLIC_SOURCES - 1U)) /* exclusive */
#define SETIP 0x1c00U
#define SETIPNUM 0x1cdcU
#define IN_CLRIP 0x1d00U
#define CLRIPNUM 0x1ddcU
#define SETIE 0x1e00U
#define SETIENUM 0x1edcU
#define CLRIE 0x1f00U
#define CLRIENUM 0x1fdcU
#define SETIPNUM_LE 0x2000U
#define SETIPNUM_BE 0x2004U
#define GENMSI 0x3000U
#define TARGET 0x3004U
#define TARGET_LIMIT (TARGET + 4U * (RV_VAPLIC_SOURCES - 1U)) /* exclusive */
#define SOURCECFG_D 0x400U
#define SM_MASK 7U
#define SM_INACTIVE 0U
#define SM_DETACHED 1U
#define SM_EDGE_FIRST 4U
#define TARGET_HART_SHIFT 18U
#define TARGET_EIID_MASK 0x7ffU
#define TARGET_MASK (0xfffc0000U | TARGET_EIID_MASK)

void rv_vaplic_reset(struct rv_vaplic *p)
{
	(void)memset(p, 0, sizeof(*p));
}

static bool valid_src(uint64_t src)
{
	return src != 0U && src < RV_VAPLIC_SOURCES;
}

static uint32_t vaplic_bit(unsigned src)
{
	return (uint32_t)1U << (src % 32U);
}

static bool active(const struct rv_vaplic *p, unsigned src)
{
	return p->sourcecfg[src] != SM_INACTIVE;
}

/* Send src if it can go now. @pre lock held. */
static void try_send(struct as_arch *as, unsigned src)
{
	struct rv_vaplic *p = &as->vaplic;
	uint32_t b = vaplic_bit(src);

	if ((p->domaincfg & DOMAINCFG_IE) == 0U || !active(p, src) ||
	    (p->pending[src / 32U] & b) == 0U || (p->enabled[src / 32U] & b) == 0U) {
		return;
	}
	uint32_t t = p->target[src];

	if (rv_aia_deliver(as, t >> TARGET_HART_SHIFT, t & TARGET_EIID_MASK)) {
		p->pending[src / 32U] &= ~b;
	}
}

static void send_all(struct as_arch *as)
{
	for (unsigned src = 1; src < RV_VAPLIC_SOURCES; src++) {
		try_send(as, src);
	}
}

void rv_vaplic_rescan(struct as_arch *as)
{
	spin_lock(&as->vaplic.lock);
	send_all(as);
	spin_unlock(&as->vaplic.lock);
}

/* [impl->dsn~riscv64-vaplic~1] */
bool rv_vaplic_raise(struct as_arch *as, unsigned src, int pirq)
{
	struct rv_vaplic *p = &as->vaplic;

	if (!valid_src(src) || pirq >= 0x10000 ||
	    (pirq > 0 && p->link_pirq[src] != 0U && p->link_pirq[src] != (unsigned)pirq)) {
		return false;
	}
	spin_lock(&p->lock);
	if (pirq > 0) {
		p->link_pirq[src] = (uint16_t)pirq;
	}
	if (active(p, src) && p->sourcecfg[src] != SM_DETACHED) {
		p->pending[src / 32U] |= vaplic_bit(src);
		try_send(as, src);
	}
	spin_unlock(&p->lock);
	return true;
}

/* Set (or, with set false, clear) the pending bit of src from the guest. */
static void guest_pending(struct as_arch *as, uint64_t src, bool set)
{
	struct rv_vaplic *p = &as->vaplic;

	if (!valid_src(src) || !active(p, (unsigned)src)) {
		return;
	}
	if (set && p->link_pirq[src] != 0U) {
		rv_aplic_retrigger(p->link_pirq[src]);
		return;
	}
	if (set) {
		p->pending[src / 32U] |= vaplic_bit((unsigned)src);
		try_send(as, (unsigned)src);
	} else {
		p->pending[src / 32U] &= ~vaplic_bit((unsigned)src);
	}
}

static void guest_enable(struct as_arch *as, uint64_t src, bool set)
{
	struct rv_vaplic *p = &as->vaplic;

	if (!valid_src(src) || !active(p, (unsigned)src)) {
		return;
	}
	if (set) {
		p->enabled[src / 32U] |= vaplic_bit((unsigned)src);
		try_send(as, (unsigned)src);
	} else {
		p->enabled[src / 32U] &= ~vaplic_bit((unsigned)src);
	}
}

/* A 32-bit word of set/clear bits (setip, in_clrip, setie, clrie). */
static void bits_write(struct as_arch *as, uint64_t word, uint32_t val, bool pend, bool set)
{
	for (unsigned b = 0; b < 32U; b++) {
		if (((val >> b) & 1U) != 0U) {
			uint64_t src = 32U * word + b;

			if (pend) {
				guest_pending(as, src, set);
			} else {
				guest_enable(as, src, set);
			}
		}
	}
}

static void sourcecfg_write(struct as_arch *as, unsigned src, uint32_t val)
{
	struct rv_vaplic *p = &as->vaplic;
	uint32_t sm = val & SM_MASK;

	/* D (delegation) is 0: no child domains; modes 2 and 3 are reserved. */
	if ((val & SOURCECFG_D) != 0U || sm == 2U || sm == 3U) {
		sm = SM_INACTIVE;
	}
	p->sourcecfg[src] = sm;
	if (sm == SM_INACTIVE) {
		p->pending[src / 32U] &= ~vaplic_bit(src);
		p->enabled[src / 32U] &= ~vaplic_bit(src);
		p->target[src] = 0;
	}
}

static void target_write(struct as_arch *as, unsigned src, uint32_t val)
{
	struct rv_vaplic *p = &as->vaplic;

	if (active(p, src)) {
		p->target[src] = val & TARGET_MASK; /* guest index: 0 */
		try_send(as, src);
	}
}

static uint32_t swap32(uint32_t v)
{
	return (v >> 24) | ((v >> 8) & 0xff00U) | ((v << 8) & 0xff0000U) | (v << 24);
}

static void genmsi_write(struct as_arch *as, uint32_t val)
{
	(void)rv_aia_deliver(as, val >> TARGET_HART_SHIFT, val & TARGET_EIID_MASK);
}

static void vaplic_reg_write(struct as_arch *as, uint32_t off, uint32_t val)
{
	struct rv_vaplic *p = &as->vaplic;

	if (off == DOMAINCFG) {
		p->domaincfg = val & DOMAINCFG_IE;
		send_all(as);
	} else if (off >= SOURCECFG && off < SOURCECFG_LIMIT) {
		sourcecfg_write(as, (off - SOURCECFG) / 4U + 1U, val);
	} else if (off >= SETIP && off < SETIP + 4U * RV_VAPLIC_WORDS) {
		bits_write(as, (off - SETIP) / 4U, val, true, true);
	} else if (off == SETIPNUM || off == SETIPNUM_LE) {
		guest_pending(as, val, true);
	} else if (off == SETIPNUM_BE) {
		guest_pending(as, swap32(val), true);
	} else if (off >= IN_CLRIP && off < IN_CLRIP + 4U * RV_VAPLIC_WORDS) {
		bits_write(as, (off - IN_CLRIP) / 4U, val, true, false);
	} else if (off == CLRIPNUM) {
		guest_pending(as, val, false);
	} else if (off >= SETIE && off < SETIE + 4U * RV_VAPLIC_WORDS) {
		bits_write(as, (off - SETIE) / 4U, val, false, true);
	} else if (off == SETIENUM) {
		guest_enable(as, val, true);
	} else if (off >= CLRIE && off < CLRIE + 4U * RV_VAPLIC_WORDS) {
		bits_write(as, (off - CLRIE) / 4U, val, false, false);
	} else if (off == CLRIENUM) {
		guest_enable(as, val, false);
	} else if (off == GENMSI) {
		genmsi_write(as, val);
	} else if (off >= TARGET && off < TARGET_LIMIT) {
		target_write(as, (off - TARGET) / 4U + 1U, val);
	} else {
		/* read-only or reserved: ignored */
	}
}

static uint32_t vaplic_reg_read(const struct rv_vaplic *p, uint32_t off)
{
	if (off == DOMAINCFG) {
		return DOMAINCFG_READ_ONE | DOMAINCFG_DM | p->domaincfg;
	}
	if (off >= SOURCECFG && off < SOURCECFG_LIMIT) {
		return p->sourcecfg[(off - SOURCECFG) / 4U + 1U];
	}
	if (off >= SETIP && off < SETIP + 4U * RV_VAPLIC_WORDS) {
		return p->pending[(off - SETIP) / 4U];
	}
	if (off >= SETIE && off < SETIE + 4U * RV_VAPLIC_WORDS) {
		return p->enabled[(off - SETIE) / 4U];
	}
	if (off >= TARGET && off < TARGET_LIMIT) {
		return p->target[(off - TARGET) / 4U + 1U];
	}
	return 0U; /* in_clrip (inputs not modelled), write-only and reserved registers */
}

/* [impl->dsn~riscv64-vaplic~1] */
void rv_vaplic_access(struct as_arch *as, const struct vm_exit *e, uint64_t *value)
{
	uint64_t off = e->access.addr - RV_VAPLIC_BASE;

	*value = 0;
	if (e->access.size != 4U || (off & 3U) != 0U || off >= RV_VAPLIC_SIZE) {
		return;
	}
	spin_lock(&as->vaplic.lock);
	if (e->access.write) {
		vaplic_reg_write(as, (uint32_t)off, (uint32_t)e->access.value);
	} else {
		*value = vaplic_reg_read(&as->vaplic, (uint32_t)off);
	}
	spin_unlock(&as->vaplic.lock);
}
