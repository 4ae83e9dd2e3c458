/*
 * SBI calls (RISC-V Supervisor Binary Interface, v1.0 or later) used by
 * the HS-mode backend: base, HSM (hart state) and SRST (system reset).
 */
#ifndef RISCV64_SBI_H
#define RISCV64_SBI_H

#include <stdint.h>

#define SBI_SUCCESS 0L
#define SBI_ERR_FAILED (-1L)
#define SBI_ERR_NOT_SUPPORTED (-2L)
#define SBI_ERR_INVALID_PARAM (-3L)
#define SBI_ERR_ALREADY_AVAILABLE (-6L)

#define SBI_EXT_BASE 0x10UL
#define SBI_EXT_HSM 0x48534DUL
#define SBI_EXT_SRST 0x53525354UL
#define SBI_EXT_TIME 0x54494D45UL
#define SBI_EXT_IPI 0x735049UL
#define SBI_EXT_RFENCE 0x52464E43UL

#define SBI_TIME_SET_TIMER 0UL
#define SBI_IPI_SEND_IPI 0UL
#define SBI_RFENCE_HFENCE_GVMA 4UL

#define SBI_BASE_PROBE_EXTENSION 3UL

#define SBI_HSM_HART_START 0UL
#define SBI_HSM_HART_STOP 1UL
#define SBI_HSM_HART_GET_STATUS 2UL

/* hart_get_status values */
#define SBI_HSM_STARTED 0L
#define SBI_HSM_STOPPED 1L
#define SBI_HSM_START_PENDING 2L

#define SBI_SRST_SYSTEM_RESET 0UL
#define SBI_SRST_SHUTDOWN 0UL
#define SBI_SRST_REASON_NONE 0UL

struct sbiret {
	long error;
	long value;
};

struct sbiret sbi_call(unsigned long eid, unsigned long fid, unsigned long a0, unsigned long a1,
                       unsigned long a2);

/* The same with a3 and a4 (RFENCE). */
struct sbiret sbi_call5(unsigned long eid, unsigned long fid, unsigned long a0, unsigned long a1,
                        unsigned long a2, unsigned long a3, unsigned long a4);

/* TIME set_timer: next timer interrupt at absolute time `ticks`; clears
 * the pending one. ~0 effectively disarms. */
void sbi_set_timer(uint64_t ticks);

/* IPI send_ipi to one hart: a supervisor software interrupt there. */
long sbi_send_ipi_to(unsigned long hartid);

/* True when the SBI implementation provides extension eid. */
int sbi_has_extension(unsigned long eid);

/* HSM hart_get_status: SBI_HSM_* in value, or an SBI error. */
struct sbiret sbi_hart_get_status(unsigned long hartid);

/* HSM hart_start: hartid starts in S-mode at the physical address start
 * with a0 = hartid, a1 = opaque, satp = 0 and interrupts off. */
long sbi_hart_start(unsigned long hartid, unsigned long start, unsigned long opaque);

/* SRST system_reset(shutdown); returns only on failure. */
long sbi_shutdown(void);

#endif
