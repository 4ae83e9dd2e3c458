/*
 * schedsim workload parser (see workload.h).
 *
 * Design: one directive per line, then key=value words; '#' starts a
 * comment. Every key is checked: an unknown or unused key is an error, so a
 * typo cannot silently fall back to a default. Scheduling parameters are
 * passed to sched/ as given; sched_setup() validates them.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "workload.h"

#define MAX_KV 24

struct kv {
	const char *key;
	const char *val;
	int used;
};

struct line {
	const char *file;
	unsigned no;
	struct kv kv[MAX_KV];
	unsigned n;
	char *msg;
	size_t size;
};

static int fail(struct line *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int fail(struct line *l, const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(l->msg, l->size, "%s:%u: ", l->file, l->no);

	va_start(ap, fmt);
	if (n >= 0 && (size_t)n < l->size) {
		vsnprintf(l->msg + n, l->size - (size_t)n, fmt, ap);
	}
	va_end(ap);
	return -1;
}

static int parse_u64(const char *s, uint64_t *out, const char **end)
{
	char *e;

	if (*s == '-') {
		return -2;
	}
	if (!isdigit((unsigned char)*s)) {
		return -1;
	}
	errno = 0;
	*out = strtoull(s, &e, 10);
	*end = e;
	return errno == 0 ? 0 : -1;
}

int workload_parse_time(const char *s, uint64_t *ns)
{
	static const struct {
		const char *suffix;
		uint64_t mult;
	} units[] = {{"ns", 1U}, {"us", 1000U}, {"ms", 1000000U}, {"s", 1000000000U}};
	const char *end;
	uint64_t v;
	int rc = parse_u64(s, &v, &end);

	if (rc != 0) {
		return rc;
	}
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (strcmp(end, units[i].suffix) == 0) {
			if (v > UINT64_MAX / units[i].mult) {
				return -1;
			}
			*ns = v * units[i].mult;
			return 0;
		}
	}
	return -1;
}

int workload_parse_cpus(const char *s, uint64_t *mask)
{
	*mask = 0;
	while (*s != '\0') {
		const char *end;
		uint64_t lo, hi;

		if (parse_u64(s, &lo, &end) != 0) {
			return -1;
		}
		hi = lo;
		if (*end == '-' && parse_u64(end + 1, &hi, &end) != 0) {
			return -1;
		}
		if (hi < lo || hi >= 64U) {
			return -1;
		}
		for (uint64_t c = lo; c <= hi; c++) {
			*mask |= 1ULL << c;
		}
		if (*end == ',') {
			end++;
		} else if (*end != '\0') {
			return -1;
		}
		s = end;
	}
	return *mask != 0U ? 0 : -1;
}

static struct kv *find(struct line *l, const char *key)
{
	for (unsigned i = 0; i < l->n; i++) {
		if (strcmp(l->kv[i].key, key) == 0) {
			l->kv[i].used = 1;
			return &l->kv[i];
		}
	}
	return NULL;
}

/* Optional keys leave *out unchanged when absent. @return 0 or -1 (msg set). */
static int get_uint(struct line *l, const char *key, int required, uint64_t *out)
{
	struct kv *kv = find(l, key);
	const char *end;
	int rc;

	if (kv == NULL) {
		return required ? fail(l, "missing %s=", key) : 0;
	}
	rc = parse_u64(kv->val, out, &end);
	if (rc == -2) {
		return fail(l, "%s=%s: negative values are not allowed", key, kv->val);
	}
	if (rc != 0 || *end != '\0') {
		return fail(l, "%s=%s: not a number", key, kv->val);
	}
	return 0;
}

static int get_time(struct line *l, const char *key, int required, uint64_t *out)
{
	struct kv *kv = find(l, key);
	int rc;

	if (kv == NULL) {
		return required ? fail(l, "missing %s=<time>", key) : 0;
	}
	rc = workload_parse_time(kv->val, out);
	if (rc == -2) {
		return fail(l, "%s=%s: negative times are not allowed", key, kv->val);
	}
	if (rc != 0) {
		return fail(l, "%s=%s: not a time (use e.g. 500us, 10ms, 1s)", key, kv->val);
	}
	return 0;
}

static int get_cpus(struct line *l, const char *key, int required, uint64_t *out)
{
	struct kv *kv = find(l, key);

	if (kv == NULL) {
		return required ? fail(l, "missing %s=<pCPU list>", key) : 0;
	}
	if (workload_parse_cpus(kv->val, out) != 0) {
		return fail(l, "%s=%s: not a pCPU list (e.g. 0-3,6)", key, kv->val);
	}
	return 0;
}

static const char *get_str(struct line *l, const char *key)
{
	struct kv *kv = find(l, key);

	return kv == NULL ? NULL : kv->val;
}

static int check_all_used(struct line *l)
{
	for (unsigned i = 0; i < l->n; i++) {
		if (!l->kv[i].used) {
			return fail(l, "unknown or unused key '%s'", l->kv[i].key);
		}
	}
	return 0;
}

static struct sched_pool_cfg *pool_cfg(struct sim_workload *w, uint64_t id)
{
	for (unsigned i = 0; i < w->cfg.npools; i++) {
		if (w->cfg.pools[i].id == id) {
			return &w->cfg.pools[i];
		}
	}
	return NULL;
}

static int do_pool(struct line *l, struct sim_workload *w)
{
	struct sched_pool_cfg *p;
	const char *name = get_str(l, "sched");
	uint64_t id = 0, wc = 0, overload = 0, slice = 0, limit = 0, frame = 0;
	int policy;

	if (w->cfg.npools >= SCHED_MAX_POOLS) {
		return fail(l, "more than %u pools", SCHED_MAX_POOLS);
	}
	p = &w->cfg.pools[w->cfg.npools];
	memset(p, 0, sizeof(*p));
	if (get_uint(l, "id", 1, &id) != 0 || get_cpus(l, "cpus", 1, &p->cpus) != 0) {
		return -1;
	}
	policy = name == NULL ? -1 : sched_policy_from_name(name);
	if (policy < 0) {
		return fail(l, "sched=%s: use null, credit2, rtds or arinc653", name ? name : "");
	}
	p->id = (unsigned)id;
	p->policy = (enum sched_policy)policy;
	if (get_time(l, "slice", 0, &slice) != 0 || get_time(l, "ratelimit", 0, &limit) != 0 ||
	    get_uint(l, "work_conserving", 0, &wc) != 0 ||
	    get_uint(l, "allow_overload", 0, &overload) != 0 ||
	    get_time(l, "frame", 0, &frame) != 0) {
		return -1;
	}
	if (policy == SCHED_POLICY_CREDIT2) {
		p->p.credit2.slice_ns = slice;
		p->p.credit2.ratelimit_ns = limit;
	} else if (policy == SCHED_POLICY_RTDS) {
		p->p.rtds.work_conserving = wc != 0U;
		p->p.rtds.allow_overload = overload != 0U;
	} else if (policy == SCHED_POLICY_ARINC653) {
		p->p.a653.major_frame_ns = frame;
	}
	w->cfg.npools++;
	return check_all_used(l);
}

static int do_window(struct line *l, struct sim_workload *w)
{
	uint64_t pool = 0, dom = 0, vcpu = SCHED_A653_ALL_VCPUS;
	const char *owner = get_str(l, "dom");
	struct sched_pool_cfg *p;
	struct sched_a653_window *win;

	if (get_uint(l, "pool", 1, &pool) != 0) {
		return -1;
	}
	p = pool_cfg(w, pool);
	if (p == NULL || p->policy != SCHED_POLICY_ARINC653) {
		return fail(l, "pool=%llu: no arinc653 pool of that id above",
		            (unsigned long long)pool);
	}
	if (p->p.a653.nwindows >= SCHED_A653_MAX_WINDOWS) {
		return fail(l, "more than %u windows", SCHED_A653_MAX_WINDOWS);
	}
	win = &p->p.a653.windows[p->p.a653.nwindows];
	if (owner != NULL && strcmp(owner, "idle") == 0) {
		dom = SCHED_A653_IDLE;
	} else if (get_uint(l, "dom", 1, &dom) != 0) {
		return -1;
	}
	if (get_uint(l, "vcpu", 0, &vcpu) != 0 ||
	    get_time(l, "length", 1, &win->duration_ns) != 0) {
		return -1;
	}
	win->domid = (uint32_t)dom;
	win->vcpu = (uint32_t)vcpu;
	p->p.a653.nwindows++;
	return check_all_used(l);
}

static unsigned next_vcpu_id(const struct sim_workload *w, unsigned dom)
{
	unsigned n = 0;

	for (unsigned i = 0; i < w->cfg.nunits; i++) {
		n += w->cfg.units[i].domid == dom ? 1U : 0U;
	}
	return n;
}

static int parse_load(struct line *l, struct sim_load *ld)
{
	static const char *const kinds[] = {"idle", "cpu", "periodic", "io"};
	const char *kind = get_str(l, "load");

	memset(ld, 0, sizeof(*ld));
	ld->kind = SIM_LOAD_CPU;
	for (unsigned k = 0; kind != NULL && k < 4U; k++) {
		if (strcmp(kind, kinds[k]) == 0) {
			ld->kind = (enum sim_load_kind)k;
			kind = NULL;
		}
	}
	if (kind != NULL) {
		return fail(l, "load=%s: use cpu, idle, periodic or io", kind);
	}
	if (get_time(l, "offset", 0, &ld->offset_ns) != 0) {
		return -1;
	}
	if (ld->kind == SIM_LOAD_PERIODIC) {
		if (get_time(l, "demand", 1, &ld->demand_ns) != 0 ||
		    get_time(l, "every", 1, &ld->period_ns) != 0) {
			return -1;
		}
		if (ld->period_ns == 0U) {
			return fail(l, "every= must be > 0");
		}
	} else if (ld->kind == SIM_LOAD_IO) {
		if (get_time(l, "demand", 1, &ld->demand_ns) != 0 ||
		    get_time(l, "sleep", 1, &ld->sleep_ns) != 0 ||
		    get_time(l, "jitter", 0, &ld->jitter_ns) != 0) {
			return -1;
		}
	}
	if ((ld->kind == SIM_LOAD_PERIODIC || ld->kind == SIM_LOAD_IO) && ld->demand_ns == 0U) {
		return fail(l, "demand= must be > 0");
	}
	return 0;
}

static int do_vcpu(struct line *l, struct sim_workload *w)
{
	struct sched_unit_cfg *u;
	uint64_t dom = 0, pool = 0, vcpu, weight = SCHED_CREDIT2_DEFAULT_WEIGHT, cap = 0;

	if (w->cfg.nunits >= SCHED_MAX_UNITS) {
		return fail(l, "more than %u vCPUs", SCHED_MAX_UNITS);
	}
	u = &w->cfg.units[w->cfg.nunits];
	memset(u, 0, sizeof(*u));
	if (get_uint(l, "dom", 1, &dom) != 0 || get_uint(l, "pool", 1, &pool) != 0 ||
	    get_cpus(l, "affinity", 0, &u->affinity) != 0) {
		return -1;
	}
	vcpu = next_vcpu_id(w, (unsigned)dom);
	if (get_uint(l, "id", 0, &vcpu) != 0 || get_uint(l, "weight", 0, &weight) != 0 ||
	    get_uint(l, "cap", 0, &cap) != 0 ||
	    get_time(l, "budget", 0, &u->p.rtds.budget_ns) != 0 ||
	    get_time(l, "period", 0, &u->p.rtds.period_ns) != 0) {
		return -1;
	}
	u->domid = (unsigned)dom;
	u->vcpu = (unsigned)vcpu;
	u->pool = (unsigned)pool;
	if (pool_cfg(w, pool) != NULL && pool_cfg(w, pool)->policy == SCHED_POLICY_CREDIT2) {
		u->p.credit2.weight = (uint32_t)(weight > UINT32_MAX ? UINT32_MAX : weight);
		u->p.credit2.cap = (uint32_t)(cap > UINT32_MAX ? UINT32_MAX : cap);
	}
	if (parse_load(l, &w->loads[w->cfg.nunits]) != 0) {
		return -1;
	}
	w->cfg.nunits++;
	return check_all_used(l);
}

static int do_run(struct line *l, struct sim_workload *w)
{
	if (get_time(l, "for", 1, &w->duration_ns) != 0 || get_uint(l, "seed", 0, &w->seed) != 0 ||
	    get_time(l, "timer_late", 0, &w->timer_late_ns) != 0) {
		return -1;
	}
	return check_all_used(l);
}

static int do_cpus(struct line *l, struct sim_workload *w, const char *arg)
{
	uint64_t n = 0;
	const char *end;

	if (arg == NULL || parse_u64(arg, &n, &end) != 0 || *end != '\0' || n == 0U ||
	    n > SCHED_MAX_CPUS) {
		return fail(l, "cpus needs a count in 1..%u", SCHED_MAX_CPUS);
	}
	w->ncpus = (unsigned)n;
	return 0;
}

/* Split line into words; words after the first become key=value pairs. */
static int tokenize(struct line *l, char *text, char **directive, char **arg)
{
	char *save = NULL;
	char *word = strtok_r(text, " \t\r\n", &save);

	*directive = word;
	*arg = NULL;
	l->n = 0;
	while ((word = strtok_r(NULL, " \t\r\n", &save)) != NULL) {
		char *eq = strchr(word, '=');

		if (eq == NULL) {
			*arg = word;
			continue;
		}
		if (l->n >= MAX_KV) {
			return fail(l, "too many words");
		}
		*eq = '\0';
		l->kv[l->n++] = (struct kv){word, eq + 1, 0};
	}
	return 0;
}

static int do_line(struct line *l, struct sim_workload *w, char *text)
{
	char *directive, *arg;
	char *hash = strchr(text, '#');

	if (hash != NULL) {
		*hash = '\0';
	}
	if (tokenize(l, text, &directive, &arg) != 0 || directive == NULL) {
		return directive == NULL ? 0 : -1;
	}
	if (strcmp(directive, "cpus") == 0) {
		return do_cpus(l, w, arg);
	}
	if (arg != NULL) {
		return fail(l, "'%s': expected key=value", arg);
	}
	if (strcmp(directive, "pool") == 0) {
		return do_pool(l, w);
	}
	if (strcmp(directive, "window") == 0) {
		return do_window(l, w);
	}
	if (strcmp(directive, "vcpu") == 0) {
		return do_vcpu(l, w);
	}
	if (strcmp(directive, "run") == 0) {
		return do_run(l, w);
	}
	return fail(l, "unknown directive '%s' (cpus, pool, window, vcpu, run)", directive);
}

static void fill_defaults(struct sim_workload *w)
{
	uint64_t all = 0;

	for (unsigned i = 0; i < w->cfg.npools; i++) {
		all |= w->cfg.pools[i].cpus;
	}
	if (w->ncpus == 0U) {
		w->ncpus = all == 0U ? 1U : 64U - (unsigned)__builtin_clzll(all);
	}
	if (w->duration_ns == 0U) {
		w->duration_ns = 1000000000ULL;
	}
	if (w->seed == 0U) {
		w->seed = 1;
	}
}

/* [impl->dsn~sched-simulator~1] */
int workload_parse(FILE *f, const char *name, struct sim_workload *w, char *msg, size_t size)
{
	struct line l = {.file = name, .msg = msg, .size = size};
	char text[1024];

	memset(w, 0, sizeof(*w));
	if (size > 0U) {
		msg[0] = '\0';
	}
	while (fgets(text, sizeof(text), f) != NULL) {
		l.no++;
		if (do_line(&l, w, text) != 0) {
			return -1;
		}
	}
	fill_defaults(w);
	return 0;
}
