/* Shared helpers for the core unit tests (see core_test.h). */
#include <check.h>
#include <string.h>

#include "core_test.h"

#include <core/guest_access.h>
#include <core/mem.h>
#include <core/run.h>
#include <core/setup.h>
#include <hal/as.h>
#include <hal/timer.h>
#include <hal/vcpu.h>

void ct_boot(void)
{
	struct hal_boot_info info;

	host_boot_info(&info);
	core_setup_begin(&info);
	hal_timer_set_deadline(0);
	(void)ct_console();
}

struct domain_config ct_config(uint16_t id, enum domain_role role, uint32_t caps)
{
	static const char *names[] = {"dom0", "dom1", "dom2", "dom3",
	                              "dom4", "dom5", "dom6", "dom7"};
	struct domain_config cfg = {
	        .id = id,
	        .name = names[id % 8U],
	        .role = role,
	        .caps = caps,
	        .fault_policy = FAULT_POLICY_CRASH,
	        .nr_vcpus = 1,
	        .nr_mem = 1,
	        .mem = {{.gpa = T_RAM_GPA, .size = T_RAM_SIZE}},
	        .entry = T_RAM_GPA,
	};
	return cfg;
}

struct domain *ct_create(const struct domain_config *cfg)
{
	const char *why = NULL;
	int rc = domain_create(cfg, &why);

	ck_assert_msg(rc == 0, "domain_create(%u): %d %s", cfg->id, rc, why ? why : "");
	return domain_by_id(cfg->id);
}

struct domain *ct_domain(uint16_t id, enum domain_role role, uint32_t caps)
{
	struct domain_config cfg = ct_config(id, role, caps);

	return ct_create(&cfg);
}

void ct_finish(void)
{
	ck_assert_int_eq(core_setup_finish(), 0);
}

unsigned ct_run(unsigned n)
{
	unsigned ran = 0;

	for (unsigned i = 0; i < n; i++) {
		host_time_advance_ns(CT_PASS_NS);
		ran += core_run_pass(0) ? 1U : 0U;
	}
	return ran;
}

long ct_hypercall(struct domain *d, uint64_t nr, uint64_t a0, uint64_t a1, uint64_t a2)
{
	struct vcpu *v = &d->vcpu[0];
	struct host_step step = host_hypercall(nr, a0, a1, a2, 0);
	uint32_t gen = v->generation;

	host_vcpu_script(&v->arch, &step, 1);
	struct vm_exit e = hal_vcpu_run(&v->arch);

	ck_assert_int_eq(e.kind, EXIT_HYPERCALL);
	core_handle_exit(v, &e);
	host_vcpu_script(&v->arch, NULL, 0);
	if (v->generation != gen) {
		return 0x7fffffff; /* not completed: the vCPU was reset */
	}
	return (long)v->arch.regs[0];
}

uint64_t ct_gpa(unsigned page)
{
	return T_RAM_GPA + (uint64_t)page * HAL_PAGE_SIZE;
}

void *ct_ram(struct domain *d, uint64_t gpa)
{
	uint64_t hpa;

	ck_assert_int_eq(domain_gpa_to_hpa(d, gpa, &hpa), 0);
	return hal_pa_to_va(hpa);
}

const char *ct_console(void)
{
	static char buf[65536];

	host_console_take(buf, sizeof(buf));
	return buf;
}

bool ct_panics(void (*fn)(void))
{
	static jmp_buf env;
	static volatile bool panicked;

	panicked = false;
	host_set_halt_target(&env);
	if (setjmp(env) == 0) {
		fn();
	} else {
		panicked = true;
	}
	host_set_halt_target(NULL);
	return panicked;
}
