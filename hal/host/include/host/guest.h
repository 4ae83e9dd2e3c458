/*
 * hal/host scripted guests: what a simulated vCPU "executes".
 *
 * Each hal_vcpu_run() performs steps until one exits to the core:
 *   HOST_OP_EXIT  returns .exit as is (hypercall with args, MMIO, halt, ...);
 *   HOST_OP_STORE writes .value (.size bytes) at guest-physical .gpa through
 *                 the simulated stage-2: mapped writable normal memory ->
 *                 done, next step; unmapped or device -> EXIT_MMIO (a store);
 *                 mapped without W -> EXIT_FAULT (FAULT_WRITE);
 *   HOST_OP_LOAD  the same for a read into regs[.reg] (EXIT_MMIO load, or
 *                 EXIT_FAULT FAULT_READ without R).
 * When the script ends (or a callback returns false) the vCPU executes
 * "WFI" forever: every run returns EXIT_HALT.
 * hal_vcpu_init() restarts the script from its first step (reset = reboot).
 */
#ifndef HOST_GUEST_H
#define HOST_GUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <hal/arch_types.h>
#include <hal/exit.h>

enum host_op {
	HOST_OP_EXIT = 0,
	HOST_OP_STORE,
	HOST_OP_LOAD,
};

struct host_step {
	enum host_op op;
	struct vm_exit exit; /* HOST_OP_EXIT */
	uint64_t gpa;        /* STORE/LOAD */
	uint64_t value;      /* STORE */
	uint8_t size;        /* STORE/LOAD: 1, 2, 4, 8 */
	uint8_t reg;         /* LOAD destination */
};

/* Give v a script (the array must outlive the runs); restarts at step 0. */
void host_vcpu_script(struct vcpu_arch *v, const struct host_step *steps, size_t n);

/* Give v a callback guest instead of a script. */
void host_vcpu_set_guest(struct vcpu_arch *v, host_guest_fn fn, void *ctx);

/* Script-building helpers. */
struct host_step host_hypercall(uint64_t nr, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3);
struct host_step host_exit(enum vm_exit_kind kind);
struct host_step host_store(uint64_t gpa, uint64_t value, uint8_t size);
struct host_step host_load(uint64_t gpa, uint8_t size, uint8_t reg);
struct host_step host_fault(uint64_t gpa, enum vm_fault_kind kind);

/*
 * Perform one guest access directly (no run loop), as the guest would.
 * @return EXIT_NONE on success, EXIT_MMIO or EXIT_FAULT otherwise.
 */
enum vm_exit_kind host_guest_access(struct as_arch *as, uint64_t gpa, void *buf, size_t size,
                                    bool write);

/* Is virtual interrupt virq pending in v? take: also clear it. */
bool host_vcpu_virq_pending(struct vcpu_arch *v, unsigned virq, bool take);

/* Value passed to the i-th hal_vcpu_complete() of v (since its last init). */
uint64_t host_vcpu_ret(const struct vcpu_arch *v, unsigned i);

#endif
