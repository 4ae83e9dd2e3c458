/*
 * vplic: the virtual PLIC and the virtual ns16550 together. Prints through
 * the UART's THR (byte stores, LSR polled with byte loads), programs the
 * PLIC (priority, enable, threshold of its context), then makes the UART
 * raise its "THR empty" interrupt (source 10): with the threshold at the
 * source's priority the interrupt stays pending and is not taken; with the
 * threshold lowered it arrives, is claimed (source 10), acknowledged at the
 * UART (IIR read) and completed. bootargs: "domid=<n>".
 */
#include "guest.h"

#define UART 0x10000000UL
#define UART_IER 1U
#define UART_IIR 2U
#define IER_ETBEI 0x02U
#define PLIC 0x0c000000UL
#define PLIC_PRIO(s) (PLIC + 4UL * (s))
#define PLIC_PENDING (PLIC + 0x1000UL)
#define PLIC_ENABLE(c) (PLIC + 0x2000UL + 0x80UL * (c))
#define PLIC_THRESHOLD(c) (PLIC + 0x200000UL + 0x1000UL * (c))
#define PLIC_CLAIM(c) (PLIC_THRESHOLD(c) + 4UL)
#define SRC 10U
#define IRQ_EXT ((1UL << 63) | 9UL)
#define SIE_SEIE (1UL << 9)
#define SSTATUS_SIE (1UL << 1)

static volatile unsigned irqs, claimed_src, iir_seen;

void guest_trap(unsigned long scause, unsigned long sepc)
{
	if (scause != IRQ_EXT) {
		gprintf("unexpected guest trap: scause %lx sepc %lx\n", scause, sepc);
		for (;;) {
			__asm__ volatile("wfi");
		}
	}
	uint32_t src = mmio_read32(PLIC_CLAIM(0));

	claimed_src = src;
	if (src == SRC) {
		volatile uint8_t *u = (volatile uint8_t *)UART;

		iir_seen = u[UART_IIR];
		u[UART_IER] = 0; /* no more THR-empty interrupts */
	}
	irqs++;
	mmio_write32(PLIC_CLAIM(0), src);
}

static void spin(unsigned n)
{
	for (volatile unsigned i = 0; i < n; i++) {
	}
}

void guest_main(unsigned long hartid, const void *dtb)
{
	unsigned long domid = bootarg_num(dtb, "domid", 99);
	volatile uint8_t *u = (volatile uint8_t *)UART;

	(void)hartid;
	uart_puts_thr(UART, "vplic: hello through the virtual ns16550\n");
	mmio_write32(PLIC_PRIO(SRC), 0xffU);
	uint32_t prio = mmio_read32(PLIC_PRIO(SRC));

	mmio_write32(PLIC_PRIO(SRC), 1U);
	mmio_write32(PLIC_ENABLE(0), 0xffffffffU);
	uint32_t en = mmio_read32(PLIC_ENABLE(0));

	mmio_write32(PLIC_ENABLE(0), 1U << SRC);
	mmio_write32(PLIC_THRESHOLD(0), 1U);
	gprintf("d%lu vplic: priority 0xff reads %u, enable all reads %x, idle claim %u\n", domid,
	        prio, en, mmio_read32(PLIC_CLAIM(0)));
	__asm__ volatile("csrs sie, %0" : : "r"(SIE_SEIE));
	__asm__ volatile("csrs sstatus, %0" : : "r"(SSTATUS_SIE));
	u[UART_IER] = IER_ETBEI;
	spin(100000);
	gprintf("d%lu vplic: threshold 1: pending %s, %u interrupts\n", domid,
	        (mmio_read32(PLIC_PENDING) >> SRC) & 1U ? "yes" : "no", irqs);
	mmio_write32(PLIC_THRESHOLD(0), 0U);
	wait_until(&irqs, 1U);
	gprintf("d%lu vplic: threshold 0: %u interrupt, claimed source %u, IIR %x, pending %s\n",
	        domid, irqs, claimed_src, iir_seen,
	        (mmio_read32(PLIC_PENDING) >> SRC) & 1U ? "yes" : "no");
	(void)sbi_system_reset(0);
}

void guest_secondary(unsigned long hartid, unsigned long opaque)
{
	(void)hartid;
	(void)opaque;
}
