/*
 * The boot manifest: the one description of a system that the image builder
 * (tools/imgbuild, on the host) writes and the hypervisor (core/manifest.c)
 * verifies and reads at boot. The runtime never parses a device tree.
 *
 * Design: a packed image starts with the manifest (header, fixed-size tables,
 * string table), followed by the payload (guest kernels, ramdisks, generated
 * device trees or x86 start info). Every field is a fixed-width little-endian
 * integer; there are no pointers. Every offset is in bytes from the first byte
 * of the header. Tables are arrays of fixed-size entries, each 8-byte aligned;
 * an entry refers to rows of another table by a (first, count) range, to a
 * string by its offset in the string table, and to the payload by a blob
 * (offset, size). The layout of every struct is pinned by static assertions,
 * so the same header compiles freestanding (hypervisor) and on the host (tool).
 *
 * Integrity: header.checksum is FNV-1a 64 over bytes [0, manifest_size) with
 * the checksum field taken as zero; header.payload_checksum is FNV-1a 64 over
 * [manifest_size, image_size). See docs/image-format.md.
 *
 * Versioning: MANIFEST_VERSION_MAJOR changes on any incompatible change; the
 * verifier accepts only its own major and any minor >= 0 (minor versions may
 * only add flags or use reserved fields that older readers ignore).
 */
/* [impl->dsn~manifest-format~1] */
#ifndef CORE_MANIFEST_H
#define CORE_MANIFEST_H

#include <stddef.h>
#include <stdint.h>

/* "BHMN" read as a little-endian u32. */
#define MANIFEST_MAGIC 0x4e4d4842U
#define MANIFEST_VERSION_MAJOR 1U
#define MANIFEST_VERSION_MINOR 0U

/* Capacity limits. The hypervisor sizes its static arrays with these. */
#define MANIFEST_MAX_DOMAINS 16U
#define MANIFEST_MAX_VCPUS 16U /* per domain */
#define MANIFEST_MAX_PCPUS 64U /* width of a pCPU mask */
#define MANIFEST_MAX_CPUPOOLS 8U
#define MANIFEST_MAX_MEM_REGIONS 64U  /* all domains together */
#define MANIFEST_MAX_MMIO 64U         /* passthrough MMIO ranges, all domains */
#define MANIFEST_MAX_IRQS 128U        /* passthrough IRQs, all domains */
#define MANIFEST_MAX_A653_WINDOWS 64U /* ARINC 653 windows, all pools */
#define MANIFEST_MAX_SHM 16U
#define MANIFEST_MAX_SHM_MAPS 64U
#define MANIFEST_MAX_EVTCHNS 64U
#define MANIFEST_MAX_EVTCHN_PORT 4095U /* Xen 2-level ABI on 64-bit; 0 is reserved */
#define MANIFEST_MAX_STRINGS 8192U     /* bytes in the string table */
#define MANIFEST_PLATFORM_LEN 32U      /* bytes, NUL-terminated */
#define MANIFEST_ALIGN 8U              /* table and blob alignment */
#define MANIFEST_BLOB_ALIGN 4096U      /* payload blobs start page aligned */
#define MANIFEST_NO_STRING 0U          /* string offset 0 is always "" */

/* Errors the verifier returns (negated), Xen/Linux errno numbering. */
#define MANIFEST_E2BIG 7
#define MANIFEST_ENOEXEC 8
#define MANIFEST_EINVAL 22
#define MANIFEST_ERANGE 34
#define MANIFEST_EBADMSG 74

enum manifest_arch {
	MANIFEST_ARCH_ARM64 = 1,
	MANIFEST_ARCH_X86_64 = 2,
	MANIFEST_ARCH_RISCV64 = 3,
};

/* Index of each table in manifest_header.tables[]. */
enum manifest_table_id {
	MT_DOMAINS = 0,
	MT_MEMORY,
	MT_MMIO,
	MT_IRQS,
	MT_CPUPOOLS,
	MT_A653_WINDOWS,
	MT_SHM,
	MT_SHM_MAPS,
	MT_EVTCHNS,
	MT_STRINGS, /* entry_size 1, count = bytes; starts with NUL, ends with NUL */
	MT_COUNT
};

/* Where one table lives: offset from the header, entries, bytes per entry. */
struct manifest_table {
	uint32_t offset;
	uint32_t count;
	uint32_t entry_size;
	uint32_t reserved;
};

/* A run of rows [first, first + count) in another table. */
struct manifest_range {
	uint32_t first;
	uint32_t count;
};

/* A payload blob: bytes [offset, offset + size) of the image. size 0 = none. */
struct manifest_blob {
	uint64_t offset;
	uint64_t size;
	uint64_t load_addr; /* guest physical address it is copied to */
};

struct manifest_header {
	uint32_t magic;
	uint16_t version_major;
	uint16_t version_minor;
	uint32_t header_size;      /* sizeof(struct manifest_header) */
	uint32_t manifest_size;    /* header + tables + strings, multiple of 8 */
	uint64_t image_size;       /* manifest + payload */
	uint64_t checksum;         /* FNV-1a 64 of [0, manifest_size), this field 0 */
	uint64_t payload_checksum; /* FNV-1a 64 of [manifest_size, image_size) */
	uint32_t arch;             /* enum manifest_arch */
	uint32_t flags;            /* none defined yet: must be 0 */
	uint64_t ram_base;         /* platform RAM the builder placed into */
	uint64_t ram_size;
	uint64_t hv_base; /* hypervisor reservation the builder avoided */
	uint64_t hv_size;
	uint32_t nr_pcpus; /* pCPUs the platform has; masks use bits < this */
	uint32_t reserved;
	char platform[MANIFEST_PLATFORM_LEN];
	struct manifest_table tables[MT_COUNT];
};

/* Domain roles (exactly one per domain). */
enum manifest_role {
	MANIFEST_ROLE_DOMU = 0,
	MANIFEST_ROLE_CONTROL = 1,
	MANIFEST_ROLE_HARDWARE = 2,
};

/*
 * Capability bitmap. Bits 0-2 are Xen's dom0less `capabilities` values;
 * bits 8 and up are Bulkhead's static hypercall policy (docs/config.md).
 */
#define MANIFEST_CAP_CONTROL 0x0001U
#define MANIFEST_CAP_HARDWARE 0x0002U
#define MANIFEST_CAP_XENSTORE 0x0004U
#define MANIFEST_CAP_CONSOLE_IO 0x0100U /* console_io hypercall */
#define MANIFEST_CAP_EVTCHN 0x0200U     /* event_channel_op */
#define MANIFEST_CAP_GNTTAB 0x0400U     /* grant_table_op */
#define MANIFEST_CAP_DOMCTL 0x0800U     /* pause/unpause/reset other domains */
#define MANIFEST_CAP_SCHEDCTL 0x1000U   /* change scheduler parameters */
#define MANIFEST_CAP_SYSINFO 0x2000U    /* read system-wide state */
#define MANIFEST_CAP_ALL_KNOWN 0x3f07U

enum manifest_fault_policy {
	MANIFEST_FAULT_CRASH = 0, /* stop the domain, keep it stopped */
	MANIFEST_FAULT_RESET = 1, /* reload images and restart the domain */
};

enum manifest_console {
	MANIFEST_CONSOLE_NONE = 0,
	MANIFEST_CONSOLE_PL011 = 1,   /* Xen's vpl011 (Arm64) */
	MANIFEST_CONSOLE_NS16550 = 2, /* RISC-V and x86-64 (MMIO or PIO) */
	MANIFEST_CONSOLE_HVC = 3,     /* console_io hypercall only */
};

enum manifest_boot_data {
	MANIFEST_BOOT_DATA_NONE = 0,
	MANIFEST_BOOT_DATA_DTB = 1,        /* flattened device tree (Arm64, RISC-V) */
	MANIFEST_BOOT_DATA_START_INFO = 2, /* struct manifest_start_info (x86-64) */
};

/* manifest_domain.flags */
#define MANIFEST_DOM_DIRECT_MAP (1U << 0)    /* guest physical == host physical */
#define MANIFEST_DOM_UNMAPPED_RAZ (1U << 1)  /* unclaimed MMIO reads 0, writes ignored */
#define MANIFEST_DOM_NO_BOOT_SCRUB (1U << 2) /* RAM not zeroed at cold boot (always at reset) */
#define MANIFEST_DOM_NATIVE_CLOCK (1U << 3)  /* guest counter = host counter (x86: TSC offset 0) */

struct manifest_domain {
	uint32_t id;                                /* unique, < MANIFEST_MAX_DOMAINS */
	uint32_t name;                              /* string */
	uint32_t role;                              /* enum manifest_role */
	uint32_t caps;                              /* MANIFEST_CAP_* */
	uint32_t cpupool;                           /* manifest_cpupool.id */
	uint32_t nr_vcpus;                          /* 1..MANIFEST_MAX_VCPUS */
	uint32_t fault_policy;                      /* enum manifest_fault_policy */
	uint32_t flags;                             /* MANIFEST_DOM_* */
	uint64_t vcpu_affinity[MANIFEST_MAX_VCPUS]; /* pCPU mask per vCPU */
	struct manifest_range mem;                  /* rows of MT_MEMORY */
	struct manifest_range mmio;                 /* rows of MT_MMIO */
	struct manifest_range irqs;                 /* rows of MT_IRQS */
	struct manifest_blob kernel;
	struct manifest_blob ramdisk;
	struct manifest_blob boot_data; /* DTB or start info */
	uint64_t entry;                 /* guest physical entry point */
	uint32_t boot_data_kind;        /* enum manifest_boot_data */
	uint32_t bootargs;              /* string */
	uint32_t console;               /* enum manifest_console */
	uint32_t console_irq;           /* guest interrupt number */
	uint64_t console_addr;          /* guest physical base (or I/O port) */
	uint32_t credit2_weight;        /* 1..65535, default 256 */
	uint32_t credit2_cap;           /* percent of one pCPU, 0 = none */
	uint64_t rtds_budget_ns;
	uint64_t rtds_period_ns;
};

/* manifest_mem_region.flags */
#define MANIFEST_MEM_STATIC (1U << 0)     /* host address fixed by the config */
#define MANIFEST_MEM_DIRECT_MAP (1U << 1) /* gpa == hpa */

struct manifest_mem_region {
	uint32_t domain; /* domain id */
	uint32_t flags;  /* MANIFEST_MEM_* */
	uint64_t gpa;
	uint64_t hpa;
	uint64_t size; /* multiple of 4 KiB */
};

struct manifest_mmio {
	uint32_t domain;
	uint32_t name; /* string: the config node path */
	uint64_t gpa;
	uint64_t hpa;
	uint64_t size;
};

#define MANIFEST_IRQ_LEVEL (1U << 0) /* level-triggered, else edge */

struct manifest_irq {
	uint32_t domain;
	uint32_t host_irq;  /* physical interrupt number (GIC: INTID) */
	uint32_t guest_irq; /* virtual interrupt number seen by the guest */
	uint32_t flags;     /* MANIFEST_IRQ_* */
};

enum manifest_sched {
	MANIFEST_SCHED_NULL = 0,
	MANIFEST_SCHED_CREDIT2 = 1,
	MANIFEST_SCHED_RTDS = 2,
	MANIFEST_SCHED_ARINC653 = 3,
};

struct manifest_cpupool {
	uint32_t id;
	uint32_t name;  /* string */
	uint32_t sched; /* enum manifest_sched */
	uint32_t reserved;
	uint64_t cpus;                 /* pCPU mask, disjoint from every other pool */
	uint64_t major_frame_ns;       /* ARINC 653 only, else 0 */
	struct manifest_range windows; /* rows of MT_A653_WINDOWS, ARINC 653 only */
};

/* One ARINC 653 minor frame: vCPU `vcpu` of `domain` runs for duration_ns. */
struct manifest_a653_window {
	uint32_t domain;
	uint32_t vcpu;
	uint64_t duration_ns;
};

struct manifest_shm {
	uint32_t id;                /* string: xen,shm-id */
	uint32_t owner;             /* domain id of the owner */
	uint64_t hpa;               /* host physical base, 4 KiB aligned */
	uint64_t size;              /* multiple of 4 KiB */
	struct manifest_range maps; /* rows of MT_SHM_MAPS (owner first) */
};

enum manifest_shm_role {
	MANIFEST_SHM_OWNER = 0,
	MANIFEST_SHM_BORROWER = 1,
};

#define MANIFEST_SHM_RW (1U << 0) /* writable, else read-only */

struct manifest_shm_map {
	uint32_t shm;    /* row of MT_SHM */
	uint32_t domain; /* domain id */
	uint32_t role;   /* enum manifest_shm_role */
	uint32_t flags;  /* MANIFEST_SHM_* */
	uint64_t gpa;
};

/* A static event channel, bound at boot between two domains. */
struct manifest_evtchn {
	uint32_t dom_a;
	uint32_t port_a;
	uint32_t dom_b;
	uint32_t port_b;
};

/*
 * x86-64 boot data (the boot_data blob of a domain whose boot_data_kind is
 * START_INFO), modelled on Xen's hvm_start_info: a header, then nr_memmap
 * entries, then the NUL-terminated command line. Offsets are from the start
 * of this struct; the hypervisor turns them into guest physical addresses.
 */
#define MANIFEST_START_INFO_MAGIC 0x336ec578U /* XEN_HVM_START_MAGIC_VALUE */
#define MANIFEST_E820_RAM 1U
#define MANIFEST_E820_RESERVED 2U

struct manifest_start_info {
	uint32_t magic;
	uint32_t version; /* 1 */
	uint32_t nr_memmap;
	uint32_t memmap_offset;
	uint32_t cmdline_offset;
	uint32_t cmdline_size; /* including NUL */
	uint64_t rsdp_paddr;   /* 0: none */
};

struct manifest_memmap_entry {
	uint64_t addr;
	uint64_t size;
	uint32_t type; /* MANIFEST_E820_* */
	uint32_t reserved;
};

/*
 * Guest physical address map per arch: where bhimg puts guest RAM and the
 * virtual devices in the generated device trees, so the hypervisor's virtual
 * devices must decode the same windows (Arm64 follows Xen's public
 * arch-arm.h). A domain's console address and IRQ are also in its manifest
 * row (console_addr, console_irq).
 */
#define MANIFEST_ARM64_GUEST_RAM_BASE 0x40000000ULL
#define MANIFEST_ARM64_GUEST_RAM_MAX 0xc0000000ULL
#define MANIFEST_ARM64_GUEST_GICD_BASE 0x03001000ULL /* GICv2 and GICv3 */
#define MANIFEST_ARM64_GUEST_GICD_SIZE 0x10000ULL
#define MANIFEST_ARM64_GUEST_GICC_BASE 0x03002000ULL /* GICv2 (GICD is 4 KiB then) */
#define MANIFEST_ARM64_GUEST_GICC_SIZE 0x2000ULL
#define MANIFEST_ARM64_GUEST_GICR_BASE 0x03020000ULL /* GICv3, one frame pair per vCPU */
#define MANIFEST_ARM64_GUEST_GICR_STRIDE 0x20000ULL
#define MANIFEST_ARM64_GUEST_PL011_BASE 0x22000000ULL
#define MANIFEST_ARM64_GUEST_PL011_INTID 32U  /* SPI 0 */
#define MANIFEST_ARM64_GUEST_EVTCHN_INTID 31U /* PPI 15 */
#define MANIFEST_RISCV64_GUEST_RAM_BASE 0x80000000ULL
#define MANIFEST_RISCV64_GUEST_RAM_MAX 0x100000000ULL
#define MANIFEST_RISCV64_GUEST_PLIC_BASE 0x0c000000ULL
#define MANIFEST_RISCV64_GUEST_PLIC_SIZE 0x04000000ULL
#define MANIFEST_RISCV64_GUEST_UART_BASE 0x10000000ULL
#define MANIFEST_RISCV64_GUEST_UART_IRQ 10U /* PLIC source */
#define MANIFEST_X86_64_GUEST_RAM_BASE 0x0ULL
#define MANIFEST_X86_64_GUEST_RAM_MAX 0xc0000000ULL
#define MANIFEST_X86_64_GUEST_IOAPIC_BASE 0xfec00000ULL
#define MANIFEST_X86_64_GUEST_LAPIC_BASE 0xfee00000ULL
#define MANIFEST_X86_64_GUEST_COM1_PORT 0x3f8U
#define MANIFEST_X86_64_GUEST_COM1_IRQ 4U
#define MANIFEST_GUEST_GNTTAB_SIZE 0x01000000ULL /* the /hypervisor reg window */
#define MANIFEST_ARM64_GUEST_GNTTAB_BASE 0x38000000ULL
#define MANIFEST_RISCV64_GUEST_GNTTAB_BASE 0x38000000ULL
#define MANIFEST_X86_64_GUEST_GNTTAB_BASE 0xf0000000ULL

/* Layout pins: these sizes are the on-disk format. */
_Static_assert(sizeof(struct manifest_table) == 16U, "manifest_table layout");
_Static_assert(sizeof(struct manifest_blob) == 24U, "manifest_blob layout");
_Static_assert(sizeof(struct manifest_header) == 120U + 16U * (unsigned)MT_COUNT, "header layout");
_Static_assert(sizeof(struct manifest_domain) == 312U, "domain layout");
_Static_assert(sizeof(struct manifest_mem_region) == 32U, "mem region layout");
_Static_assert(sizeof(struct manifest_mmio) == 32U, "mmio layout");
_Static_assert(sizeof(struct manifest_irq) == 16U, "irq layout");
_Static_assert(sizeof(struct manifest_cpupool) == 40U, "cpupool layout");
_Static_assert(sizeof(struct manifest_a653_window) == 16U, "a653 window layout");
_Static_assert(sizeof(struct manifest_shm) == 32U, "shm layout");
_Static_assert(sizeof(struct manifest_shm_map) == 24U, "shm map layout");
_Static_assert(sizeof(struct manifest_evtchn) == 16U, "evtchn layout");
_Static_assert(sizeof(struct manifest_start_info) == 32U, "start info layout");
_Static_assert(sizeof(struct manifest_memmap_entry) == 24U, "memmap layout");

/* FNV-1a 64 over buf[0, len), continuing from `hash` (start: MANIFEST_FNV_INIT). */
#define MANIFEST_FNV_INIT 0xcbf29ce484222325ULL
#define MANIFEST_FNV_PRIME 0x100000001b3ULL
uint64_t manifest_fnv1a(uint64_t hash, const void *buf, size_t len);

/* The header checksum: FNV-1a 64 of [0, manifest_size) with checksum = 0. */
uint64_t manifest_header_checksum(const void *image, uint32_t manifest_size);

/*
 * Check that `image` (len bytes available) holds a well-formed manifest:
 * magic, version, sizes, header and payload checksums, every table's offset,
 * size and alignment, every string offset, every (first, count) range, every
 * blob within the image, domain ids unique and referenced ids existing,
 * enum values known, pCPU masks within nr_pcpus.
 *
 * @pre image is 8-byte aligned; len is the number of readable bytes.
 * @post on 0, every index, offset and range in the manifest may be used
 *       without further bounds checks; on failure *reason (if non-NULL)
 *       points to a static string naming the first problem found.
 * @return 0, or -MANIFEST_E* (ENOEXEC bad magic, EINVAL malformed,
 *         E2BIG over a capacity, ERANGE out of bounds, EBADMSG checksum).
 */
int manifest_verify(const void *image, size_t len, const char **reason);

/* Accessors, valid only after manifest_verify() returned 0. */
const struct manifest_header *manifest_header(const void *image);
const void *manifest_table_row(const void *image, enum manifest_table_id t, uint32_t index);
const char *manifest_string(const void *image, uint32_t offset);

#endif
