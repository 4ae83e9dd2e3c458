/*
 * HAL contract: virtual CPUs.
 *
 * A vCPU is a struct vcpu_arch (see hal/arch_types.h) bound to one address
 * space. The core runs it with hal_vcpu_run(), which returns one exit, and
 * finishes the exit with hal_vcpu_complete() before running it again.
 *
 * Lifecycle: hal_vcpu_init() (again to reset) -> { { hal_vcpu_run() ->
 * [hal_vcpu_complete()] }+ -> hal_vcpu_put() }*. A stint of consecutive
 * runs on one pCPU ends with hal_vcpu_put(), so a backend may keep the
 * vCPU's state in the pCPU's registers between the runs of a stint. A vCPU
 * runs on one pCPU at a time; the core guarantees it. Nothing here
 * allocates.
 */
#ifndef HAL_VCPU_H
#define HAL_VCPU_H

#include <stdbool.h>
#include <stdint.h>

#include <hal/arch_types.h>
#include <hal/exit.h>

/* Argument registers hal_vcpu_init() can set (x0-x3 / a0-a3 / rdi..). */
#define HAL_VCPU_MAX_ARGS 4U

/*
 * Reset v to its power-on state: registers cleared, at the guest's boot
 * exception level/mode with its MMU off, pc = entry, the first nargs
 * argument registers = args (Arm64 x0.., RISC-V a0.., x86-64 the boot
 * protocol's registers), pending virtual interrupts dropped.
 * @pre as was created with hal_as_create(); nargs <= HAL_VCPU_MAX_ARGS;
 *      v is not running on any pCPU.
 * @post the next hal_vcpu_run(v) starts at entry; nothing is pending.
 * @return 0 or -HAL_EINVAL.
 */
int hal_vcpu_init(struct vcpu_arch *v, struct as_arch *as, unsigned vcpu_id, uint64_t entry,
                  const uint64_t *args, unsigned nargs);

/*
 * Enter the guest on this pCPU until it exits in a way the core must see.
 * Virtual interrupts injected with hal_irq_inject() are delivered on entry.
 * @pre v's address space is active on this pCPU (hal_as_activate); the
 *      previous exit, if it needed one, was completed.
 * @return the decoded exit. EXIT_NONE may be returned and means "run again".
 * The guest's state may stay loaded in this pCPU's registers afterwards
 * (until hal_vcpu_put); the general registers, pc and the exit record the
 * core and hal_vcpu_complete() use are always in v.
 */
struct vm_exit hal_vcpu_run(struct vcpu_arch *v);

/*
 * End a stint of runs of v on this pCPU: whatever hal_vcpu_run() left in
 * the pCPU's registers is saved into v and the pCPU no longer holds any
 * guest state (its virtual timer and virtual interrupt interface are off).
 * Harmless when nothing is loaded (a backend that saves at every exit
 * implements it empty).
 * @pre called on the pCPU that last ran v, before that pCPU runs another
 *      vCPU or idles and before any other pCPU may run, reset or read v.
 * @post v holds the complete guest state.
 */
void hal_vcpu_put(struct vcpu_arch *v);

/*
 * Finish the last exit of v and move the guest past the instruction that
 * exited:
 *   EXIT_HYPERCALL: value is the return value (a long; -errno on error);
 *   EXIT_MMIO/EXIT_PIO: for a load, value is the data (truncated to the
 *                       access size, zero-extended into the register);
 *                       ignored for a store;
 *   EXIT_HALT:          value ignored;
 *   EXIT_VCPU_UP:       value is 0 or -errno; the backend encodes it in the
 *                       firmware interface's numbering (PSCI, SBI).
 * Not called for EXIT_FAULT, EXIT_IRQ, EXIT_TIMER, EXIT_SHUTDOWN,
 * EXIT_RESET, EXIT_VCPU_DOWN and EXIT_NONE (nothing to finish).
 */
void hal_vcpu_complete(struct vcpu_arch *v, uint64_t value);

/*
 * Let v's wait-for-interrupt instruction run natively (native = true:
 * RISC-V WFI with hstatus.VTW clear) or trap to the hypervisor (false, the
 * default). The core asks
 * for native only for a vCPU that is alone on its pCPU for good (a null
 * cpupool): a natively waiting guest still leaves on every physical
 * interrupt (they go to EL2/HS), so kicks, the hypervisor's timer and
 * passthrough interrupts reach the hypervisor, and its own virtual timer
 * wakes it; but the pCPU cannot run anything else while it waits. A
 * backend may ignore the request (Arm64: its trapped WFI waits in EL2
 * already; x86-64: HLT stays intercepted). The setting survives
 * hal_vcpu_init().
 * @pre v is not running on any pCPU, or this is the pCPU running it
 *      between two runs; the setting applies from the next entry.
 */
void hal_vcpu_set_wfi_native(struct vcpu_arch *v, bool native);

/*
 * Xen shared_info layout facts that differ per ISA (public/arch-*.h):
 * how many vcpu_info slots shared_info holds and how big one is.
 * Arm64 and RISC-V: 1 and 48; x86-64: 32 and 64.
 */
unsigned hal_xen_legacy_max_vcpus(void);
unsigned hal_xen_vcpu_info_size(void);

#endif
