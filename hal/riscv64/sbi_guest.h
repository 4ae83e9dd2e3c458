/*
 * The SBI Bulkhead implements for its guests (sbi_guest.c,
 * sbi_guest_console.c). Numbers from the RISC-V SBI specification v2.0.
 */
#ifndef RISCV64_SBI_GUEST_H
#define RISCV64_SBI_GUEST_H

#include <hal/exit.h>
#include <hal_arch/types.h>

#define SBI_SPEC_VERSION_2_0 0x02000000UL
/* Not a registered SBI implementation id: "BH" (docs/riscv64.md). */
#define SBI_IMPL_ID_BULKHEAD 0x4248UL
#define SBI_IMPL_VERSION 0x00000100UL

#define SBI_EXT_LEGACY_PUTCHAR 0x01UL
#define SBI_EXT_LEGACY_GETCHAR 0x02UL
#define SBI_EXT_DBCN 0x4442434EUL
/* Bulkhead hypercalls: vendor-specific range 0x09000000-0x09FFFFFF,
 * "\tBHK": a6 = hypercall number, a0..a5 = arguments. */
#define SBI_EXT_BULKHEAD 0x0942484BUL
/* Function ids from here on are the backend's own, not hypercalls. */
#define SBI_BH_FID_BACKEND 0x10000UL
#define SBI_BH_FID_EXITS 0x10000UL      /* value: this vCPU's exits so far */
#define SBI_BH_FID_FILE_MOVES 0x10001UL /* value: AIA guest interrupt file moves */

#define SBI_ERR_DENIED (-4L)

/* Xen ABI numbers the backend turns SBI calls into (public/xen.h, vcpu.h). */
#define XEN_HC_console_io 18U
#define XEN_CONSOLEIO_write 0U
#define XEN_CONSOLEIO_read 1U
#define XEN_HC_vcpu_op 24U
#define XEN_VCPUOP_is_up 3U
#define XEN_EPERM 1

/* sbi_guest_console.c: legacy console and DBCN. */
struct vm_exit rv_sbi_console(struct vcpu_arch *v, unsigned long eid, unsigned long fid);

/* Finish a console call the core handled (rc: console_io's answer). */
void rv_sbi_console_complete(struct vcpu_arch *v, long rc);

/* Set a0/a1 and step over the ECALL: the call is finished in the backend. */
struct vm_exit rv_sbi_return(struct vcpu_arch *v, long error, long value);

/* Ask the core to run hypercall nr; hal_vcpu_complete finishes it as `done`. */
struct vm_exit rv_sbi_to_core(struct vcpu_arch *v, enum rv_complete done, uint64_t nr, uint64_t a0,
                              uint64_t a1, uint64_t a2);

/* -errno from the core as an SBI error. */
long rv_sbi_error(long rc);

#endif
