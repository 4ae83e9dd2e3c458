/*
 * Bulkhead benchmark guest: the measurements common to every ISA.
 *
 * Design: one guest image per ISA runs both bare-metal on QEMU and as a
 * domain under Bulkhead; it decides which at run time (bench_arch_hosted).
 * The common part (bench.c) sequences the measurements and prints one
 * "BENCH <figure> key=value ..." line per figure on the console; the arch
 * part (tests/bench/<arch>/) supplies the counter, the timer interrupt, the
 * hypercall conduit and the MMIO register. Values are counter ticks of the
 * guest-visible counter; scripts/bulkhead-bench converts them to QEMU
 * instructions (-icount shift=4: one instruction = 16 ns).
 */
#ifndef BENCH_H
#define BENCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Counter value at the guest's first instruction (set by start.S). */
extern uint64_t bench_boot_count;

/* ---- provided by tests/bench/<arch>/ ---- */
const char *bench_arch_name(void);
void bench_arch_putc(char c);
uint64_t bench_arch_count(void);    /* the guest-visible counter */
uint64_t bench_arch_count_hz(void); /* its frequency */
/* The counter start.S read into bench_boot_count (Arm64: the physical
 * counter, which no domain offset moves; elsewhere bench_arch_count()):
 * one clock from QEMU start for every domain, for the boot figures. */
uint64_t bench_arch_boot_clock(void);
bool bench_arch_hosted(void);   /* running under Bulkhead? */
void bench_arch_irq_init(void); /* timer interrupt routed, masked */
/*
 * Arm the timer at deadline, wait for its interrupt (spinning, or in WFI
 * when idle is true) and return the counter value read by the first
 * instruction of the interrupt handler.
 */
uint64_t bench_arch_timer_wait(uint64_t deadline, bool idle);
/* The name of the timer path measured (e.g. "cntv", "sstc"). */
const char *bench_arch_timer_path(void);
/* One null hypercall / xen_version round trip; false: no conduit. */
bool bench_arch_hypercall_null(void);
bool bench_arch_hypercall_version(void);
/* One read of the UART status register. */
void bench_arch_mmio_read(void);
/* A Xen-ABI hypercall through the arch's conduit (negative: error). */
long bench_arch_hypercall(unsigned long nr, unsigned long a0, unsigned long a1);
/* Offset of evtchn_pending[] in shared_info (Arm/RISC-V 48, x86 2048). */
size_t bench_arch_evtchn_pending_offset(void);
/* In a poll loop: a spin-wait hint (Arm64 YIELD, x86 PAUSE). Under QEMU's
 * single-threaded -icount round robin it also hands the host thread to the
 * next QEMU CPU, so a domain polling on one pCPU does not hold off the
 * domain it waits for on another for a whole 100 ms time slice. */
void bench_arch_relax(void);
/* Print the arch's own "BENCH" figures (e.g. the SBI call round trip). */
void bench_arch_extra(void);
/* Stop: tell QEMU / the hypervisor the guest is done. */
void bench_arch_exit(void);

/* ---- common ---- */
/* Called by start.S: bench.c runs the benchmark, noise.c the neighbour. */
void bench_entry(void);
void bench_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Median ticks of fn() between two counter reads, with the cost of an empty
 * pair of reads subtracted; *ok is false (and 0 returned) when fn fails.
 */
uint64_t bench_round_trip(bool (*fn)(void), bool *ok);
/* Measure (and remember) the median cost of an empty pair of reads. */
uint64_t bench_calibrate_pair(void);

/* Event channel of the evtchn figure (evtchn.c): the static port both
 * ends bind in tests/bench/configs/<arch>-bench-evtchn.dts. */
#define BENCH_EVTCHN_PORT 10U
bool bench_evtchn_map(void);
bool bench_evtchn_pending(void);
void bench_evtchn_clear(void);
long bench_evtchn_send(void);

/* Order statistics of n samples (sorted in place). */
struct bench_stats {
	uint64_t min, median, p99, max;
};
void bench_stats(uint64_t *v, size_t n, struct bench_stats *out);

#endif
