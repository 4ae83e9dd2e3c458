/*
 * Finding and starting the secondary harts (SBI HSM), without a device
 * tree.
 */
#ifndef RISCV64_HART_SCAN_H
#define RISCV64_HART_SCAN_H

/*
 * Give hartid the dense pCPU id and start it (smp.c on the target, a fake
 * in the host tests). @return 0 or an SBI error code.
 */
long rv_start_hart(unsigned long hartid, unsigned id);

/*
 * Query hart ids 0 .. max - 1 except boot_hart with HSM hart_get_status;
 * start each stopped hart with rv_start_hart(hart, next dense id), ids
 * handed out from 1 in hart-id order and only to harts that started.
 * @pre max >= 1
 * @return 1 (the boot hart) + harts found, started or not, at most max.
 */
unsigned rv_hart_scan(unsigned long boot_hart, unsigned max);

#endif
