/*
 * Trapped MMIO and port I/O dispatch (see core/mmio.c): the seam where
 * vdev/ (virtual UARTs, interrupt controllers) registers its handlers.
 */
#ifndef CORE_MMIO_H
#define CORE_MMIO_H

#include <stdbool.h>
#include <stdint.h>

#include <core/domain.h>
#include <hal/exit.h>

#define MMIO_MAX_HANDLERS 32U

/*
 * Handle one access of e->access (e->kind EXIT_MMIO or EXIT_PIO) by v.
 * For a load, *value receives the data. @return 0, or -XEN_EINVAL to make
 * the access a guest fault.
 */
typedef int (*mmio_handler_fn)(void *ctx, struct vcpu *v, const struct vm_exit *e, uint64_t *value);

/*
 * Register a handler for [base, base + size) of domain `domid` (pio: port
 * space). Boot only. @return 0, -XEN_ENOSPC (table full), -XEN_EEXIST
 * (overlaps an existing handler of the same domain and space),
 * -XEN_EINVAL (size 0 or wraps).
 */
int mmio_register(uint16_t domid, bool pio, uint64_t base, uint64_t size, mmio_handler_fn fn,
                  void *ctx);

/*
 * Dispatch an EXIT_MMIO/EXIT_PIO. @return 0 with *value set for loads, or
 * -XEN_EINVAL when no handler covers the access (the caller applies the
 * fault policy).
 */
int mmio_dispatch(struct vcpu *v, const struct vm_exit *e, uint64_t *value);

/* Drop every handler (start of boot; tests). */
void mmio_clear(void);

#endif
