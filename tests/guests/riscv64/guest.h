/*
 * The small runtime of the RISC-V test guests: SBI calls, console output,
 * the boot arguments from the DTB.
 */
#ifndef GUEST_H
#define GUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct sbiret {
	long error;
	long value;
};

#define SBI_EXT_BASE 0x10UL
#define SBI_EXT_TIME 0x54494D45UL
#define SBI_EXT_HSM 0x48534DUL
#define SBI_EXT_SRST 0x53525354UL
#define SBI_EXT_DBCN 0x4442434EUL
#define SBI_EXT_BULKHEAD 0x0942484BUL

struct sbiret sbi_call(unsigned long eid, unsigned long fid, unsigned long a0, unsigned long a1,
                       unsigned long a2);

/* Legacy console putchar (EID 0x01). */
void sbi_legacy_putchar(int c);

/* Write through DBCN console_write (a buffer in guest memory). */
long sbi_dbcn_write(const char *s, size_t n);

/* printf subset: %s %u %lu %x %lx %d %c %%, output through DBCN. */
void gprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Write n bytes to this domain's console in one call (gprintf's output). */
void guest_console_write(const char *buf, size_t n);

/* 32-bit device register access (vPLIC, vAPLIC, IMSIC pages). */
static inline void mmio_write32(unsigned long addr, uint32_t value)
{
	*(volatile uint32_t *)addr = value;
}

static inline uint32_t mmio_read32(unsigned long addr)
{
	return *(volatile uint32_t *)addr;
}

/* Print s through the ns16550 at base itself (THR stores, LSR polled):
 * the trapped-MMIO path, not SBI. uart_thr.c */
void uart_puts_thr(unsigned long base, const char *s);

/* The counter guests time with, and its rate (rdtime; QEMU virt's
 * timebase). */
static inline uint64_t guest_counter(void)
{
	unsigned long t;

	__asm__ volatile("rdtime %0" : "=r"(t));
	return t;
}

static inline uint64_t guest_counter_hz(void)
{
	return 10000000UL;
}

/* Full barrier: guest stores seen by others (the hypervisor, other domains)
 * before the ones after it. */
static inline void guest_full_barrier(void)
{
	__asm__ volatile("fence rw, rw" ::: "memory");
}

/* The unsigned value of "key=<n>" in /chosen/bootargs, or dflt. */
unsigned long bootarg_num(const void *dtb, const char *key, unsigned long dflt);

/* SRST system_reset(type); returns only on failure. */
long sbi_system_reset(unsigned long type);

/* Bulkhead/Xen hypercall through the vendor SBI extension: the result
 * (a1), or the SBI error (a0) when the call itself was refused. */
long hypercall(unsigned long nr, unsigned long a0, unsigned long a1, unsigned long a2);

/* Xen ABI subset the guests use (public/xen.h, memory.h, event_channel.h). */
#define HYPERVISOR_memory_op 12UL
#define HYPERVISOR_console_io 18UL
#define HYPERVISOR_grant_table_op 20UL
#define HYPERVISOR_sched_op 29UL
#define HYPERVISOR_event_channel_op 32UL
#define XENMEM_add_to_physmap 7UL
#define XENMAPSPACE_shared_info 0U
#define XENMAPSPACE_grant_table 1U
#define DOMID_SELF 0x7ff0U
#define EVTCHNOP_send 4UL

struct vcpu_info {
	uint8_t evtchn_upcall_pending;
	uint8_t evtchn_upcall_mask;
	uint64_t evtchn_pending_sel;
	uint8_t time[32]; /* struct vcpu_time_info, unused here */
};
_Static_assert(sizeof(struct vcpu_info) == 48, "Xen Arm/RISC-V vcpu_info");

struct shared_info {
	struct vcpu_info vcpu_info[1]; /* XEN_LEGACY_MAX_VCPUS on Arm/RISC-V */
	uint64_t evtchn_pending[64];
	uint64_t evtchn_mask[64];
};

struct xen_add_to_physmap {
	uint16_t domid;
	uint16_t size;
	uint32_t space;
	uint64_t idx;
	uint64_t gpfn;
};

/* bh_domctl(query) answer (Bulkhead hypercall 0x100, docs/hypercalls.md). */
#define HYPERVISOR_bh_domctl 0x100UL
#define BH_DOMCTL_query 0UL

struct bh_domain_info {
	uint16_t domid;
	uint8_t role;
	uint8_t state;
	uint32_t nr_vcpus;
	uint32_t caps;
	uint32_t shutdown_reason;
	uint64_t resets;
	uint64_t faults;
	uint64_t denied;
	char name[32];
};
_Static_assert(sizeof(struct bh_domain_info) == 72, "Bulkhead ABI");

/* Map shared_info at guest-physical gpa (a page of our RAM). @return 0. */
long map_shared_info(uint64_t gpa);

/* Take event-channel upcalls (S-mode software interrupt): unmask them in
 * vcpu_info and enable the interrupt. on_event(port) runs per event. */
void evtchn_init(volatile struct shared_info *si, void (*on_event)(unsigned port));

/* Called by guest_trap for the software interrupt: scan and clear. */
void evtchn_upcall(void);

/* Wait (WFI) until *counter >= n, without the lost-wakeup race: the check
 * and the WFI run with interrupts masked (WFI still wakes on a pending
 * enabled interrupt), which are then taken in a short open window. */
void wait_until(volatile unsigned *counter, unsigned n);

/* EVTCHNOP_send on a local port. */
long evtchn_send(unsigned port);

/* Provided by each guest. */
void guest_main(unsigned long hartid, const void *dtb);
void guest_secondary(unsigned long hartid, unsigned long opaque);
void guest_trap(unsigned long scause, unsigned long sepc);

#endif
