/*
 * x86-64 I/O port passthrough (pio.c).
 */
#ifndef X86_PIO_H
#define X86_PIO_H

#include <stdbool.h>
#include <stdint.h>

#include <hal/arch_types.h>

/* Board/manifest addresses with this bit are I/O ports, one 4 KiB step per port. */
#define X86_PIO_TAG (1ULL << 60)
#define X86_PIO_STRIDE 4096ULL
/* I/O permission bitmap: 64 Ki ports + 3 bytes, 12 KiB (AMD APM 15.10.1). */
#define X86_IOPM_SIZE 12288U /* 3 pages */
/* Domains that may own ports at once. */
#define X86_PIO_DOMAINS 4U

bool x86_pio_is_range(uint64_t pa);
bool x86_pio_range_ok(uint64_t gpa, uint64_t pa, uint64_t size);
void x86_iopm_open(uint8_t *iopm, uint32_t port, uint32_t size);
int x86_pio_grant(struct as_arch *as, uint64_t gpa, uint64_t pa, uint64_t size);

#endif
