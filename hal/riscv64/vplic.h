/*
 * The virtual PLIC of a domain (vplic.c).
 */
#ifndef RISCV64_VPLIC_H
#define RISCV64_VPLIC_H

#include <stdbool.h>
#include <stdint.h>

#include <hal/exit.h>
#include <hal_arch/types.h>

/* Where guests find it: bhimg's guest layout (MANIFEST_RISCV64_GUEST_PLIC_*). */
#define RV_VPLIC_BASE 0x0c000000ULL
#define RV_VPLIC_SIZE 0x04000000ULL

/* Power-on state: nothing pending, enabled or prioritised. */
void rv_vplic_reset(struct rv_vplic *p);

/* Make source pending; pirq > 0 links it to that physical interrupt,
 * claimed on this hart. @return false when src is not a vPLIC source or
 * is linked to another physical interrupt. */
bool rv_vplic_raise(struct rv_vplic *p, unsigned src, int pirq);

/* Is context ctx's external interrupt line up? */
bool rv_vplic_line(struct rv_vplic *p, unsigned ctx);

/* Emulate one access e (in the vPLIC window); *value for loads. */
void rv_vplic_access(struct rv_vplic *p, const struct vm_exit *e, uint64_t *value);

/* Is addr in the vPLIC window? */
static inline bool rv_vplic_owns(uint64_t addr)
{
	return addr >= RV_VPLIC_BASE && addr - RV_VPLIC_BASE < RV_VPLIC_SIZE;
}

#endif
