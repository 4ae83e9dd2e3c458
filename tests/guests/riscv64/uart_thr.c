/*
 * Console output through the ns16550's own registers (byte stores to THR,
 * LSR polled with byte loads): each access traps to the hypervisor's
 * virtual UART, which the vplic/vaplic guests test on purpose.
 */
#include <stdint.h>

#include "guest.h"

#define UART_THR 0U
#define UART_LSR 5U
#define LSR_THRE 0x20U

void uart_puts_thr(unsigned long base, const char *s)
{
	volatile uint8_t *u = (volatile uint8_t *)base;

	for (; *s != '\0'; s++) {
		while ((u[UART_LSR] & LSR_THRE) == 0U) {
		}
		u[UART_THR] = (uint8_t)*s;
	}
}
