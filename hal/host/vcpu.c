/*
 * Simulated vCPUs: hal_vcpu_run() "executes" the guest's script until a
 * step exits to the core, checking the pCPU's deadline timer first.
 * hal_vcpu_complete() plays the part of writing the result register and
 * advancing the guest's program counter.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hal/cpu.h>
#include <hal/errno.h>
#include <hal/time.h>
#include <hal/timer.h>
#include <hal/vcpu.h>
#include <host/guest.h>
#include <host/host.h>

static uint64_t deadline[HAL_MAX_CPUS];

void hal_timer_set_deadline(uint64_t deadline_ns)
{
	deadline[hal_cpu_id() % HAL_MAX_CPUS] = deadline_ns;
}

uint64_t host_timer_deadline(unsigned cpu)
{
	return deadline[cpu % HAL_MAX_CPUS];
}

int hal_vcpu_init(struct vcpu_arch *v, struct as_arch *as, unsigned vcpu_id, uint64_t entry,
                  const uint64_t *args, unsigned nargs)
{
	if (as == NULL || nargs > HAL_VCPU_MAX_ARGS || (nargs > 0U && args == NULL)) {
		return -HAL_EINVAL;
	}
	v->as = as;
	v->id = vcpu_id;
	v->entry = entry;
	memset(v->args, 0, sizeof(v->args));
	for (unsigned i = 0; i < nargs; i++) {
		v->args[i] = args[i];
	}
	v->inits++;
	v->pc = 0;
	v->need_complete = false;
	memset(v->regs, 0, sizeof(v->regs));
	memset(v->virq_pending, 0, sizeof(v->virq_pending));
	v->completions = 0;
	return 0;
}

void host_vcpu_script(struct vcpu_arch *v, const struct host_step *steps, size_t n)
{
	v->script = steps;
	v->script_len = n;
	v->pc = 0;
	v->fn = NULL;
}

void host_vcpu_set_guest(struct vcpu_arch *v, host_guest_fn fn, void *ctx)
{
	v->fn = fn;
	v->ctx = ctx;
	v->script = NULL;
	v->script_len = 0;
}

static bool next_step(struct vcpu_arch *v, struct host_step *s)
{
	if (v->fn != NULL) {
		return v->fn(v->ctx, v, s);
	}
	if (v->script == NULL || v->pc >= v->script_len) {
		return false;
	}
	*s = v->script[v->pc++];
	return true;
}

static struct vm_exit access_exit(const struct host_step *s, enum vm_exit_kind kind)
{
	struct vm_exit e = {.kind = kind};

	if (kind == EXIT_MMIO) {
		e.access.addr = s->gpa;
		e.access.size = s->size;
		e.access.write = s->op == HOST_OP_STORE;
		e.access.value = e.access.write ? s->value : 0U;
		e.access.reg = s->reg;
	} else {
		e.fault.addr = s->gpa;
		e.fault.kind = s->op == HOST_OP_STORE ? FAULT_WRITE : FAULT_READ;
	}
	return e;
}

/* Perform one step; EXIT_NONE means it completed inside the "guest". */
static struct vm_exit do_step(struct vcpu_arch *v, const struct host_step *s)
{
	if (s->op == HOST_OP_EXIT) {
		return s->exit;
	}
	uint64_t val = s->value;
	size_t size = (s->size >= 1U && s->size <= 8U) ? s->size : 8U;
	enum vm_exit_kind k = host_guest_access(v->as, s->gpa, &val, size, s->op == HOST_OP_STORE);

	if (k == EXIT_NONE && s->op == HOST_OP_LOAD) {
		uint64_t mask = size == 8U ? ~0ULL : (1ULL << (size * 8U)) - 1U;

		v->regs[s->reg % HOST_VCPU_REGS] = val & mask;
	}
	return k == EXIT_NONE ? (struct vm_exit){.kind = EXIT_NONE} : access_exit(s, k);
}

static bool needs_complete(enum vm_exit_kind k)
{
	return k == EXIT_HYPERCALL || k == EXIT_MMIO || k == EXIT_PIO || k == EXIT_HALT ||
	       k == EXIT_VCPU_UP;
}

/* Recorded for the tests; the simulated guest has no WFI. */
void hal_vcpu_set_wfi_native(struct vcpu_arch *v, bool native)
{
	v->wfi_native = native;
}

/* The simulated guest keeps no state outside struct vcpu_arch; counted
 * so tests can check every stint of runs ends with a put. */
void hal_vcpu_put(struct vcpu_arch *v)
{
	v->puts++;
}

/* [impl->dsn~core-host-sim~1] [impl->dsn~core-hal-exit~1] */
struct vm_exit hal_vcpu_run(struct vcpu_arch *v)
{
	unsigned cpu = hal_cpu_id() % HAL_MAX_CPUS;
	struct host_step s;

	if (v->need_complete) {
		fprintf(stderr, "hal/host: vCPU %u run before its exit was completed\n", v->id);
		abort();
	}
	v->runs++;
	if (deadline[cpu] != 0U && hal_time_now_ns() >= deadline[cpu]) {
		deadline[cpu] = 0;
		return (struct vm_exit){.kind = EXIT_TIMER};
	}
	for (unsigned budget = 0; budget < 64U; budget++) {
		if (!next_step(v, &s)) {
			v->last = (struct vm_exit){.kind = EXIT_HALT};
			v->need_complete = true;
			return v->last;
		}
		struct vm_exit e = do_step(v, &s);

		if (e.kind != EXIT_NONE) {
			v->last = e;
			v->need_complete = needs_complete(e.kind);
			return e;
		}
	}
	return (struct vm_exit){.kind = EXIT_NONE};
}

void hal_vcpu_complete(struct vcpu_arch *v, uint64_t value)
{
	if (!v->need_complete) {
		fprintf(stderr, "hal/host: vCPU %u completed without a pending exit\n", v->id);
		abort();
	}
	v->need_complete = false;
	if (v->last.kind == EXIT_HYPERCALL) {
		v->regs[0] = value;
	} else if ((v->last.kind == EXIT_MMIO || v->last.kind == EXIT_PIO) &&
	           !v->last.access.write) {
		unsigned size = v->last.access.size;
		uint64_t mask = (size >= 8U || size == 0U) ? ~0ULL : (1ULL << (size * 8U)) - 1U;

		v->regs[v->last.access.reg % HOST_VCPU_REGS] = value & mask;
	}
	if (v->completions < HOST_RET_LOG) {
		v->ret_log[v->completions] = value;
	}
	v->completions++;
}

uint64_t host_vcpu_ret(const struct vcpu_arch *v, unsigned i)
{
	return i < HOST_RET_LOG ? v->ret_log[i] : 0U;
}

unsigned hal_xen_legacy_max_vcpus(void)
{
	return 1U; /* hal/host uses the Arm64 layout */
}

unsigned hal_xen_vcpu_info_size(void)
{
	return 48U;
}

struct host_step host_hypercall(uint64_t nr, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3)
{
	struct host_step s = {.op = HOST_OP_EXIT, .exit = {.kind = EXIT_HYPERCALL}};

	s.exit.hypercall.nr = nr;
	s.exit.hypercall.arg[0] = a0;
	s.exit.hypercall.arg[1] = a1;
	s.exit.hypercall.arg[2] = a2;
	s.exit.hypercall.arg[3] = a3;
	return s;
}

struct host_step host_exit(enum vm_exit_kind kind)
{
	return (struct host_step){.op = HOST_OP_EXIT, .exit = {.kind = kind}};
}

struct host_step host_store(uint64_t gpa, uint64_t value, uint8_t size)
{
	return (struct host_step){.op = HOST_OP_STORE, .gpa = gpa, .value = value, .size = size};
}

struct host_step host_load(uint64_t gpa, uint8_t size, uint8_t reg)
{
	return (struct host_step){.op = HOST_OP_LOAD, .gpa = gpa, .size = size, .reg = reg};
}

struct host_step host_fault(uint64_t gpa, enum vm_fault_kind kind)
{
	struct host_step s = {.op = HOST_OP_EXIT, .exit = {.kind = EXIT_FAULT}};

	s.exit.fault.addr = gpa;
	s.exit.fault.kind = kind;
	return s;
}
