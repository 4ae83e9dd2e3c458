/*
 * State shared by the vUART front end (vuart.c) and its register models
 * (vuart_pl011.c, vuart_ns16550.c). Not part of the vdev API.
 */
#ifndef VDEV_VUART_PRIV_H
#define VDEV_VUART_PRIV_H

#include <stdbool.h>
#include <stdint.h>

#include <vdev/vuart.h>

struct vuart {
	struct domain *d; /* NULL: slot free */
	enum vuart_model model;
	unsigned shift;
	unsigned irq;
	bool irq_line; /* last level we reported */
	bool has_rx;   /* rx holds one byte taken from the console ring */
	char rx;
	/* PL011 */
	uint32_t imsc, ris_tx, cr, lcr_h, ibrd, fbrd, ifls;
	/* 16550 */
	uint8_t ier, lcr, mcr, scr, dll, dlm, fcr;
	bool thre_pending; /* THR-empty interrupt not yet acknowledged */
};

/* Transmit one byte to the domain console. */
void vuart_tx(struct vuart *u, uint8_t c);

/* True when a received byte is waiting (fetches one from the ring). */
bool vuart_rx_ready(struct vuart *u);

/* Consume the waiting byte (0 when none). */
uint8_t vuart_rx_take(struct vuart *u);

/* Raise the guest interrupt on a rising edge of `level`. */
void vuart_update_irq(struct vuart *u, bool level);

/* Register models: offset within the window, access size in bytes. */
uint64_t pl011_read(struct vuart *u, uint64_t off);
void pl011_write(struct vuart *u, uint64_t off, uint64_t val);
bool pl011_irq_level(struct vuart *u);

uint64_t ns16550_read(struct vuart *u, unsigned reg);
void ns16550_write(struct vuart *u, unsigned reg, uint64_t val);
bool ns16550_irq_level(struct vuart *u);

#endif
