/*
 * libFuzzer harness: the hypercall dispatcher and the run loop's exit
 * handling on hal/host.
 *
 * Each input builds a fresh system of three domains (control, hardware,
 * plain domU), copies the input into the start of each domain's RAM (so
 * the structures hypercalls point at have fuzzed contents), then plays it
 * as a sequence of 16-byte records as exits of one domain's vCPU: mostly
 * hypercalls (number from the implemented set or raw, arguments raw or
 * pointing into the caller's RAM near page and RAM edges), sometimes MMIO,
 * halt, fault, IRQ, vCPU up/down exits.
 *
 * Checked after every step besides ASan/UBSan: return values are >= 0 or
 * a Xen errno; a domain without the control role never changes another
 * domain's state or reset count; allocation stays closed; every domain's
 * RAM is still mapped where the config put it.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <core/domain.h>
#include <core/domain_config.h>
#include <core/hypercall.h>
#include <core/mem.h>
#include <core/run.h>
#include <core/setup.h>
#include <hal/as.h>
#include <hal/timer.h>
#include <hal/vcpu.h>
#include <host/guest.h>
#include <host/host.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define NR_DOMS 3U
#define RAM_GPA 0x80000000ULL
#define RAM_SIZE (256ULL << 10)
#define RECORD 16U
#define PREFILL 4096U
#define MAX_STEPS 64U

static const uint64_t numbers[] = {
        HYPERVISOR_memory_op,        HYPERVISOR_xen_version, HYPERVISOR_console_io,
        HYPERVISOR_grant_table_op,   HYPERVISOR_vcpu_op,     HYPERVISOR_sched_op,
        HYPERVISOR_event_channel_op, HYPERVISOR_bh_domctl,
};

static const uint32_t caps[NR_DOMS] = {
        0x3f07U, /* control: everything */
        MANIFEST_CAP_HARDWARE | MANIFEST_CAP_CONSOLE_IO | MANIFEST_CAP_EVTCHN |
                MANIFEST_CAP_GNTTAB | MANIFEST_CAP_DOMCTL,
        MANIFEST_CAP_CONSOLE_IO | MANIFEST_CAP_EVTCHN | MANIFEST_CAP_GNTTAB,
};

static void build_system(void)
{
	static const char *names[NR_DOMS] = {"ctl", "hw", "domu"};
	static const enum domain_role roles[NR_DOMS] = {ROLE_CONTROL, ROLE_HARDWARE, ROLE_DOMU};
	struct hal_boot_info info;

	host_boot_info(&info);
	core_setup_begin(&info);
	hal_timer_set_deadline(0);
	for (unsigned i = 0; i < NR_DOMS; i++) {
		struct domain_config cfg = {
		        .id = (uint16_t)i,
		        .name = names[i],
		        .role = roles[i],
		        .caps = caps[i],
		        .fault_policy = i == 2U ? FAULT_POLICY_RESET : FAULT_POLICY_CRASH,
		        .nr_vcpus = 2,
		        .nr_mem = 1,
		        .mem = {{.gpa = RAM_GPA, .size = RAM_SIZE}},
		        .entry = RAM_GPA,
		};
		const char *why;

		if (domain_create(&cfg, &why) != 0) {
			abort();
		}
	}
	if (core_setup_finish() != 0) {
		abort();
	}
}

static uint64_t le64(const uint8_t *p)
{
	uint64_t v = 0;

	for (unsigned i = 0; i < 8U; i++) {
		v |= (uint64_t)p[i] << (8U * i);
	}
	return v;
}

/* An argument: raw, or an address in the caller's RAM near an edge. */
static uint64_t argument(uint8_t sel, uint64_t raw)
{
	switch (sel & 3U) {
	case 0:
		return raw;
	case 1:
		return RAM_GPA + (raw % RAM_SIZE);
	case 2:
		return RAM_GPA + RAM_SIZE - (raw % 64U); /* straddles the end */
	default:
		return raw & 0xffffU; /* small: commands, ids, counts, ports */
	}
}

static struct vm_exit make_exit(const uint8_t *r)
{
	struct vm_exit e = {.kind = EXIT_HYPERCALL};
	uint64_t raw = le64(r + 8);
	uint8_t kind = r[1];

	if (kind < 200U) {
		e.hypercall.nr = kind < 180U ? numbers[kind % 8U] : kind;
		e.hypercall.arg[0] = r[2] & 0x1fU;
		e.hypercall.arg[1] = argument(r[3], raw);
		e.hypercall.arg[2] = argument(r[3] >> 2, raw >> 3);
		e.hypercall.arg[3] = argument(r[3] >> 4, raw >> 7);
		return e;
	}
	static const enum vm_exit_kind other[] = {EXIT_MMIO,    EXIT_PIO,       EXIT_HALT,
	                                          EXIT_FAULT,   EXIT_IRQ,       EXIT_TIMER,
	                                          EXIT_VCPU_UP, EXIT_VCPU_DOWN, EXIT_NONE};
	e.kind = other[kind % 9U];
	e.access.addr = raw;
	e.access.size = r[2] & 15U;
	e.access.write = (r[3] & 1U) != 0U;
	if (e.kind == EXIT_VCPU_UP) {
		e.vcpu_up.vcpu = r[2] & 3U;
		e.vcpu_up.entry = argument(r[3], raw);
	}
	return e;
}

static bool errno_ok(long rc)
{
	return rc >= 0 || (rc >= -125 && rc <= -1);
}

struct snapshot {
	enum domain_state state[NR_DOMS];
	uint64_t resets[NR_DOMS];
};

static void take(struct snapshot *s)
{
	for (unsigned i = 0; i < NR_DOMS; i++) {
		s->state[i] = domain_by_id((uint16_t)i)->state;
		s->resets[i] = domain_by_id((uint16_t)i)->stats.resets;
	}
}

static void check_invariants(unsigned caller, const struct snapshot *before)
{
	struct snapshot now;

	take(&now);
	for (unsigned i = 0; i < NR_DOMS; i++) {
		struct domain *d = domain_by_id((uint16_t)i);
		struct hal_as_page pg;

		if (hal_as_translate(&d->as, RAM_GPA + HAL_PAGE_SIZE * 32U, &pg) != 0 ||
		    pg.pa != d->mem[0].pa + HAL_PAGE_SIZE * 32U) {
			abort(); /* RAM moved or vanished */
		}
		if (caller != 0U && i != caller &&
		    (now.state[i] != before->state[i] || now.resets[i] != before->resets[i])) {
			abort(); /* a non-control domain changed another domain */
		}
	}
	if (!mem_boot_is_done()) {
		abort();
	}
}

/* Run one exit as the backend would deliver it, through hal_vcpu_run. */
static void play(unsigned caller, const uint8_t *r)
{
	struct domain *d = domain_by_id((uint16_t)caller);
	struct vcpu *v = &d->vcpu[r[0] & 1U];

	if (v->state == VCPU_OFFLINE) {
		v = &d->vcpu[0]; /* as on hardware: an offline vCPU does not run */
	}
	struct host_step step = {.op = HOST_OP_EXIT, .exit = make_exit(r)};
	uint32_t gen = v->generation;
	unsigned done = v->arch.completions;
	struct snapshot before;

	take(&before);
	host_vcpu_script(&v->arch, &step, 1);
	struct vm_exit e = hal_vcpu_run(&v->arch);

	core_handle_exit(v, &e);
	host_vcpu_script(&v->arch, NULL, 0);
	if (v->arch.need_complete) {
		v->arch.need_complete = false; /* the domain stopped: drop the exit */
	}
	if (e.kind == EXIT_HYPERCALL && v->generation == gen && v->arch.completions > done &&
	    !errno_ok((long)v->arch.regs[0])) {
		abort();
	}
	check_invariants(caller, &before);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t fill = size < PREFILL ? size : PREFILL;

	static char sink[65536];

	build_system();
	(void)host_console_take(sink, sizeof(sink));
	for (unsigned i = 0; i < NR_DOMS; i++) {
		memcpy(hal_pa_to_va(domain_by_id((uint16_t)i)->mem[0].pa), data, fill);
	}
	for (size_t off = 0, n = 0; off + RECORD <= size && n < MAX_STEPS; off += RECORD, n++) {
		play(data[off] % NR_DOMS, data + off);
		(void)core_run_pass(0);
	}
	return 0;
}
