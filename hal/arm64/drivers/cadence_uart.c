/*
 * Console driver: Cadence UART (Xilinx Zynq / ZynqMP), polled.
 *
 * Design: the baud rate generator is left as firmware (or QEMU) set it; init
 * selects 8N1 and enables TX and RX, clearing their disable bits, which the
 * reset value sets. Bytes go out when the TX FIFO is not full; "\n" becomes
 * "\r\n".
 *
 * Locking: none; printk serialises callers.
 */
#include <stddef.h>
#include <stdint.h>

#include <arm64/arm64.h>
#include <hal/console.h>
#include <plat_config.h>

#define UART_CR 0x00U
#define UART_MR 0x04U
#define UART_SR 0x2cU
#define UART_FIFO 0x30U

#define CR_RX_EN 0x004U
#define CR_TX_EN 0x010U
#define CR_STOPBRK 0x100U
#define MR_8N1 0x020U /* PAR (bits 5:3) = 1xx: no parity; CHRL = 8, NBSTOP = 1 */
#define SR_RXEMPTY 0x02U
#define SR_TXFULL 0x10U

static inline volatile uint32_t *reg(uintptr_t off)
{
	return (volatile uint32_t *)(PLAT_UART_BASE + off);
}

void arm64_uart_init(void)
{
	*reg(UART_MR) = MR_8N1;
	*reg(UART_CR) = CR_RX_EN | CR_TX_EN | CR_STOPBRK;
}

static void put_byte(char c)
{
	while ((*reg(UART_SR) & SR_TXFULL) != 0U) {
	}
	*reg(UART_FIFO) = (uint32_t)(unsigned char)c;
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
	if ((*reg(UART_SR) & SR_RXEMPTY) != 0U) {
		return -1;
	}
	uint32_t byte = *reg(UART_FIFO) & 0xffU;

	return (int)byte;
}
