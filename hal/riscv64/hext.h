/*
 * H extension (hypervisor) presence and initial CSR state.
 */
#ifndef RISCV64_HEXT_H
#define RISCV64_HEXT_H

/* Boot hart: halt with a clear message unless the H extension is present. */
void rv_require_h(void);

/* Any hart with H: put the hypervisor CSRs in their boot state. */
void rv_hs_csr_init(void);

#endif
