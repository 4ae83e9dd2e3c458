/*
 * The test guests' interrupt-controller driver, picked by the DTB's
 * compatible strings: the virtual PLIC ("riscv,plic0") or AIA (an IMSIC
 * file per vCPU, "riscv,imsics", and a virtual APLIC in MSI mode,
 * "riscv,aplic"). Only vCPU 0 (hart 0, PLIC context 0) takes interrupts.
 */
#ifndef GUEST_IRQCHIP_H
#define GUEST_IRQCHIP_H

#include <stdbool.h>
#include <stdint.h>

enum irqchip_kind { IRQCHIP_NONE, IRQCHIP_PLIC, IRQCHIP_AIA };

/* Find the controller in dtb; its kind (IRQCHIP_NONE: none found). */
enum irqchip_kind irqchip_init(const void *dtb);

/* The base address of the controller (PLIC, APLIC) and of the IMSIC. */
unsigned long irqchip_base(void);
unsigned long irqchip_imsic_base(void);

/* Deliver wired source src to vCPU 0 as a level-high interrupt: PLIC
 * priority 1, enabled in context 0, threshold 0; AIA: identity src
 * enabled in the IMSIC file (delivery on, threshold 0), the APLIC source
 * level-high, targeted at hart 0 with identity src, enabled, domain on. */
void irqchip_enable_source(unsigned src);

/* Claim the best pending interrupt (0 = none) and complete it. */
unsigned irqchip_claim(void);
void irqchip_complete(unsigned src);

/* AIA: IMSIC registers of this vCPU's file (siselect / sireg). */
unsigned long imsic_read(unsigned long sel);
void imsic_write(unsigned long sel, unsigned long val);

#endif
