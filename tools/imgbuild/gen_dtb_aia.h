/*
 * Guest DTB nodes of RISC-V AIA boards (gen_dtb_aia.c).
 */
#ifndef BHIMG_GEN_DTB_AIA_H
#define BHIMG_GEN_DTB_AIA_H

#include <stdint.h>

/* The vCPUs' IMSIC files (phandle ph_imsic) and the virtual APLIC
 * (phandle ph_aplic), into the open node of the sequential writer fdt.
 * @return 0 or a libfdt error. */
int gen_dtb_riscv_aia(void *fdt, unsigned nr_vcpus, uint32_t ph_aplic, uint32_t ph_imsic,
                      uint32_t ph_cpu_intc);

#endif
