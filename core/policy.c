/*
 * The static hypercall policy (XSM-like, fixed at build time, fed by each
 * domain's capabilities from the config).
 *
 * Design: an ordered rule table (hypercall, sub-command or any, required
 * capabilities, required role); the first rule matching (nr, cmd) decides.
 * A rule's caps are "any of" the listed bits. Calls no rule names act only
 * on the caller itself (xen_version, memory_op, vcpu_op, sched_op) and are
 * open to every domain. Control operations on other domains need the
 * DOMCTL capability AND the control role, so the hardware domain has no
 * power over other domains whatever its capabilities say.
 *
 * Locking: the table is const; the counters are atomic.
 */
#include <stdatomic.h>

#include <core/domain.h>
#include <core/hypercall.h>

#define CMD_ANY UINT64_MAX
#define ROLE_ANY 0xffU

struct policy_rule {
	uint64_t nr;
	uint64_t cmd;
	uint32_t caps; /* any of these */
	unsigned role; /* enum domain_role, or ROLE_ANY */
};

static const struct policy_rule rules[] = {
        {HYPERVISOR_console_io, CMD_ANY, MANIFEST_CAP_CONSOLE_IO, ROLE_ANY},
        {HYPERVISOR_event_channel_op, CMD_ANY, MANIFEST_CAP_EVTCHN, ROLE_ANY},
        {HYPERVISOR_grant_table_op, CMD_ANY, MANIFEST_CAP_GNTTAB, ROLE_ANY},
        {HYPERVISOR_bh_domctl, BH_DOMCTL_query, MANIFEST_CAP_DOMCTL | MANIFEST_CAP_SYSINFO,
         ROLE_ANY},
        {HYPERVISOR_bh_domctl, CMD_ANY, MANIFEST_CAP_DOMCTL, ROLE_CONTROL},
};

static _Atomic uint64_t denials;

static const struct policy_rule *rule_for(uint64_t nr, uint64_t cmd)
{
	for (unsigned i = 0; i < sizeof(rules) / sizeof(rules[0]); i++) {
		if (rules[i].nr == nr && (rules[i].cmd == CMD_ANY || rules[i].cmd == cmd)) {
			return &rules[i];
		}
	}
	return NULL;
}

/* [impl->dsn~core-hypercall-policy~1] */
int policy_check(struct domain *d, uint64_t nr, uint64_t cmd)
{
	const struct policy_rule *r = rule_for(nr, cmd);

	if (r == NULL ||
	    ((d->caps & r->caps) != 0U && (r->role == ROLE_ANY || r->role == (unsigned)d->role))) {
		return 0;
	}
	d->stats.denied++;
	atomic_fetch_add(&denials, 1U);
	return -XEN_EPERM;
}

uint64_t policy_denials_total(void)
{
	return atomic_load(&denials);
}

void policy_reset(void)
{
	atomic_store(&denials, 0U);
}
