/*
 * The platform UART driver: one implementation per driver file, chosen by
 * the platform's plat_drivers list (hal/riscv64/meson.build). Every UART
 * driver provides these names.
 */
#ifndef RISCV64_UART_H
#define RISCV64_UART_H

/* Polled mode, no interrupts. Called once by the boot hart. */
void uart_init(void);

/* Wait until the transmitter has room, then send one byte. */
void uart_putc(char c);

/* One received byte, or -1 when none is waiting. */
int uart_getc(void);

#endif
