/*
 * PL011 register model (the subset Xen's vpl011 offers a guest): DR, RSR,
 * FR, IBRD/FBRD/LCR_H/CR/IFLS stored and read back, IMSC/RIS/MIS/ICR for
 * the RX and TX interrupts, and the peripheral/PrimeCell identification
 * registers so that drivers probing them (Linux amba-pl011, U-Boot) accept
 * the device. The FIFOs are never full: transmit completes immediately.
 */
#include "vuart_priv.h"

enum {
	UARTDR = 0x000,
	UARTRSR = 0x004,
	UARTFR = 0x018,
	UARTIBRD = 0x024,
	UARTFBRD = 0x028,
	UARTLCR_H = 0x02c,
	UARTCR = 0x030,
	UARTIFLS = 0x034,
	UARTIMSC = 0x038,
	UARTRIS = 0x03c,
	UARTMIS = 0x040,
	UARTICR = 0x044,
	UARTDMACR = 0x048,
	UARTPERIPHID0 = 0xfe0,
};

#define FR_RXFE (1U << 4)
#define FR_TXFE (1U << 7)
#define INT_RX (1U << 4)
#define INT_TX (1U << 5)
#define INT_RT (1U << 6)
#define INT_ALL 0x7ffU

/* PeriphID0..3 then PCellID0..3 (a PL011 r1p5, as QEMU's). */
static const uint8_t pl011_ids[8] = {0x11, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1};

static uint32_t raw_status(struct vuart *u)
{
	uint32_t ris = u->ris_tx;

	if (vuart_rx_ready(u)) {
		ris |= INT_RX | INT_RT;
	}
	return ris;
}

bool pl011_irq_level(struct vuart *u)
{
	return (raw_status(u) & u->imsc) != 0U;
}

static uint64_t read_id(uint64_t off)
{
	uint64_t idx = (off - UARTPERIPHID0) / 4U;

	return (off % 4U == 0U && idx < 8U) ? pl011_ids[idx] : 0U;
}

uint64_t pl011_read(struct vuart *u, uint64_t off)
{
	switch (off) {
	case UARTDR:
		return vuart_rx_take(u);
	case UARTFR:
		return FR_TXFE | (vuart_rx_ready(u) ? 0U : FR_RXFE);
	case UARTIBRD:
		return u->ibrd;
	case UARTFBRD:
		return u->fbrd;
	case UARTLCR_H:
		return u->lcr_h;
	case UARTCR:
		return u->cr;
	case UARTIFLS:
		return u->ifls;
	case UARTIMSC:
		return u->imsc;
	case UARTRIS:
		return raw_status(u);
	case UARTMIS:
		return raw_status(u) & u->imsc;
	default:
		/* RSR, DMACR and reserved registers read as zero. */
		return (off >= UARTPERIPHID0) ? read_id(off) : 0U;
	}
}

void pl011_write(struct vuart *u, uint64_t off, uint64_t val)
{
	uint32_t v = (uint32_t)val;

	switch (off) {
	case UARTDR:
		vuart_tx(u, (uint8_t)v);
		u->ris_tx |= INT_TX; /* the FIFO drained at once */
		break;
	case UARTIBRD:
		u->ibrd = v & 0xffffU;
		break;
	case UARTFBRD:
		u->fbrd = v & 0x3fU;
		break;
	case UARTLCR_H:
		u->lcr_h = v & 0xffU;
		break;
	case UARTCR:
		u->cr = v & 0xff87U;
		break;
	case UARTIFLS:
		u->ifls = v & 0x3fU;
		break;
	case UARTIMSC:
		u->imsc = v & INT_ALL;
		break;
	case UARTICR:
		u->ris_tx &= ~v;
		break;
	default:
		/* RSR (error clear), DMACR and read-only registers: ignored. */
		break;
	}
}
