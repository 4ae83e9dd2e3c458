/*
 * The platform facts aia_file.c needs, for its host unit test (the values
 * of platforms/qemu-virt-riscv64-aia).
 */
#ifndef FAKE_PLAT_CONFIG_H
#define FAKE_PLAT_CONFIG_H

#define PLAT_IMSIC_IDS 255U

#endif
