/*
 * Console driver: Cadence UART (Xilinx Zynq / ZynqMP), polled (the loops are
 * in uart_fifo.c).
 *
 * Design: the baud rate generator is left as firmware (or QEMU) set it; init
 * selects 8N1 and enables TX and RX, clearing their disable bits, which the
 * reset value sets.
 */
#include <stdint.h>

#include <arm64/arm64.h>
#include <plat_config.h>

#include "uart_fifo.h"

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

const struct uart_fifo arm64_console_uart = {
        .data = UART_FIFO,
        .status = UART_SR,
        .tx_full = SR_TXFULL,
        .rx_empty = SR_RXEMPTY,
};

void arm64_uart_init(void)
{
	volatile uint32_t *mr = (volatile uint32_t *)(PLAT_UART_BASE + UART_MR);
	volatile uint32_t *cr = (volatile uint32_t *)(PLAT_UART_BASE + UART_CR);

	*mr = MR_8N1;
	*cr = CR_RX_EN | CR_TX_EN | CR_STOPBRK;
}
