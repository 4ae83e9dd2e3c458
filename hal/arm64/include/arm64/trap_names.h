/*
 * Names for the trap dump (trap_names.c).
 */
#ifndef ARM64_TRAP_NAMES_H
#define ARM64_TRAP_NAMES_H

#define ARM64_NR_VECTORS 16U

/* Name of an ESR_EL2 exception class; "unknown EC" for unlisted values. */
const char *arm64_ec_name(unsigned ec);

/* Name of a vector entry 0..15 ("EL2h sync", "lower A64 IRQ"...). */
const char *arm64_vector_name(unsigned vector);

#endif
