/*
 * Shared helpers for the core unit tests on hal/host: boot the simulated
 * machine, build domains from in-test configs, run the loop, catch panics.
 */
#ifndef CORE_TEST_H
#define CORE_TEST_H

#include <setjmp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <core/domain.h>
#include <core/domain_config.h>
#include <host/guest.h>
#include <host/host.h>

#define T_RAM_GPA 0x80000000ULL
#define T_RAM_SIZE (2ULL << 20)
#define T_CAPS_DOMU (MANIFEST_CAP_CONSOLE_IO | MANIFEST_CAP_EVTCHN | MANIFEST_CAP_GNTTAB)
#define T_CAPS_CONTROL                                                                             \
	(T_CAPS_DOMU | MANIFEST_CAP_CONTROL | MANIFEST_CAP_DOMCTL | MANIFEST_CAP_SYSINFO)

/* Fresh core state: allocator over the simulated RAM, no domains. */
void ct_boot(void);

/* A config for a one-vCPU domain with one RAM region at T_RAM_GPA. */
struct domain_config ct_config(uint16_t id, enum domain_role role, uint32_t caps);

/* Build cfg; fails the test on error. */
struct domain *ct_create(const struct domain_config *cfg);

/* ct_create(ct_config(...)). */
struct domain *ct_domain(uint16_t id, enum domain_role role, uint32_t caps);

/* Close allocation and start every domain. */
void ct_finish(void);

/* Simulated time each ct_run() pass takes (the test pool's slice is 1 ms). */
#define CT_PASS_NS 1000000ULL

/* Run core_run_pass(0) n times, CT_PASS_NS apart. @return passes that ran a vCPU. */
unsigned ct_run(unsigned n);

/* Call a hypercall as vCPU 0 of d would (through the run-loop handler),
 * returning the value the guest would see. */
long ct_hypercall(struct domain *d, uint64_t nr, uint64_t a0, uint64_t a1, uint64_t a2);

/* Guest-physical scratch address inside d's RAM (page-aligned offset). */
uint64_t ct_gpa(unsigned page);

/* Hypervisor pointer to guest RAM of d at gpa (test checks only). */
void *ct_ram(struct domain *d, uint64_t gpa);

/* Console output since the last call (static buffer). */
const char *ct_console(void);

/* Run fn() and report whether it panicked (hal_cpu_halt). */
bool ct_panics(void (*fn)(void));

#endif
