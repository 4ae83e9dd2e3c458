/* SBI calls of the test guests (ECALL to the hypervisor's SBI). */
#include "guest.h"

struct sbiret sbi_call(unsigned long eid, unsigned long fid, unsigned long a0, unsigned long a1,
                       unsigned long a2)
{
	register unsigned long r_a0 __asm__("a0") = a0;
	register unsigned long r_a1 __asm__("a1") = a1;
	register unsigned long r_a2 __asm__("a2") = a2;
	register unsigned long r_a6 __asm__("a6") = fid;
	register unsigned long r_a7 __asm__("a7") = eid;

	__asm__ volatile("ecall"
	                 : "+r"(r_a0), "+r"(r_a1)
	                 : "r"(r_a2), "r"(r_a6), "r"(r_a7)
	                 : "memory");
	return (struct sbiret){(long)r_a0, (long)r_a1};
}

void sbi_legacy_putchar(int c)
{
	register unsigned long r_a0 __asm__("a0") = (unsigned long)c;
	register unsigned long r_a7 __asm__("a7") = 1UL;

	__asm__ volatile("ecall" : "+r"(r_a0) : "r"(r_a7) : "memory");
}

long sbi_dbcn_write(const char *s, size_t n)
{
	struct sbiret r = sbi_call(SBI_EXT_DBCN, 0, n, (unsigned long)(uintptr_t)s, 0);

	return r.error != 0 ? r.error : r.value;
}

long hypercall(unsigned long nr, unsigned long a0, unsigned long a1, unsigned long a2)
{
	register unsigned long r_a0 __asm__("a0") = a0;
	register unsigned long r_a1 __asm__("a1") = a1;
	register unsigned long r_a2 __asm__("a2") = a2;
	register unsigned long r_a6 __asm__("a6") = nr;
	register unsigned long r_a7 __asm__("a7") = SBI_EXT_BULKHEAD;

	__asm__ volatile("ecall"
	                 : "+r"(r_a0), "+r"(r_a1)
	                 : "r"(r_a2), "r"(r_a6), "r"(r_a7)
	                 : "memory");
	return r_a0 != 0U ? (long)r_a0 : (long)r_a1;
}

long sbi_system_reset(unsigned long type)
{
	return sbi_call(SBI_EXT_SRST, 0, type, 0, 0).error;
}

/* The compiler may emit calls to these for struct copies and zeroing. */
void *memset(void *d, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);

void *memset(void *d, int c, size_t n)
{
	unsigned char *p = d;

	while (n-- > 0U) {
		*p++ = (unsigned char)c;
	}
	return d;
}

void *memcpy(void *d, const void *s, size_t n)
{
	unsigned char *p = d;
	const unsigned char *q = s;

	while (n-- > 0U) {
		*p++ = *q++;
	}
	return d;
}

void guest_console_write(const char *buf, size_t n)
{
	(void)sbi_dbcn_write(buf, n);
}
