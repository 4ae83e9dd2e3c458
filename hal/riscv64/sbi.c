/*
 * SBI calls through ECALL (the hypervisor's own, to OpenSBI).
 *
 * Design: one generic caller following the SBI calling convention (a7 =
 * extension id, a6 = function id, a0..a2 arguments; a0 = error, a1 =
 * value on return) and one small wrapper per function the backend uses.
 *
 * Locking: none; SBI calls are per hart.
 */
#include "sbi.h"

struct sbiret sbi_call5(unsigned long eid, unsigned long fid, unsigned long a0, unsigned long a1,
                        unsigned long a2, unsigned long a3, unsigned long a4)
{
	register unsigned long r_a0 __asm__("a0") = a0;
	register unsigned long r_a1 __asm__("a1") = a1;
	register unsigned long r_a2 __asm__("a2") = a2;
	register unsigned long r_a3 __asm__("a3") = a3;
	register unsigned long r_a4 __asm__("a4") = a4;
	register unsigned long r_a6 __asm__("a6") = fid;
	register unsigned long r_a7 __asm__("a7") = eid;
	struct sbiret ret;

	__asm__ volatile("ecall"
	                 : "+r"(r_a0), "+r"(r_a1)
	                 : "r"(r_a2), "r"(r_a3), "r"(r_a4), "r"(r_a6), "r"(r_a7)
	                 : "memory");
	ret.error = (long)r_a0;
	ret.value = (long)r_a1;
	return ret;
}

struct sbiret sbi_call(unsigned long eid, unsigned long fid, unsigned long a0, unsigned long a1,
                       unsigned long a2)
{
	return sbi_call5(eid, fid, a0, a1, a2, 0, 0);
}

void sbi_set_timer(uint64_t ticks)
{
	(void)sbi_call(SBI_EXT_TIME, SBI_TIME_SET_TIMER, ticks, 0, 0);
}

long sbi_send_ipi_to(unsigned long hartid)
{
	/* hart_mask bit 0 relative to hart_mask_base = hartid */
	return sbi_call(SBI_EXT_IPI, SBI_IPI_SEND_IPI, 1UL, hartid, 0).error;
}

int sbi_has_extension(unsigned long eid)
{
	struct sbiret r = sbi_call(SBI_EXT_BASE, SBI_BASE_PROBE_EXTENSION, eid, 0, 0);

	return r.error == SBI_SUCCESS && r.value != 0;
}

struct sbiret sbi_hart_get_status(unsigned long hartid)
{
	return sbi_call(SBI_EXT_HSM, SBI_HSM_HART_GET_STATUS, hartid, 0, 0);
}

long sbi_hart_start(unsigned long hartid, unsigned long start, unsigned long opaque)
{
	return sbi_call(SBI_EXT_HSM, SBI_HSM_HART_START, hartid, start, opaque).error;
}

long sbi_shutdown(void)
{
	return sbi_call(SBI_EXT_SRST, SBI_SRST_SYSTEM_RESET, SBI_SRST_SHUTDOWN,
	                SBI_SRST_REASON_NONE, 0)
	        .error;
}
