/*
 * HS-mode traps taken while the hypervisor itself runs.
 */
#ifndef RISCV64_TRAP_H
#define RISCV64_TRAP_H

#include <stdbool.h>

#include "layout.h"

/* Saved by trap_entry.S; layout in layout.h. */
struct rv_trap_frame {
	unsigned long x[32]; /* x[0] is 0, x[2] is the sp before the trap */
	unsigned long sepc;
	unsigned long sstatus;
	unsigned long scause;
	unsigned long stval;
};

_Static_assert((int)sizeof(struct rv_trap_frame) == RV_FRAME_SIZE, "frame layout");
_Static_assert(RV_FRAME_SIZE % 16 == 0, "sp stays 16-byte aligned");

/* Called by trap_entry.S. Returns to the trapped code or halts the hart. */
void rv_trap_handler(struct rv_trap_frame *frame);

/* Name of an scause value ("illegal instruction", "supervisor timer
 * interrupt"...), "reserved" for codes the specification does not define. */
const char *rv_scause_name(unsigned long scause);

/* ABI name of register x<n> ("ra", "sp", "a0"...), n < 32. */
const char *rv_reg_name(unsigned n);

/*
 * Read hstatus with an illegal-instruction trap expected.
 * @post returns true and the value in *val when the CSR exists (the hart
 *       has the H extension), false when the read trapped.
 */
bool rv_probe_hstatus(unsigned long *val);

/* True when the hart has floating point (fcsr readable with FS on). */
bool rv_probe_fp(void);

/* True when stimecmp (Sstc) is accessible: read with a trap expected. */
bool rv_probe_stimecmp(void);

#endif
