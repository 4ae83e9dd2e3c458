/*
 * 16550A register model: RBR/THR and DLL/DLM behind LCR.DLAB, IER, IIR
 * (read) / FCR (write), LCR, MCR, LSR, MSR and SCR. Transmit completes
 * immediately (THR and the shift register are always empty); the THR-empty
 * interrupt follows the 16550 rule: pending after a write to THR or when
 * IER.ETBEI is set, cleared by reading IIR while it is the reason shown or
 * by writing THR.
 */
#include "vuart_priv.h"

enum { RBR_THR = 0, IER = 1, IIR_FCR = 2, LCR = 3, MCR = 4, LSR = 5, MSR = 6, SCR = 7 };

#define IER_ERBFI 0x01U /* received data available */
#define IER_ETBEI 0x02U /* transmitter holding register empty */
#define IIR_NONE 0x01U
#define IIR_THRE 0x02U
#define IIR_RDA 0x04U
#define IIR_FIFO 0xc0U
#define LCR_DLAB 0x80U
#define LSR_DR 0x01U
#define LSR_THRE 0x20U
#define LSR_TEMT 0x40U
#define MSR_IDLE 0xb0U /* DCD, DSR, CTS asserted: a cable is present */

static bool dlab(const struct vuart *u)
{
	return (u->lcr & LCR_DLAB) != 0U;
}

static uint8_t iir(struct vuart *u)
{
	uint8_t fifo = ((u->fcr & 1U) != 0U) ? IIR_FIFO : 0U;

	if ((u->ier & IER_ERBFI) != 0U && vuart_rx_ready(u)) {
		return fifo | IIR_RDA;
	}
	if ((u->ier & IER_ETBEI) != 0U && u->thre_pending) {
		return fifo | IIR_THRE;
	}
	return fifo | IIR_NONE;
}

bool ns16550_irq_level(struct vuart *u)
{
	return (iir(u) & IIR_NONE) == 0U;
}

static uint64_t read_iir(struct vuart *u)
{
	uint8_t v = iir(u);

	if ((v & 0x0fU) == IIR_THRE) {
		u->thre_pending = false;
	}
	return v;
}

uint64_t ns16550_read(struct vuart *u, unsigned reg)
{
	switch (reg) {
	case RBR_THR:
		return dlab(u) ? u->dll : vuart_rx_take(u);
	case IER:
		return dlab(u) ? u->dlm : u->ier;
	case IIR_FCR:
		return read_iir(u);
	case LCR:
		return u->lcr;
	case MCR:
		return u->mcr;
	case LSR:
		return LSR_THRE | LSR_TEMT | (vuart_rx_ready(u) ? LSR_DR : 0U);
	case MSR:
		return MSR_IDLE;
	default:
		return u->scr;
	}
}

void ns16550_write(struct vuart *u, unsigned reg, uint64_t val)
{
	uint8_t v = (uint8_t)val;

	switch (reg) {
	case RBR_THR:
		if (dlab(u)) {
			u->dll = v;
		} else {
			vuart_tx(u, v);
			u->thre_pending = true;
		}
		break;
	case IER:
		if (dlab(u)) {
			u->dlm = v;
		} else {
			bool enabling = ((unsigned)v & ~(unsigned)u->ier & IER_ETBEI) != 0U;

			u->thre_pending = u->thre_pending || enabling;
			u->ier = v & 0x0fU;
		}
		break;
	case IIR_FCR:
		u->fcr = v & 0xc9U;
		break;
	case LCR:
		u->lcr = v;
		break;
	case MCR:
		u->mcr = v & 0x1fU;
		break;
	case SCR:
		u->scr = v;
		break;
	default:
		/* LSR and MSR are read-only. */
		break;
	}
}
