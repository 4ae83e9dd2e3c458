/*
 * Simulated physical RAM: one host mapping standing for HOST_RAM_SIZE bytes
 * of "physical" memory at HOST_RAM_BASE. hal_pa_to_va() translates into it,
 * so the core's boot allocator, guest RAM and page pools all live here.
 * Hypervisor memory outside it (static tables, e.g. grant frames inside
 * struct domain) gets an alias "physical" address: the pointer with bit 63
 * set, which no RAM address has, so it round-trips through
 * hal_va_to_pa()/hal_pa_to_va() as on a backend with a 1:1 map.
 */
#include <stdint.h>
#include <sys/mman.h>

#include <hal/as.h>
#include <host/host.h>

static uint8_t *ram;

static uint8_t *ram_base(void)
{
	if (ram == NULL) {
		void *p = mmap(NULL, HOST_RAM_SIZE, PROT_READ | PROT_WRITE,
		               MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

		ram = (p == MAP_FAILED) ? NULL : p;
	}
	return ram;
}

#define ALIAS_BIT (1ULL << 63)

void *hal_pa_to_va(uint64_t pa)
{
	if ((pa & ALIAS_BIT) != 0U) {
		return (void *)(uintptr_t)(pa & ~ALIAS_BIT);
	}
	if (pa < HOST_RAM_BASE || pa - HOST_RAM_BASE >= HOST_RAM_SIZE || ram_base() == NULL) {
		return NULL;
	}
	return ram + (pa - HOST_RAM_BASE);
}

uint64_t hal_va_to_pa(const void *va)
{
	const uint8_t *p = va;

	if (p == NULL) {
		return 0;
	}
	if (ram_base() == NULL || p < ram || p >= ram + HOST_RAM_SIZE) {
		return (uint64_t)(uintptr_t)p | ALIAS_BIT;
	}
	return HOST_RAM_BASE + (uint64_t)(p - ram);
}

void host_boot_info(struct hal_boot_info *info)
{
	*info = (struct hal_boot_info){
	        .ram = {{.base = HOST_RAM_BASE, .size = HOST_RAM_SIZE}},
	        .nr_ram = 1,
	        .hv_image = {.base = HOST_RAM_BASE, .size = HOST_HV_SIZE},
	};
}
