/*
 * ARINC 653: a major frame of fixed windows, repeated exactly.
 *
 * Design: the pool's schedule is a list of windows, each with a duration
 * and an owner (a domain, optionally one vCPU of it, or nobody). Window k
 * of frame n starts at epoch + n * major_frame + sum of the durations of
 * windows 0..k-1: time alone decides which window is current, so a late
 * invocation cannot shift later windows and the frame never drifts. Every
 * pCPU of the pool follows the same schedule; in a window, a pCPU runs a
 * runnable vCPU of the owner that its hard affinity allows (the one it ran
 * before if possible, else the first added; a yielding vCPU gives way to
 * another vCPU of the owner). When the owner has nothing
 * runnable the pCPU idles: a window is never lent to another domain. Each
 * decision lasts exactly to the end of the current window.
 *
 * Validation: durations > 0, their sum equal to the major frame, every
 * owner a domain with a vCPU in the pool (checked once all units exist).
 *
 * Locking: the pool lock, held by the framework around every hook.
 */
#include <lib/print.h>

#include "private.h"

/* [impl->dsn~sched-param-validation~1] */
static int check_windows(const struct cpupool *p, const struct sched_a653_pool_cfg *c,
                         struct sched_err *err)
{
	uint64_t sum = 0;

	if (c->nwindows == 0U || c->nwindows > SCHED_A653_MAX_WINDOWS) {
		return sched_fail(err, "cpupool %u (arinc653): %u windows, need 1..%u", p->id,
		                  c->nwindows, SCHED_A653_MAX_WINDOWS);
	}
	for (unsigned i = 0; i < c->nwindows; i++) {
		uint64_t len = c->windows[i].duration_ns;

		if (len == 0U || len > SCHED_MAX_PARAM_NS) {
			return sched_fail(
			        err,
			        "cpupool %u (arinc653): window %u duration %llu ns must be "
			        "in 1..%llu",
			        p->id, i, (unsigned long long)len, SCHED_MAX_PARAM_NS);
		}
		sum += len;
	}
	if (sum != c->major_frame_ns) {
		return sched_fail(
		        err,
		        "cpupool %u (arinc653): windows sum to %llu ns but the major frame "
		        "is %llu ns",
		        p->id, (unsigned long long)sum, (unsigned long long)c->major_frame_ns);
	}
	return 0;
}

static int a653_pool_init(struct cpupool *p, const struct sched_pool_cfg *cfg,
                          struct sched_err *err)
{
	int rc = check_windows(p, &cfg->p.a653, err);

	if (rc != 0) {
		return rc;
	}
	p->priv.a653.sched = cfg->p.a653;
	p->priv.a653.epoch = 0;
	return 0;
}

static int a653_unit_add(struct cpupool *p, struct sched_unit *u, struct sched_err *err)
{
	(void)p;
	(void)u;
	(void)err;
	return 0;
}

static bool owner_has_unit(const struct cpupool *p, const struct sched_a653_window *w)
{
	for (unsigned i = 0; i < p->nunits; i++) {
		const struct sched_unit *u = p->units[i];

		if (u->cfg.domid == w->domid &&
		    (w->vcpu == SCHED_A653_ALL_VCPUS || u->cfg.vcpu == w->vcpu)) {
			return true;
		}
	}
	return false;
}

static int a653_check(const struct cpupool *p, struct sched_err *err)
{
	const struct sched_a653_pool_cfg *c = &p->priv.a653.sched;

	for (unsigned i = 0; i < c->nwindows; i++) {
		const struct sched_a653_window *w = &c->windows[i];

		if (w->domid != SCHED_A653_IDLE && !owner_has_unit(p, w)) {
			return sched_fail(
			        err,
			        "cpupool %u (arinc653): window %u names domain %u vCPU %d, "
			        "which has no vCPU in this pool",
			        p->id, i, w->domid,
			        w->vcpu == SCHED_A653_ALL_VCPUS ? -1 : (int)w->vcpu);
		}
	}
	return 0;
}

static void a653_start(struct cpupool *p, uint64_t now)
{
	p->priv.a653.epoch = now;
}

/* The window containing now; *end = its absolute end. */
static const struct sched_a653_window *current_window(const struct a653_pool *a, uint64_t now,
                                                      uint64_t *end)
{
	const struct sched_a653_pool_cfg *c = &a->sched;
	uint64_t frame_start;
	uint64_t t;

	if (now < a->epoch) {
		*end = a->epoch;
		return NULL; /* before the first frame: idle */
	}
	frame_start = now - (now - a->epoch) % c->major_frame_ns;
	t = frame_start;
	for (unsigned i = 0; i < c->nwindows; i++) {
		t += c->windows[i].duration_ns;
		if (now < t) {
			*end = t;
			return &c->windows[i];
		}
	}
	*end = frame_start + c->major_frame_ns; /* not reached: the sum is the frame */
	return NULL;
}

static bool owns(const struct sched_a653_window *w, const struct sched_unit *u)
{
	return w->domid != SCHED_A653_IDLE && u->cfg.domid == w->domid &&
	       (w->vcpu == SCHED_A653_ALL_VCPUS || u->cfg.vcpu == w->vcpu);
}

/* [impl->dsn~sched-a653-windows~1] [impl->dsn~sched-a653-no-lending~1] */
static struct sched_decision a653_pick_next(struct cpupool *p, unsigned pcpu,
                                            struct sched_unit *prev, uint64_t now)
{
	struct sched_decision d = {NULL, SCHED_TIME_NONE, 0};
	const struct sched_a653_window *w = current_window(&p->priv.a653, now, &d.deadline);

	if (w == NULL) {
		return d;
	}
	bool prev_ok = prev != NULL && owns(w, prev) && sched_unit_can_run(prev, pcpu);

	if (prev_ok && !prev->yield) {
		d.unit = prev;
		return d;
	}
	for (unsigned i = 0; i < p->nunits; i++) {
		struct sched_unit *u = p->units[i];

		if (u != prev && owns(w, u) && sched_unit_can_run(u, pcpu)) {
			d.unit = u;
			return d;
		}
	}
	d.unit = prev_ok ? prev : NULL;
	return d;
}

static sched_cpumask_t a653_wake(struct cpupool *p, struct sched_unit *u, uint64_t now)
{
	uint64_t end;
	const struct sched_a653_window *w = current_window(&p->priv.a653, now, &end);
	sched_cpumask_t busy = 0;

	if (w == NULL || !owns(w, u)) {
		return 0;
	}
	for (unsigned i = 0; i < p->nunits; i++) {
		if (p->units[i]->running_on != SCHED_CPU_NONE) {
			busy |= sched_cpu_bit(p->units[i]->running_on);
		}
	}
	sched_cpumask_t idle = u->affinity & ~busy;

	return idle & (~idle + 1U);
}

static void a653_dump(const struct cpupool *p)
{
	const struct sched_a653_pool_cfg *c = &p->priv.a653.sched;

	printk("  arinc653: major frame %llu ns, %u windows, epoch %llu\n",
	       (unsigned long long)c->major_frame_ns, c->nwindows,
	       (unsigned long long)p->priv.a653.epoch);
	for (unsigned i = 0; i < c->nwindows; i++) {
		const struct sched_a653_window *w = &c->windows[i];

		if (w->domid == SCHED_A653_IDLE) {
			printk("  arinc653: window %u: idle for %llu ns\n", i,
			       (unsigned long long)w->duration_ns);
		} else {
			printk("  arinc653: window %u: domain %u vCPU %d for %llu ns\n", i,
			       w->domid, w->vcpu == SCHED_A653_ALL_VCPUS ? -1 : (int)w->vcpu,
			       (unsigned long long)w->duration_ns);
		}
	}
}

const struct sched_ops sched_arinc653_ops = {
        .name = "arinc653",
        .pool_init = a653_pool_init,
        .unit_add = a653_unit_add,
        .check = a653_check,
        .start = a653_start,
        .wake = a653_wake,
        .pick_next = a653_pick_next,
        .dump = a653_dump,
};
