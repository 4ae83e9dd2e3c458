/*
 * hal/host arch types: what a simulated vCPU and address space hold.
 *
 * The "guest" of a host vCPU is a script (an array of struct host_step) or a
 * callback producing steps; see <host/guest.h>. The stage-2 is a table of
 * mapped ranges with permissions, consulted by every simulated guest access.
 */
#ifndef HAL_ARCH_TYPES_H_HOST
#define HAL_ARCH_TYPES_H_HOST

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <hal/exit.h>

#define HOST_AS_MAX_RANGES 160U
#define HOST_VCPU_REGS 16U
#define HOST_MAX_VIRQS 256U
#define HOST_RET_LOG 64U

struct host_s2_range {
	uint64_t gpa;
	uint64_t pa;
	uint64_t size;
	uint8_t perm;
	uint8_t type;
};

struct as_arch {
	bool created;
	unsigned vmid;
	unsigned nr;
	struct host_s2_range r[HOST_AS_MAX_RANGES];
	unsigned activations; /* hal_as_activate calls */
	unsigned flushes;     /* hal_as_flush calls */
	bool native_clock;    /* hal_as_set_clock(HAL_AS_CLOCK_NATIVE) */
};

struct host_step;
struct vcpu_arch;

/* Callback guest: fill *next with the step to perform; false = guest idles. */
typedef bool (*host_guest_fn)(void *ctx, struct vcpu_arch *v, struct host_step *next);

struct vcpu_arch {
	struct as_arch *as;
	unsigned id;
	uint64_t entry;
	uint64_t args[4];
	unsigned inits; /* hal_vcpu_init calls */

	const struct host_step *script;
	size_t script_len;
	size_t pc; /* next script step */
	host_guest_fn fn;
	void *ctx;

	struct vm_exit last;
	bool need_complete;
	uint64_t regs[HOST_VCPU_REGS];  /* regs[0]: hypercall return; loads: regs[reg] */
	uint64_t ret_log[HOST_RET_LOG]; /* every completion value, in order */
	unsigned completions;
	unsigned runs;
	unsigned puts; /* hal_vcpu_put() calls: stints of runs ended */
	uint64_t virq_pending[HOST_MAX_VIRQS / 64U];
	unsigned injections;
	bool wfi_native; /* hal_vcpu_set_wfi_native */
};

#endif
