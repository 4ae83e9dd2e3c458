/*
 * Console driver: Arm PL011 UART, polled.
 *
 * Design: the UART at PLAT_UART_BASE is used as firmware (or QEMU) left it:
 * baud rate and line settings are not touched, only UARTCR is set so that
 * the UART, TX and RX are enabled. Bytes go out one at a time when the TX
 * FIFO has room; "\n" becomes "\r\n".
 *
 * Locking: none; printk serialises callers.
 */
#include <stddef.h>
#include <stdint.h>

#include <arm64/arm64.h>
#include <hal/console.h>
#include <plat_config.h>

#define UARTDR 0x000U
#define UARTFR 0x018U
#define UARTCR 0x030U

#define FR_RXFE 0x10U
#define FR_TXFF 0x20U
#define CR_UARTEN 0x001U
#define CR_TXE 0x100U
#define CR_RXE 0x200U

static inline volatile uint32_t *reg(uintptr_t off)
{
	return (volatile uint32_t *)(PLAT_UART_BASE + off);
}

void arm64_uart_init(void)
{
	*reg(UARTCR) |= CR_UARTEN | CR_TXE | CR_RXE;
}

static void put_byte(char c)
{
	while ((*reg(UARTFR) & FR_TXFF) != 0U) {
	}
	*reg(UARTDR) = (uint32_t)(unsigned char)c;
}

/* [impl->dsn~arm64-console-uart~1] */
void hal_console_write(const char *buf, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (buf[i] == '\n') {
			put_byte('\r');
		}
		put_byte(buf[i]);
	}
}

int hal_console_getc(void)
{
	if ((*reg(UARTFR) & FR_RXFE) != 0U) {
		return -1;
	}
	uint32_t byte = *reg(UARTDR) & 0xffU;

	return (int)byte;
}
