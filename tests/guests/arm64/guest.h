/*
 * The small runtime of the Arm64 test guests: hypercalls (HVC #0xEA1,
 * number in x16), PSCI (HVC #0), console output through console_io, the
 * boot arguments from the DTB, and the virtual GICv3/timer helpers.
 */
#ifndef GUEST_H
#define GUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Bulkhead/Xen hypercall: x16 = nr, x0.. = arguments; returns x0. */
long hypercall(unsigned long nr, unsigned long a0, unsigned long a1, unsigned long a2);

/* PSCI call through HVC #0 (the conduit the guest DT names). */
long psci(unsigned long fn, unsigned long a1, unsigned long a2, unsigned long a3);

#define PSCI_VERSION 0x84000000UL
#define PSCI_CPU_ON 0xc4000003UL
#define PSCI_SYSTEM_OFF 0x84000008UL
#define PSCI_SYSTEM_RESET 0x84000009UL

#define HYPERVISOR_console_io 18UL
#define CONSOLEIO_write 0UL

/* printf subset: %s %u %lu %x %lx %d %c %%, one console_io write a call. */
void gprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Write n bytes to this domain's console in one call (gprintf's output). */
void guest_console_write(const char *buf, size_t n);

/* Full barrier: guest stores seen by others (the hypervisor, other domains)
 * before the ones after it. */
static inline void guest_full_barrier(void)
{
	__asm__ volatile("dsb sy" ::: "memory");
}

/* The unsigned value of "key=<n>" in /chosen/bootargs, or dflt. */
unsigned long bootarg_num(const void *dtb, const char *key, unsigned long dflt);

/* Xen ABI subset the guests use (public/xen.h, memory.h, event_channel.h). */
#define HYPERVISOR_memory_op 12UL
#define HYPERVISOR_event_channel_op 32UL
#define XENMEM_add_to_physmap 7UL
#define XENMAPSPACE_shared_info 0U
#define DOMID_SELF 0x7ff0U
#define EVTCHNOP_send 4UL
#define EVTCHN_UPCALL_PPI 31U

struct vcpu_info {
	uint8_t evtchn_upcall_pending;
	uint8_t evtchn_upcall_mask;
	uint64_t evtchn_pending_sel;
	uint8_t time[32]; /* struct vcpu_time_info, unused here */
};
_Static_assert(sizeof(struct vcpu_info) == 48, "Xen Arm vcpu_info");

struct shared_info {
	struct vcpu_info vcpu_info[1]; /* XEN_LEGACY_MAX_VCPUS on Arm */
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

/* Map shared_info at guest-physical gpa (a page of our RAM). @return 0. */
long map_shared_info(uint64_t gpa);

/* Take event-channel upcalls (PPI 31 through the virtual GIC): unmask them
 * in vcpu_info and enable the PPI. on_event(port) runs per event. */
void evtchn_init(volatile struct shared_info *si, void (*on_event)(unsigned port));

/* Called by guest_irq for PPI 31: scan and clear. */
void evtchn_upcall(void);

/* EVTCHNOP_send on a local port. */
long evtchn_send(unsigned port);

/* WFI until *counter >= n, taking interrupts between waits. */
void wait_until(volatile unsigned *counter, unsigned n);
/* How often wait_until's WFI returned: about once per event when the vCPU
 * blocks, many times when the hypervisor only skips the WFI. */
extern unsigned wfi_returns;

/* Virtual GIC (gic.c). */
void gic_init_dist(void);
void gic_init_cpu(unsigned vcpu);
void gic_enable_local(unsigned vcpu, unsigned intid);
unsigned gic_ack(void); /* INTID, 1023 if none */
void gic_eoi(unsigned intid);
void gic_send_sgi(unsigned intid, unsigned target_vcpu);
#define VTIMER_PPI 27U

static inline uint64_t read_cntvct(void)
{
	uint64_t v;

	__asm__ volatile("isb\n\tmrs %0, cntvct_el0" : "=r"(v));
	return v;
}

static inline uint64_t read_cntfrq(void)
{
	uint64_t v;

	__asm__ volatile("mrs %0, cntfrq_el0" : "=r"(v));
	return v;
}

/* The counter guests time with, and its rate (the EL1 virtual counter). */
static inline uint64_t guest_counter(void)
{
	return read_cntvct();
}

static inline uint64_t guest_counter_hz(void)
{
	return read_cntfrq();
}

/* Provided by each guest. */
void guest_main(const void *dtb);
void guest_secondary(unsigned long id, unsigned long context);
void guest_irq(void);
void guest_trap(unsigned long esr, unsigned long elr);

#endif
