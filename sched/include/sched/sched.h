/*
 * Scheduler framework: the API the core calls.
 *
 * Design: one `struct sched` instance holds every scheduling unit (one per
 * vCPU) and every cpupool in static arrays sized by build constants; nothing
 * is allocated. pCPUs are partitioned into cpupools; each pool runs one
 * policy (null, credit2, RTDS, ARINC 653) through a const ops table, with
 * its private state embedded as a typed member. The scheduler has no
 * periodic tick: pick_next() returns, with the unit to run, the absolute
 * time at which it must be called again on that pCPU (SCHED_TIME_NONE =
 * never, tickless). Calls that make a pCPU's choice stale (wake, sleep,
 * yield) return a mask of pCPUs the caller must reschedule (an IPI on
 * another pCPU, a direct pick_next() call on its own).
 *
 * The framework knows nothing of the core's domain and vCPU structs: the
 * core keeps the unit id that sched_unit_add() returns in its vCPU.
 *
 * Locking: each cpupool has a spinlock; every call below takes the lock of
 * the one pool it touches (a unit's pool, or a pCPU's pool), never two.
 * sched_setup() and sched_unit_add/remove() run before the pCPUs schedule
 * (boot) or with the pool quiescent.
 */
#ifndef SCHED_SCHED_H
#define SCHED_SCHED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "policy_data.h" /* same folder: found without inc_sched */
#include <hal/cpu.h>
#include <lib/spinlock.h>

/* Build-time maxima (override with -D). */
#ifndef SCHED_MAX_UNITS
#define SCHED_MAX_UNITS 128U
#endif
#ifndef SCHED_MAX_POOLS
#define SCHED_MAX_POOLS 8U
#endif
#define SCHED_MAX_CPUS HAL_MAX_CPUS
_Static_assert(SCHED_MAX_CPUS <= 64U, "cpu masks are 64-bit");

/* "No deadline": the pCPU needs no timer (tickless). */
#define SCHED_TIME_NONE UINT64_MAX
/* Largest time parameter accepted (one hour): anything above is taken as a
 * negative value that went through an unsigned field. */
#define SCHED_MAX_PARAM_NS (3600ULL * 1000000000ULL)

/* Errors, negative errno values with Xen's numbering. */
#define SCHED_ENOENT 2
#define SCHED_EBUSY 16
#define SCHED_EINVAL 22
#define SCHED_ENOSPC 28

typedef uint64_t sched_cpumask_t;

enum sched_policy {
	SCHED_POLICY_NULL = 0,
	SCHED_POLICY_CREDIT2 = 1,
	SCHED_POLICY_RTDS = 2,
	SCHED_POLICY_ARINC653 = 3,
	SCHED_POLICY_COUNT
};

/* ---- Configuration (filled by the config layer from the manifest) ---- */

struct sched_pool_cfg {
	unsigned id; /* any value, unique; units name their pool by it */
	enum sched_policy policy;
	sched_cpumask_t cpus; /* disjoint from every other pool, not empty */
	union {
		struct sched_credit2_pool_cfg credit2;
		struct sched_rtds_pool_cfg rtds;
		struct sched_a653_pool_cfg a653;
	} p;
};

struct sched_unit_cfg {
	unsigned domid;
	unsigned vcpu;
	unsigned pool;            /* sched_pool_cfg.id */
	sched_cpumask_t affinity; /* hard affinity; 0 = every pCPU of the pool */
	union {
		struct sched_credit2_unit_cfg credit2;
		struct sched_rtds_unit_cfg rtds;
	} p;
};

struct sched_config {
	unsigned npools;
	struct sched_pool_cfg pools[SCHED_MAX_POOLS];
	unsigned nunits;
	struct sched_unit_cfg units[SCHED_MAX_UNITS];
};

/* Where a validation error message goes (the config layer prints it). */
struct sched_err {
	char *buf;
	size_t size;
};

/* ---- Run-time objects ---- */

enum sched_unit_state {
	SCHED_UNIT_FREE = 0, /* slot unused */
	SCHED_UNIT_BLOCKED,
	SCHED_UNIT_RUNNABLE,
};

#define SCHED_CPU_NONE UINT32_MAX

struct sched_unit {
	unsigned id; /* index in struct sched.units */
	enum sched_unit_state state;
	struct sched_unit_cfg cfg; /* domid, vcpu, pool, affinity, parameters */
	struct cpupool *pool;
	sched_cpumask_t affinity; /* effective: cfg.affinity & pool cpus */
	unsigned running_on;      /* pCPU, or SCHED_CPU_NONE */
	uint64_t run_start;       /* when it started running there */
	bool yield;               /* asked to give way once */
	union {
		struct null_unit null;
		struct credit2_unit credit2;
		struct rtds_unit rtds;
	} priv;
};

struct sched_ops;

struct cpupool {
	bool used;
	unsigned id;
	enum sched_policy policy;
	const struct sched_ops *ops;
	sched_cpumask_t cpus;
	unsigned ncpus;
	unsigned nunits;
	struct sched_unit *units[SCHED_MAX_UNITS]; /* members, in add order */
	spinlock_t lock;
	union {
		struct null_pool null;
		struct credit2_pool credit2;
		struct rtds_pool rtds;
		struct a653_pool a653;
	} priv;
};

/* What to run on a pCPU, and until when. */
struct sched_decision {
	struct sched_unit *unit; /* NULL: idle */
	uint64_t deadline;       /* absolute ns, > now, or SCHED_TIME_NONE */
	sched_cpumask_t tickle;  /* other pCPUs that must choose again now */
};

struct sched {
	struct sched_unit units[SCHED_MAX_UNITS];
	struct cpupool pools[SCHED_MAX_POOLS];
	struct cpupool *cpu_pool[SCHED_MAX_CPUS];    /* NULL: pCPU in no pool */
	struct sched_unit *cpu_curr[SCHED_MAX_CPUS]; /* NULL: idle */
};

/* ---- API ---- */

/*
 * Build every pool and unit of cfg into s (s is reset first), validating
 * all parameters. On error s is left empty, the message names the pool or
 * unit and the rule broken.
 * @return 0, or -SCHED_EINVAL / -SCHED_ENOSPC with err filled.
 */
int sched_setup(struct sched *s, const struct sched_config *cfg, struct sched_err *err);

/* Empty s: no pools, no units. */
void sched_reset(struct sched *s);

/*
 * Set time zero of every pool's periods (RTDS) and major frames (ARINC 653)
 * to now. Call once, before the first sched_pick_next(); without it time
 * zero is 0.
 */
void sched_start(struct sched *s, uint64_t now);

/*
 * Create one pool from its parameters.
 * @return 0 or a negative error with err filled.
 */
int sched_pool_create(struct sched *s, const struct sched_pool_cfg *cfg, struct sched_err *err);

/*
 * Add one unit (blocked) to its pool; the policy validates its parameters.
 * @return the unit id (>= 0) or a negative error with err filled.
 */
int sched_unit_add(struct sched *s, const struct sched_unit_cfg *cfg, struct sched_err *err);

/*
 * Remove a unit that is not running.
 * @return 0, -SCHED_ENOENT (no such unit) or -SCHED_EBUSY (running).
 */
int sched_unit_remove(struct sched *s, unsigned id);

/*
 * Cross-checks that need every unit (e.g. ARINC 653 windows naming a domain
 * with no vCPU in the pool). sched_setup() calls it last.
 * @return 0 or -SCHED_EINVAL with err filled.
 */
int sched_check(const struct sched *s, struct sched_err *err);

/* The unit with this id, or NULL. */
struct sched_unit *sched_unit_get(struct sched *s, unsigned id);

/* The pool with this id, or NULL. */
struct cpupool *sched_pool_get(struct sched *s, unsigned id);

/* The pool a pCPU belongs to, or NULL. */
struct cpupool *sched_cpu_pool(struct sched *s, unsigned pcpu);

/* The unit of (domid, vcpu), or NULL. */
struct sched_unit *sched_unit_find(struct sched *s, unsigned domid, unsigned vcpu);

/*
 * The unit became runnable (event, timer, start of the domain).
 * @return mask of pCPUs that must call sched_pick_next() now.
 */
sched_cpumask_t sched_wake(struct sched *s, unsigned id, uint64_t now);

/*
 * The unit blocks (halt, SCHEDOP_block) or is paused.
 * @return mask of pCPUs that must call sched_pick_next() now (its own pCPU
 *         if it was running).
 */
sched_cpumask_t sched_sleep(struct sched *s, unsigned id, uint64_t now);

/*
 * The running unit gives way once (SCHEDOP_yield).
 * @return mask of pCPUs that must call sched_pick_next() now.
 */
sched_cpumask_t sched_unit_yield(struct sched *s, unsigned id, uint64_t now);

/*
 * Choose what pCPU `pcpu` runs from `now`. Charges the unit that ran there
 * since its last pick. Called at the previous decision's deadline (the
 * timer), when a mask above names this pCPU, or at any other time.
 * @post the unit returned, if any, is runnable, in the pCPU's pool, allowed
 *       on pcpu by its hard affinity and running nowhere else.
 */
struct sched_decision sched_pick_next(struct sched *s, unsigned pcpu, uint64_t now);

/* Print every pool and unit with printk. */
void sched_dump(struct sched *s);

/* Policy name ("null", "credit2", "rtds", "arinc653") or "?". */
const char *sched_policy_name(enum sched_policy p);

/* Pool id name → policy; -1 if unknown. */
int sched_policy_from_name(const char *name);

#endif
