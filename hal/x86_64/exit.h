/*
 * x86-64 exit decoding and guest register access (exit.c, regs.c).
 */
#ifndef X86_EXIT_H
#define X86_EXIT_H

#include <stdbool.h>
#include <stdint.h>

#include <hal/arch_types.h>
#include <hal/exit.h>

/* Turn the VMCB's EXITCODE/EXITINFO into a neutral exit (handles some inside). */
struct vm_exit x86_exit_decode(struct vcpu_arch *v, uint64_t code);

/* Guest GPR n (x86 encoding order: 0 RAX .. 15 R15). */
uint64_t x86_get_reg(const struct vcpu_arch *v, unsigned n);
/* Write size bytes of value into GPR n as a MOV would (high_byte: AH..BH). */
void x86_set_reg(struct vcpu_arch *v, unsigned n, bool high_byte, unsigned size, uint64_t value);
/* Finish a decoded MMIO load with value. */
void x86_mmio_load_done(struct vcpu_arch *v, uint64_t value);
/* Move RIP past the exiting instruction (v->insn_len) and drop the STI shadow. */
void x86_vcpu_skip(struct vcpu_arch *v);
/* Inject exception vector (with error code if has_err) on the next entry. */
void x86_inject_exception(struct vcpu_arch *v, unsigned vector, bool has_err, uint32_t err);

/* Long mode with a 64-bit code segment (EFER.LMA and CS.L). */
bool x86_guest_in_64bit_mode(const struct vcpu_arch *v);

/* CPUID and MSR policy (policy_cpuid.c, policy_msr.c). */
void x86_cpuid_policy(const struct vcpu_arch *v, uint32_t leaf, uint32_t subleaf, uint32_t out[4]);
/* @return true if handled (value set for reads), false to inject #GP. */
bool x86_msr_read(struct vcpu_arch *v, uint32_t msr, uint64_t *value);
bool x86_msr_write(struct vcpu_arch *v, uint32_t msr, uint64_t value);

#endif
