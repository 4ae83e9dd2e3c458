/*
 * Domains and vCPUs (see core/domain.c, core/domain_reset.c).
 *
 * Every domain lives in a static table indexed by its id, built at boot from
 * the manifest (or, in tests, from a struct domain_config) and never freed.
 * A domain owns its RAM regions, its stage-2 address space and its vCPUs.
 *
 * States:  CREATED --start--> RUNNING <--pause/unpause--> PAUSED
 *          RUNNING --shutdown--> SHUTDOWN, --fault(crash)--> CRASHED
 *          any --reset--> RUNNING (scrub, reload, vCPUs from entry)
 */
#ifndef CORE_DOMAIN_H
#define CORE_DOMAIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <core/console.h>
#include <core/evtchn.h>
#include <core/grant.h>
#include <core/limits.h>
#include <core/manifest.h>
#include <hal/arch_types.h>
#include <lib/spinlock.h>

enum domain_role {
	ROLE_DOMU = MANIFEST_ROLE_DOMU,
	ROLE_CONTROL = MANIFEST_ROLE_CONTROL,
	ROLE_HARDWARE = MANIFEST_ROLE_HARDWARE,
};

enum domain_state {
	DOMAIN_CREATED = 0,
	DOMAIN_RUNNING,
	DOMAIN_PAUSED,
	DOMAIN_SHUTDOWN,
	DOMAIN_CRASHED,
};

enum fault_policy {
	FAULT_POLICY_CRASH = MANIFEST_FAULT_CRASH,
	FAULT_POLICY_RESET = MANIFEST_FAULT_RESET,
};

enum vcpu_state {
	VCPU_OFFLINE = 0, /* not started (secondary before CPU_ON) or stopped */
	VCPU_RUNNABLE,    /* may be picked by the scheduler */
	VCPU_BLOCKED,     /* waits for an event (HALT, SCHEDOP_block/poll) */
};

/* One guest RAM region: [gpa, gpa + size) backed by [pa, pa + size). */
struct mem_region {
	uint64_t gpa;
	uint64_t pa;
	uint64_t size;
};

/* A pristine image the domain is (re)loaded from, never guest-writable. */
struct domain_image {
	const void *data; /* hypervisor pointer (packed image or test buffer) */
	uint64_t size;
	uint64_t load_gpa;
};

/* A page XENMEM_add_to_physmap put at gpa, and the RAM page it replaced. */
struct physmap_entry {
	uint64_t gpa;
	uint32_t space; /* XENMAPSPACE_* */
	uint64_t idx;
	bool replaced_ram;
	uint64_t old_pa;
	unsigned old_perm;
};

/* A physical interrupt passed through to the domain. */
struct domain_irq {
	uint32_t host_irq;
	uint32_t guest_irq;
};

enum { DOMAIN_IMG_KERNEL = 0, DOMAIN_IMG_RAMDISK, DOMAIN_IMG_BOOT_DATA, DOMAIN_NR_IMAGES };

struct vcpu {
	struct vcpu_arch arch; /* backend state, opaque to the core */
	struct domain *domain;
	unsigned id;   /* index in domain->vcpu[] */
	unsigned pcpu; /* pinned pCPU */
	enum vcpu_state state;
	uint64_t timer_deadline_ns; /* VCPUOP_set_singleshot_timer, 0 = off */
	uint32_t poll_port;         /* SCHEDOP_poll: port waited on, 0 = none */
	uint64_t poll_deadline_ns;  /* SCHEDOP_poll timeout, 0 = none */
	uint64_t exits;             /* statistics */
	uint32_t generation;        /* bumped on every hal_vcpu_init */
	bool wake_pending;          /* vcpu_wake() came while runnable: next block returns */
	unsigned sched_unit;        /* unit id in the sched/ framework */
	struct evtchn_vcpu evtchn;  /* core B's per-vCPU state */
};

struct domain_stats {
	uint64_t hypercalls;
	uint64_t denied; /* hypercalls refused by the policy (-EPERM) */
	uint64_t faults;
	uint64_t resets;
	uint64_t fault_window_start; /* reset-loop detection, see domain_handle_fault */
	unsigned fault_resets_in_window;
};

struct domain {
	uint16_t id;
	bool in_use;
	char name[CORE_NAME_LEN];
	enum domain_role role;
	uint32_t caps; /* MANIFEST_CAP_* */
	enum domain_state state;
	enum fault_policy fault_policy;
	bool unmapped_raz;        /* unclaimed MMIO: read as zero, writes ignored */
	bool ram_unscrubbed_ok;   /* next domain_load() may skip the RAM scrub (cold boot only) */
	unsigned shutdown_reason; /* Xen SHUTDOWN_* of the last shutdown */
	spinlock_t lock;          /* state, mem, physmap; see core/domain.c */

	struct as_arch as; /* stage-2, opaque to the core */
	unsigned nr_mem;
	struct mem_region mem[CORE_MAX_MEM];
	unsigned nr_physmap; /* pages added by XENMEM_add_to_physmap */
	struct physmap_entry physmap[CORE_MAX_PHYSMAP];

	unsigned nr_irqs;
	struct domain_irq irqs[CORE_MAX_IRQS];

	struct domain_image image[DOMAIN_NR_IMAGES];
	uint64_t entry;
	uint64_t boot_arg; /* first argument register of vCPU 0 */

	unsigned nr_vcpus;
	struct vcpu vcpu[CORE_MAX_VCPUS];

	void *shared_info;       /* hypervisor view of the shared_info page */
	uint64_t shared_info_pa; /* its host-physical address */

	struct domain_console console;
	struct domain_stats stats;
	const struct manifest_domain *manifest; /* NULL for test-built domains */

	struct evtchn_domain evtchn; /* core B */
	struct grant_domain grant;   /* core B */
};

/* The domain with this id, or NULL (no such domain, or id out of range). */
struct domain *domain_by_id(uint16_t id);

/* vCPU id of d, or NULL when id >= d->nr_vcpus. */
struct vcpu *domain_vcpu(struct domain *d, unsigned id);

/* The vCPU running on this pCPU, or NULL while idle. */
struct vcpu *current_vcpu(void);

/*
 * Mark an event-channel upcall for v: inject hal_irq_upcall_virq() through
 * the HAL and wake v if it is blocked. Callable from any pCPU.
 * @pre the caller has set evtchn_upcall_pending in v's vcpu_info.
 */
void vcpu_raise_upcall(struct vcpu *v);

/* Make v runnable if it is blocked (events, timers). */
void vcpu_wake(struct vcpu *v);

/* Block v until vcpu_wake(). */
void vcpu_block(struct vcpu *v);

/*
 * Lifecycle, for the control plane and fault handling. Each returns 0 or a
 * negative Xen errno; pause/unpause/reset take effect before they return on
 * the host and at the target's next exit on hardware (its pCPUs are kicked).
 */
int domain_start(struct domain *d);
int domain_pause(struct domain *d);
int domain_unpause(struct domain *d);
int domain_shutdown(struct domain *d, unsigned reason);
void domain_crash(struct domain *d);
int domain_reset(struct domain *d);

/* Apply d's fault policy after a guest fault: crash or reset d only. */
void domain_handle_fault(struct domain *d);

/* Iteration helper: number of slots in the domain table. */
#define DOMAIN_TABLE_SIZE CORE_MAX_DOMAINS

#endif
