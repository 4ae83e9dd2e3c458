/*
 * fpu: bootargs "<n>". Turns SSE on (CR0.EM clear, CR0.MP and CR4.OSFXSR
 * set), puts a value derived from n in XMM0 and checks it after every
 * stretch of computing and printing (both of which let another domain on
 * the same pCPU run): prints "xmm0 kept <round>" or "xmm0 CORRUPTED".
 */
#include "guest.h"

static uint32_t read_xmm0(void)
{
	uint32_t v;

	__asm__ volatile("movd %%xmm0, %0" : "=r"(v));
	return v;
}

void guest_main(const struct start_info *si)
{
	const char *args = start_info_cmdline(si);
	uint32_t value = 0x5eed0000U + parse_uint(&args);
	volatile unsigned long x = 0;

	__asm__ volatile("mov %%cr0, %%eax; and $~4, %%eax; or $2, %%eax; mov %%eax, %%cr0;"
	                 "mov %%cr4, %%eax; or $0x600, %%eax; mov %%eax, %%cr4" ::
	                         : "eax");
	__asm__ volatile("movd %0, %%xmm0" : : "r"(value));
	for (unsigned round = 1; round <= 20U; round++) {
		for (unsigned long i = 0; i < (1UL << 20); i++) {
			x += i;
		}
		if (read_xmm0() != value) {
			uart_puts("xmm0 CORRUPTED\n");
			return;
		}
		uart_puts("xmm0 kept ");
		uart_putu(round);
		uart_puts("\n");
	}
	uart_puts("fpu done\n");
}
