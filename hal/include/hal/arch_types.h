/*
 * HAL contract: arch state as typed members of core structs.
 *
 * Each backend has an include directory (hal/<arch>/include, on the include
 * path of every core file) holding <hal_arch/types.h>, which must define:
 *
 *   struct vcpu_arch  - everything the backend keeps per vCPU: saved guest
 *                       registers, system registers, the decoded last exit,
 *                       virtual interrupt state. Embedded in struct vcpu as
 *                       `struct vcpu_arch arch;`; the core never reads or
 *                       writes its members, it only passes its address to
 *                       the hal_vcpu_* and hal_irq_* functions.
 *   struct as_arch    - one guest address space (stage-2 / NPT / G-stage
 *                       root, VMID/ASID). Embedded in struct domain as
 *                       `struct as_arch as;`, opaque to the core likewise.
 *
 * Both must be complete types (the core embeds them) and must not depend on
 * core headers. The backend may include <hal/exit.h> and <hal/as.h>'s
 * constants; nothing else of the HAL is needed to define them.
 */
#ifndef HAL_ARCH_TYPES_H
#define HAL_ARCH_TYPES_H

#include <hal_arch/types.h>

#endif
