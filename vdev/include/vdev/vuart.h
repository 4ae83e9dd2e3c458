/*
 * Virtual UARTs wired to a domain's console (see vdev/vuart.c).
 *
 * Models: an Arm PL011 (Xen's vpl011 subset: data, flags, interrupt mask
 * and status, identification) and a 16550A (ns16550: RBR/THR, IER, IIR,
 * LCR, MCR, LSR, MSR, SCR, divisor latch), the latter either memory-mapped
 * with a register stride (RISC-V virt) or on I/O ports (x86 COM1).
 * Output goes to console_guest_write(); input comes from the domain's
 * console input ring. One vUART per domain.
 */
#ifndef VDEV_VUART_H
#define VDEV_VUART_H

#include <stdbool.h>
#include <stdint.h>

struct domain;
struct manifest_domain;

enum vuart_model {
	VUART_PL011 = 0,
	VUART_NS16550_MMIO, /* registers 1 << shift bytes apart */
	VUART_NS16550_PIO,  /* eight consecutive I/O ports */
};

/*
 * Give d a vUART of `model` at base (guest physical address or port),
 * raising guest interrupt irq (0: none) on its vCPU 0.
 * @pre boot time, d built, no vUART attached to d yet.
 * @return 0, -HAL_EINVAL (unknown model, stride too large, misaligned base),
 *         -HAL_EBUSY (d already has one) or mmio_register()'s error.
 */
int vuart_attach(struct domain *d, enum vuart_model model, uint64_t base, unsigned shift,
                 unsigned irq);

/*
 * Attach the vUART the manifest entry md describes (none for a domain whose
 * console is the console_io hypercall only). arch is the manifest header's
 * enum manifest_arch: a 16550 is on I/O ports on x86-64, memory-mapped
 * elsewhere. @return 0 or vuart_attach()'s error (-HAL_EINVAL for an
 * unknown console type).
 */
int vuart_attach_from_manifest(struct domain *d, const struct manifest_domain *md, uint32_t arch);

/*
 * Re-evaluate d's vUART interrupt after console input was queued for d
 * (the run loop calls it after console_poll()). No-op without a vUART.
 */
void vuart_poll(struct domain *d);

/* Forget d's vUART register state (domain reset); the attachment stays. */
void vuart_reset(struct domain *d);

/* Drop every vUART (start of boot; tests). */
void vuart_clear(void);

#endif
