/*
 * The hypercall ABI Bulkhead implements (docs/hypercalls.md): Xen's public
 * numbers, sub-commands and structure layouts for the subset it supports
 * (public/xen.h, version.h, memory.h, vcpu.h, sched.h), plus Bulkhead's own
 * calls in a separate range. Event-channel and grant-table structures are in
 * core/xen_abi/ (core B); error numbers in core/xen_abi/xen.h.
 */
#ifndef CORE_HYPERCALL_ABI_H
#define CORE_HYPERCALL_ABI_H

#include <stddef.h>
#include <stdint.h>

#include <core/xen_abi/xen.h>

/* Hypercall numbers (public/xen.h). */
#define HYPERVISOR_memory_op 12U
#define HYPERVISOR_xen_version 17U
#define HYPERVISOR_console_io 18U
#define HYPERVISOR_grant_table_op 20U
#define HYPERVISOR_vcpu_op 24U
#define HYPERVISOR_sched_op 29U
#define HYPERVISOR_event_channel_op 32U

/* Bulkhead's own range: 0x100-0x1ff, never used by Xen. */
#define BH_HYPERCALL_BASE 0x100U
#define BH_HYPERCALL_LAST 0x1ffU
#define HYPERVISOR_bh_domctl 0x100U

/* xen_version(cmd, arg) (public/version.h). */
#define XENVER_version 0U
#define XENVER_extraversion 1U
#define XENVER_compile_info 2U
#define XENVER_capabilities 3U
#define XENVER_changeset 4U
#define XENVER_platform_parameters 5U
#define XENVER_get_features 6U
#define XENVER_pagesize 7U
#define XENVER_guest_handle 8U
#define XENVER_commandline 9U
#define BH_XEN_MAJOR 4U /* the Xen interface level Bulkhead reports */
#define BH_XEN_MINOR 19U
#define BH_XEN_VERSION 0x00040013L /* XENVER_version: (major << 16) | minor */

struct xen_feature_info {
	uint32_t submap_idx; /* IN */
	uint32_t submap;     /* OUT */
};
_Static_assert(sizeof(struct xen_feature_info) == 8U, "ABI");

/* console_io(cmd, count, buffer) (public/xen.h). */
#define CONSOLEIO_write 0U
#define CONSOLEIO_read 1U

/* memory_op(cmd, arg) (public/memory.h). */
#define XENMEM_add_to_physmap 7U
#define XENMAPSPACE_shared_info 0U
#define XENMAPSPACE_grant_table 1U
#define XENMAPIDX_grant_table_status 0x80000000U

struct xen_add_to_physmap {
	xen_domid_t domid; /* DOMID_SELF or own id */
	uint16_t size;     /* only for XENMAPSPACE_gmfn_range */
	uint32_t space;    /* XENMAPSPACE_* */
	uint64_t idx;      /* index into the space */
	uint64_t gpfn;     /* guest frame to map it at */
};
_Static_assert(sizeof(struct xen_add_to_physmap) == 24U, "ABI");

/* vcpu_op(cmd, vcpuid, arg) (public/vcpu.h). */
#define VCPUOP_is_up 3U
#define VCPUOP_set_singleshot_timer 8U
#define VCPUOP_stop_singleshot_timer 9U
#define VCPUOP_register_vcpu_info 10U
#define VCPU_SSHOTTMR_future (1U << 0)

struct vcpu_register_vcpu_info {
	uint64_t mfn;    /* guest frame holding the vcpu_info */
	uint32_t offset; /* its offset within the frame */
	uint32_t rsvd;
};
_Static_assert(sizeof(struct vcpu_register_vcpu_info) == 16U, "ABI");

struct vcpu_set_singleshot_timer {
	uint64_t timeout_abs_ns; /* system time (hal_time_now_ns clock) */
	uint32_t flags;          /* VCPU_SSHOTTMR_* */
	uint32_t pad;
};
_Static_assert(sizeof(struct vcpu_set_singleshot_timer) == 16U, "ABI");

/* sched_op(cmd, arg) (public/sched.h). */
#define SCHEDOP_yield 0U
#define SCHEDOP_block 1U
#define SCHEDOP_shutdown 2U
#define SCHEDOP_poll 3U
#define SHUTDOWN_poweroff 0U
#define SHUTDOWN_reboot 1U
#define SHUTDOWN_suspend 2U
#define SHUTDOWN_crash 3U
#define SHUTDOWN_watchdog 4U
#define SCHED_POLL_MAX_PORTS 128U

struct sched_shutdown {
	uint32_t reason; /* SHUTDOWN_* */
};

struct sched_poll {
	uint64_t ports; /* guest handle: array of evtchn_port_t */
	uint32_t nr_ports;
	uint32_t pad;
	uint64_t timeout; /* absolute ns, 0 = none */
};
_Static_assert(sizeof(struct sched_poll) == 24U, "ABI");

/* bh_domctl(cmd, domid, arg): control-domain operations on other domains. */
#define BH_DOMCTL_query 0U /* arg: struct bh_domain_info (OUT) */
#define BH_DOMCTL_pause 1U
#define BH_DOMCTL_unpause 2U
#define BH_DOMCTL_reset 3U

#define BH_DOMSTATE_created 0U
#define BH_DOMSTATE_running 1U
#define BH_DOMSTATE_paused 2U
#define BH_DOMSTATE_shutdown 3U
#define BH_DOMSTATE_crashed 4U

struct bh_domain_info {
	uint16_t domid;
	uint8_t role;  /* 0 domU, 1 control, 2 hardware */
	uint8_t state; /* BH_DOMSTATE_* */
	uint32_t nr_vcpus;
	uint32_t caps;
	uint32_t shutdown_reason;
	uint64_t resets;
	uint64_t faults;
	uint64_t denied; /* hypercalls this domain was refused */
	char name[32];
};
_Static_assert(sizeof(struct bh_domain_info) == 72U, "ABI");

#endif
