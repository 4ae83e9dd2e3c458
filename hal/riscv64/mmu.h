/*
 * The hypervisor's own address space (HS-mode satp, Sv39 identity map).
 */
#ifndef RISCV64_MMU_H
#define RISCV64_MMU_H

/* Build the tables (boot hart, once, paging off); panics on failure. */
void rv_mmu_build(void);

/* Turn Sv39 on for the calling hart with the tables rv_mmu_build made. */
void rv_mmu_enable(void);

#endif
