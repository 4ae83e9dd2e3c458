/*
 * HAL contract: boot hand-off between an arch backend and the core.
 *
 * The backend's entry code runs first on each pCPU: it sets up a stack, clears
 * BSS (boot pCPU), turns the MMU on for the hypervisor's own mappings where
 * the ISA allows it, installs trap vectors and initialises the console. Then
 * it calls into the core, which never returns.
 */
#ifndef HAL_BOOT_H
#define HAL_BOOT_H

#include <stdint.h>

#define HAL_MAX_RAM_RANGES 8U

struct hal_mem_range {
	uint64_t base;
	uint64_t size;
};

/* Facts about the machine, filled by the backend for the core. */
struct hal_boot_info {
	struct hal_mem_range ram[HAL_MAX_RAM_RANGES]; /* physical RAM */
	unsigned nr_ram;
	struct hal_mem_range hv_image; /* the hypervisor's own footprint */
	const void *firmware_blob;     /* DTB or multiboot info, or NULL */
	/*
	 * Where the loader put the packed system image (manifest + guests):
	 * base = the platform's IMAGE_ADDR, size = the window the core may
	 * read. size 0 = no image; the core checks the manifest magic.
	 */
	struct hal_mem_range system_image;
};

/* Short ISA name printed in the banner: "arm64", "riscv64", "x86_64"... */
const char *hal_arch_name(void);

/* Platform (board) name, as in platforms/<name>/. */
const char *hal_platform_name(void);

/*
 * Provided by the core. Called once on the boot pCPU (id 0) with the console
 * working. @pre info is valid for the lifetime of the hypervisor.
 */
_Noreturn void core_boot_primary(const struct hal_boot_info *info);

/* Provided by the core. Called on each secondary pCPU once it runs C. */
_Noreturn void core_boot_secondary(unsigned cpu);

#endif
