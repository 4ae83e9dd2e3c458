/*
 * smp: a 2-vCPU guest. vCPU 0 copies the AP trampoline to 0x8000, starts
 * vCPU 1 with INIT and two STARTUP IPIs (vector 0x08) through its local
 * APIC, waits for it, then plays 20 IPI round trips: it sends vector 0xf0
 * to APIC id 1, whose handler answers with vector 0xf0 to APIC id 0.
 * Prints "AP <id> up" from the AP and "ipi round trips: 20".
 */
#include "guest.h"

#define AP_TRAMP_ADDR 0x8000U
#define SIPI_VECTOR (AP_TRAMP_ADDR >> 12)
#define VEC_IPI 0xf0U
#define ICR_INIT 0x4500U
#define ICR_STARTUP 0x4600U
#define ICR_FIXED 0x4000U
#define ROUNDS 20U

extern char ap_tramp_start[], ap_tramp_end[];

static volatile unsigned ap_running;
static volatile unsigned bsp_ipis;
static volatile unsigned ap_ipis;

static void send_ipi(unsigned apic_id, uint32_t icr)
{
	lapic_write(LAPIC_ICR_HI, apic_id << 24);
	lapic_write(LAPIC_ICR_LO, icr);
}

static void on_ipi(unsigned vector)
{
	(void)vector;
	if ((lapic_read(LAPIC_ID) >> 24) == 0U) {
		bsp_ipis++;
	} else {
		ap_ipis++;
		send_ipi(0, ICR_FIXED | VEC_IPI);
	}
	lapic_write(LAPIC_EOI, 0);
}

void ap_main(void);
void ap_main(void)
{
	idt_init();
	lapic_write(LAPIC_SVR, 0x1ffU);
	uart_puts("AP ");
	uart_putu(lapic_read(LAPIC_ID) >> 24);
	uart_puts(" up\n");
	ap_running = 1;
	for (;;) {
		__asm__ volatile("sti; hlt; cli");
	}
}

static void start_ap(void)
{
	volatile char *dst = (volatile char *)(uintptr_t)AP_TRAMP_ADDR;

	for (const char *s = ap_tramp_start; s < ap_tramp_end; s++) {
		*dst++ = *s;
	}
	send_ipi(1, ICR_INIT);
	send_ipi(1, ICR_STARTUP | SIPI_VECTOR);
	send_ipi(1, ICR_STARTUP | SIPI_VECTOR);
}

void guest_main(const struct start_info *si)
{
	(void)si;
	idt_init();
	irq_set_handler(VEC_IPI, on_ipi);
	lapic_write(LAPIC_SVR, 0x1ffU);
	start_ap();
	while (ap_running == 0U) {
		__asm__ volatile("pause");
	}
	for (unsigned i = 1; i <= ROUNDS; i++) {
		send_ipi(1, ICR_FIXED | VEC_IPI);
		while (bsp_ipis < i) {
			__asm__ volatile("sti; hlt; cli");
		}
	}
	uart_puts("ipi round trips: ");
	uart_putu(bsp_ipis);
	uart_puts(", AP received ");
	uart_putu(ap_ipis);
	uart_puts("\n");
}
