/*
 * Per-policy parameters and private state, embedded as typed members of the
 * framework's structs (see sched.h). Only the policy's own file reads or
 * writes its private state; the parameters come from the config.
 */
#ifndef SCHED_POLICY_DATA_H
#define SCHED_POLICY_DATA_H

#include <stdbool.h>
#include <stdint.h>

#include <hal/cpu.h>

struct sched_unit;

/* ---- null: one unit per pCPU, no parameters ---- */

struct null_unit {
	unsigned pcpu; /* the pCPU it owns for good */
};

struct null_pool {
	struct sched_unit *owner[HAL_MAX_CPUS]; /* NULL: pCPU idles */
};

/* ---- credit2: weights, caps, fair share ---- */

#define SCHED_CREDIT2_DEFAULT_WEIGHT 256U
#define SCHED_CREDIT2_MAX_WEIGHT 65535U
#define SCHED_CREDIT2_DEFAULT_SLICE_NS 10000000ULL    /* 10 ms */
#define SCHED_CREDIT2_DEFAULT_RATELIMIT_NS 1000000ULL /* 1 ms */
#define SCHED_CREDIT2_CAP_PERIOD_NS 10000000ULL       /* caps enforced per 10 ms */

struct sched_credit2_pool_cfg {
	uint64_t slice_ns;     /* longest run without a decision; 0 = default */
	uint64_t ratelimit_ns; /* shortest run before a wake-up preempts; 0 = default */
};

struct sched_credit2_unit_cfg {
	uint32_t weight; /* 1..65535; share relative to the pool's other units */
	uint32_t cap;    /* 0 = none, else percent of one pCPU (1..100) */
};

struct credit2_unit {
	int64_t credit;      /* ns of run time at the pool's top weight */
	uint64_t cap_left;   /* ns the cap still allows in cap_period */
	uint64_t cap_period; /* index of the cap period cap_left belongs to */
	uint64_t since;      /* start of its current uninterrupted run */
};

struct credit2_pool {
	uint64_t slice_ns;
	uint64_t ratelimit_ns;
	uint32_t max_weight;
	uint64_t resets; /* credit resets so far */
};

/* ---- RTDS: budget / period, global EDF ---- */

struct sched_rtds_pool_cfg {
	bool work_conserving; /* let units past their budget use idle time */
	bool allow_overload;  /* skip the utilisation bound (soft real time):
				 misses then fall on the latest deadlines */
};

struct sched_rtds_unit_cfg {
	uint64_t budget_ns; /* CPU time per period, <= period */
	uint64_t period_ns; /* also the relative deadline */
};

struct rtds_unit {
	uint64_t cur_budget;   /* left in the current period */
	uint64_t cur_deadline; /* end of the current period (absolute) */
	uint64_t misses;       /* periods that ended with budget left while runnable */
};

struct rtds_pool {
	bool work_conserving;
	bool allow_overload;
	uint64_t epoch; /* time the periods are counted from */
};

/* ---- ARINC 653: a major frame of fixed windows ---- */

#ifndef SCHED_A653_MAX_WINDOWS
#define SCHED_A653_MAX_WINDOWS 64U
#endif
#define SCHED_A653_IDLE UINT32_MAX      /* window owner: nobody (idle) */
#define SCHED_A653_ALL_VCPUS UINT32_MAX /* window for every vCPU of the domain */

struct sched_a653_window {
	uint32_t domid; /* owner, or SCHED_A653_IDLE */
	uint32_t vcpu;  /* one vCPU of it, or SCHED_A653_ALL_VCPUS */
	uint64_t duration_ns;
};

struct sched_a653_pool_cfg {
	uint64_t major_frame_ns; /* = sum of the windows' durations */
	unsigned nwindows;
	struct sched_a653_window windows[SCHED_A653_MAX_WINDOWS];
};

struct a653_pool {
	struct sched_a653_pool_cfg sched;
	uint64_t epoch; /* start of the first major frame */
};

#endif
