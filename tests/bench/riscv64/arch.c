/*
 * RISC-V side of the benchmark guest: the Sstc timer (stimecmp, which is
 * vstimecmp under the H extension: no trap on the timer path), SBI for the
 * console (legacy putchar), the exit (SRST) and the SBI call round trip,
 * Bulkhead's vendor SBI extension for hypercalls, and the 16550 status
 * register at 0x10000000 (QEMU virt's UART bare, the vUART under Bulkhead).
 * The guest is hosted when SBI probe_extension finds the Bulkhead extension.
 */
#include "../common/bench.h"

#define SBI_EXT_BASE 0x10UL
#define SBI_EXT_SRST 0x53525354UL
#define SBI_EXT_BULKHEAD 0x0942484BUL
#define UART_LSR 0x10000005UL

uint64_t bench_boot_count;
static int hosted = -1;

uint64_t riscv_timer_wait(uint64_t deadline, uint64_t idle);

struct sbiret {
	long error;
	long value;
};

static struct sbiret sbi_call(unsigned long eid, unsigned long fid, unsigned long a0)
{
	register unsigned long r_a0 __asm__("a0") = a0;
	register unsigned long r_a1 __asm__("a1") = 0;
	register unsigned long r_a6 __asm__("a6") = fid;
	register unsigned long r_a7 __asm__("a7") = eid;

	__asm__ volatile("ecall" : "+r"(r_a0), "+r"(r_a1) : "r"(r_a6), "r"(r_a7) : "memory");
	return (struct sbiret){(long)r_a0, (long)r_a1};
}

bool bench_arch_hosted(void)
{
	if (hosted < 0) {
		struct sbiret r = sbi_call(SBI_EXT_BASE, 3, SBI_EXT_BULKHEAD); /* probe */
		hosted = (r.error == 0 && r.value != 0) ? 1 : 0;
	}
	return hosted != 0;
}

const char *bench_arch_name(void)
{
	return "riscv64";
}

void bench_arch_putc(char c)
{
	register unsigned long r_a0 __asm__("a0") = (unsigned char)c;
	register unsigned long r_a7 __asm__("a7") = 1UL;

	__asm__ volatile("ecall" : "+r"(r_a0) : "r"(r_a7) : "memory");
}

uint64_t bench_arch_count(void)
{
	uint64_t t;

	__asm__ volatile("rdtime %0" : "=r"(t));
	return t;
}

uint64_t bench_arch_count_hz(void)
{
	return 10000000U; /* QEMU virt timebase-frequency */
}

const char *bench_arch_timer_path(void)
{
	return "sstc";
}

void bench_arch_irq_init(void)
{
	__asm__ volatile("li t0, -1\n\tcsrw 0x14d, t0" ::: "t0");
}

uint64_t bench_arch_timer_wait(uint64_t deadline, bool idle)
{
	return riscv_timer_wait(deadline, idle ? 1U : 0U);
}

static struct sbiret sbi_call2(unsigned long eid, unsigned long fid, unsigned long a0,
                               unsigned long a1)
{
	register unsigned long r_a0 __asm__("a0") = a0;
	register unsigned long r_a1 __asm__("a1") = a1;
	register unsigned long r_a6 __asm__("a6") = fid;
	register unsigned long r_a7 __asm__("a7") = eid;

	__asm__ volatile("ecall" : "+r"(r_a0), "+r"(r_a1) : "r"(r_a6), "r"(r_a7) : "memory");
	return (struct sbiret){(long)r_a0, (long)r_a1};
}

long bench_arch_hypercall(unsigned long nr, unsigned long a0, unsigned long a1)
{
	struct sbiret r = sbi_call2(SBI_EXT_BULKHEAD, nr, a0, a1);

	return r.error != 0 ? r.error : r.value;
}

size_t bench_arch_evtchn_pending_offset(void)
{
	return 48U; /* after vcpu_info[1], as on Arm */
}

static long hypercall(unsigned long nr)
{
	return bench_arch_hypercall(nr, 0, 0);
}

bool bench_arch_hypercall_null(void)
{
	return hypercall(63U) == -38L; /* unassigned: dispatched, -ENOSYS */
}

bool bench_arch_hypercall_version(void)
{
	return hypercall(17U) > 0; /* xen_version(XENVER_version) */
}

void bench_arch_mmio_read(void)
{
	(void)*(volatile uint8_t *)UART_LSR;
}

static bool sbi_spec_version(void)
{
	return sbi_call(SBI_EXT_BASE, 0, 0).error == 0;
}

void bench_arch_extra(void)
{
	bool ok = true;
	uint64_t v = bench_round_trip(sbi_spec_version, &ok);

	if (ok) {
		bench_printf("BENCH sbi_call get_spec_version=%llu\n", (unsigned long long)v);
	} else {
		bench_printf("BENCH sbi_call n/a=refused\n");
	}
}

void bench_arch_exit(void)
{
	(void)sbi_call(SBI_EXT_SRST, 0, 0); /* shutdown */
	for (;;) {
		__asm__ volatile("wfi");
	}
}

void bench_arch_relax(void)
{
	/* QEMU 7.2 has no RISC-V hint that leaves its CPU loop, and under
	 * -icount round robin a spinning hart keeps the host thread for up to
	 * 100 ms. Wait in WFI instead, no timer armed: Bulkhead blocks the
	 * vCPU (a WFI with the guest timer armed returns at once), the hart
	 * halts and the other runs, and the event's upcall (a software
	 * interrupt, cleared first so only a new one counts) wakes it. Used
	 * only for the evtchn figure, which therefore includes a block and a
	 * wake-up on each side. */
	__asm__ volatile("csrc sip, %0\n\twfi" : : "r"(2UL) : "memory");
}

uint64_t bench_arch_boot_clock(void)
{
	return bench_arch_count(); /* start.S reads the same counter */
}
