/*
 * vaplic: the AIA counterpart of vplic.c, on AIA boards: the virtual
 * ns16550 and the virtual APLIC (MSI mode) with this vCPU's guest
 * interrupt file. Prints through the UART's THR, reads back the vAPLIC's
 * registers (domaincfg with DM fixed at 1, a reserved source mode read as
 * inactive, a target's guest index cleared), then makes the UART raise
 * its "THR empty" interrupt (source 10, sent as identity 10): with the
 * file's eithreshold at 10 the identity stays pending in the file and is
 * not taken; with the threshold at 0 it arrives, is claimed through
 * stopei (identity 10, no trap) and acknowledged at the UART (IIR read).
 * Then it sends itself identity 20 by a store to its own IMSIC page
 * (seteipnum_le; emulated by the hypervisor, as MSIs between vCPUs are)
 * and takes it. Last it prints how many times its guest interrupt file moved to another
 * pCPU (vendor SBI function 0x10001): with "spin=<n>" (default 100000) it
 * busy-waits that long with the identity pending under the threshold, so
 * a credit2 scheduler may move it meanwhile and the pending bit and the
 * threshold must move with the file. bootargs: "domid=<n> [spin=<n>]".
 */
#include "guest.h"
#include "irqchip.h"

#define UART 0x10000000UL
#define UART_IER 1U
#define UART_IIR 2U
#define IER_ETBEI 0x02U
#define SRC 10U
#define IRQ_EXT ((1UL << 63) | 9UL)
#define SIE_SEIE (1UL << 9)
#define SSTATUS_SIE (1UL << 1)
#define APLIC_DOMAINCFG 0x0000UL
#define APLIC_SOURCECFG(s) (0x0004UL + 4UL * ((s)-1UL))
#define APLIC_TARGET(s) (0x3004UL + 4UL * ((s)-1UL))
#define IMSIC_EITHRESHOLD 0x72UL
#define IMSIC_EIP0 0x80UL
#define FID_FILE_MOVES 0x10001UL
#define IMSIC_EIE0 0xc0UL
#define SELF_MSI 20U

static volatile unsigned irqs, claimed_src, iir_seen;

void guest_trap(unsigned long scause, unsigned long sepc)
{
	if (scause != IRQ_EXT) {
		gprintf("unexpected guest trap: scause %lx sepc %lx\n", scause, sepc);
		for (;;) {
			__asm__ volatile("wfi");
		}
	}
	unsigned src = irqchip_claim();

	claimed_src = src;
	if (src == SRC) {
		volatile uint8_t *u = (volatile uint8_t *)UART;

		iir_seen = u[UART_IIR];
		u[UART_IER] = 0; /* no more THR-empty interrupts */
	}
	irqs++;
	irqchip_complete(src);
}

static void spin(unsigned long n)
{
	for (volatile unsigned long i = 0; i < n; i++) {
	}
}

static const char *pending(void)
{
	return ((imsic_read(IMSIC_EIP0) >> SRC) & 1UL) != 0U ? "yes" : "no";
}

void guest_main(unsigned long hartid, const void *dtb)
{
	unsigned long domid = bootarg_num(dtb, "domid", 99);
	volatile uint8_t *u = (volatile uint8_t *)UART;

	(void)hartid;
	uart_puts_thr(UART, "vaplic: hello through the virtual ns16550\n");
	if (irqchip_init(dtb) != IRQCHIP_AIA) {
		gprintf("d%lu vaplic: no APLIC/IMSIC in the DTB\n", domid);
		(void)sbi_system_reset(0);
	}
	unsigned long aplic = irqchip_base();

	mmio_write32(aplic + APLIC_SOURCECFG(SRC), 2U); /* reserved mode */
	uint32_t reserved = mmio_read32(aplic + APLIC_SOURCECFG(SRC));

	irqchip_enable_source(SRC);
	mmio_write32(aplic + APLIC_TARGET(SRC), (1U << 12) | SRC); /* guest index 1 */
	gprintf("d%lu vaplic: domaincfg %x, reserved mode reads %u, target reads %x, idle claim "
	        "%u\n",
	        domid, mmio_read32(aplic + APLIC_DOMAINCFG), reserved,
	        mmio_read32(aplic + APLIC_TARGET(SRC)), irqchip_claim());
	imsic_write(IMSIC_EITHRESHOLD, SRC);
	__asm__ volatile("csrs sie, %0" : : "r"(SIE_SEIE));
	__asm__ volatile("csrs sstatus, %0" : : "r"(SSTATUS_SIE));
	u[UART_IER] = IER_ETBEI;
	spin(bootarg_num(dtb, "spin", 100000UL));
	gprintf("d%lu vaplic: threshold %u: pending %s, %u interrupts\n", domid, SRC, pending(),
	        irqs);
	imsic_write(IMSIC_EITHRESHOLD, 0UL);
	wait_until(&irqs, 1U);
	gprintf("d%lu vaplic: threshold 0: %u interrupt, claimed identity %u, IIR %x, pending %s\n",
	        domid, irqs, claimed_src, iir_seen, pending());
	imsic_write(IMSIC_EIE0, imsic_read(IMSIC_EIE0) | (1UL << SELF_MSI));
	mmio_write32(irqchip_imsic_base(), SELF_MSI); /* vCPU 0's seteipnum_le */
	wait_until(&irqs, 2U);
	gprintf("d%lu vaplic: MSI to its own IMSIC page: %u interrupts, claimed identity %u\n",
	        domid, irqs, claimed_src);
	gprintf("d%lu vaplic: guest interrupt file moves %ld\n", domid,
	        sbi_call(SBI_EXT_BULKHEAD, FID_FILE_MOVES, 0, 0, 0).value);
	(void)sbi_system_reset(0);
}

void guest_secondary(unsigned long hartid, unsigned long opaque)
{
	(void)hartid;
	(void)opaque;
}
