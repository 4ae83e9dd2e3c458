/*
 * bhimg: the Bulkhead image builder (host tool).
 *
 * Design: a pipeline of small stages over one in-memory model, each stage in
 * its own file:
 *   fdtio.c    compile .dts with dtc, read cells/strings from a blob
 *   board.c    board description -> struct board
 *   config.c   system config (Xen dom0less binding + bulkhead, extensions)
 *              -> struct system (domains, pools, shared memory, event channels)
 *   validate.c cross-checks between nodes and against the board
 *   place.c    host memory placement (static first, then in node order)
 *   gen_dtb.c  guest device tree per domain (Arm64, RISC-V)
 *   gen_start.c start info per domain (x86-64)
 *   pack.c     manifest + payload -> one image (core/manifest.h format)
 *   explain.c  the layout table
 * Every error goes through diag_error() as `file: /node: property: message`;
 * a stage returns -1 on the first error, 0 on success.
 */
#ifndef BHIMG_H
#define BHIMG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <core/manifest.h>

#define BH_PATH_LEN 256
#define BH_NAME_LEN 64
#define BH_MAX_BOARD_DEVICES 32
#define BH_MAX_DEV_RANGES 4
#define BH_MAX_DEV_IRQS 8
#define BH_MAX_STATIC_MEM 8  /* xen,static-mem banks per domain */
#define BH_MAX_PASSTHROUGH 8 /* devices per domain */
#define BH_MAX_DOM_SHM 8     /* shared memory nodes per domain */
#define BH_MAX_DOM_EVTCHN 16 /* event channel nodes per domain */
#define BH_PAGE 0x1000ULL
#define BH_2M 0x200000ULL

/* ---- diagnostics (diag.c) ---- */
struct diag {
	char last[1024]; /* the last error message, without newline */
	unsigned count;
	bool quiet; /* do not print (tests, fuzzing) */
};

extern struct diag bh_diag;
/* Print `file: node: prop: message` to stderr (unless quiet); returns -1. */
int diag_error(const char *file, const char *node, const char *prop, const char *fmt, ...)
        __attribute__((format(printf, 4, 5)));
void diag_reset(bool quiet);

/* ---- device tree input (fdtio.c) ---- */
struct dt {
	const char *file; /* for messages */
	void *fdt;        /* malloc'd blob */
	size_t size;
};

/* Load file: .dtb as is, anything else compiled with `dtc -I dts -O dtb`. */
int dt_load(struct dt *dt, const char *file);
/* Take a copy of a blob already in memory (fuzzing, tests). */
int dt_from_blob(struct dt *dt, const char *file, const void *blob, size_t size);
void dt_free(struct dt *dt);
/* Full path of node `off` into buf (always NUL-terminated). */
const char *dt_path(const struct dt *dt, int off, char *buf, size_t len);
/* Read a big-endian number of `cells` cells (1 or 2) at cells[i]. */
uint64_t dt_cells(const uint32_t *cells, unsigned i, unsigned ncells);
/* Property as cells: returns count of cells or -1 (len not a multiple of 4). */
int dt_prop_cells(const struct dt *dt, int off, const char *name, const uint32_t **cells);
/* The one string of a property; NULL if absent or not a NUL-terminated string. */
const char *dt_prop_string(const struct dt *dt, int off, const char *name);

/* ---- board (board.c) ---- */
struct board_device {
	char path[BH_PATH_LEN];
	char name[BH_NAME_LEN];
	char compatible[BH_PATH_LEN]; /* raw stringlist */
	int compatible_len;
	uint64_t base[BH_MAX_DEV_RANGES], size[BH_MAX_DEV_RANGES];
	unsigned nr_ranges;
	uint32_t irqs[BH_MAX_DEV_IRQS]; /* physical interrupt numbers */
	unsigned nr_irqs;
	int owner; /* domain index that took it, -1 none */
};

enum irq_controller { IRQC_GICV2, IRQC_GICV3, IRQC_PLIC, IRQC_APLIC, IRQC_LAPIC };

struct board {
	const char *file;
	char platform[MANIFEST_PLATFORM_LEN];
	enum manifest_arch arch;
	enum irq_controller irqc;
	uint32_t nr_pcpus;
	uint32_t timebase_hz;
	uint64_t ram_base, ram_size;
	uint64_t hv_base, hv_size;
	uint64_t image_base, image_size; /* where the packed image is loaded */
	struct board_device dev[BH_MAX_BOARD_DEVICES];
	unsigned nr_dev;
};

int board_read(struct board *b, const struct dt *dt);

/* ---- the system model (config.c) ---- */
struct dom_mem {
	uint64_t gpa, hpa, size;
	uint32_t flags; /* MANIFEST_MEM_* */
};

struct dom_passthrough {
	char node[BH_PATH_LEN];
	int dev;      /* board device index */
	uint64_t gpa; /* guest base of the first range (default: host base) */
};

struct dom_shm {
	char node[BH_PATH_LEN];
	char id[BH_NAME_LEN];
	uint32_t role; /* enum manifest_shm_role */
	bool rw;
	bool has_hpa;
	uint64_t hpa, gpa, size;
	int shm; /* index into system.shm */
};

struct dom_evtchn {
	char node[BH_PATH_LEN];
	int off; /* config node offset */
	uint32_t port;
	uint32_t peer_phandle;
};

struct image {
	char path[BH_PATH_LEN];
	uint8_t *data;
	size_t size;
};

struct domain_cfg {
	char node[BH_PATH_LEN];
	char name[BH_NAME_LEN];
	int off;
	uint32_t id;
	uint32_t role, caps, fault_policy, flags, console;
	int pool; /* index into system.pool */
	uint32_t nr_vcpus;
	int pin[MANIFEST_MAX_VCPUS]; /* pCPU or -1 */
	uint64_t mem_size;           /* bytes (memory property) */
	struct dom_mem static_mem[BH_MAX_STATIC_MEM];
	unsigned nr_static;
	struct dom_mem mem[BH_MAX_STATIC_MEM]; /* placed regions */
	unsigned nr_mem;
	struct image kernel, ramdisk;
	char kernel_node[BH_PATH_LEN];
	char bootargs[1024];
	bool has_load_addr, has_entry, has_dtb_addr;
	uint64_t load_addr, entry, dtb_addr;
	uint32_t credit2_weight, credit2_cap;
	uint64_t rtds_budget_ns, rtds_period_ns;
	bool has_rtds;
	struct dom_passthrough pt[BH_MAX_PASSTHROUGH];
	unsigned nr_pt;
	struct dom_shm shm[BH_MAX_DOM_SHM];
	unsigned nr_shm;
	struct dom_evtchn ev[BH_MAX_DOM_EVTCHN];
	unsigned nr_ev;
	/* generated */
	uint8_t *boot_data;
	size_t boot_data_size;
	uint32_t boot_data_kind;
	uint64_t kernel_gpa, ramdisk_gpa, boot_data_gpa;
	uint64_t console_addr;
	uint32_t console_irq;
};

struct a653_window {
	uint32_t domain_phandle;
	uint32_t vcpu;
	uint64_t duration_ns;
	int domain; /* resolved index */
};

struct pool_cfg {
	char node[BH_PATH_LEN];
	char name[BH_NAME_LEN];
	int off;
	uint32_t id;
	uint32_t sched;
	uint64_t cpus;
	uint64_t major_frame_ns;
	struct a653_window win[MANIFEST_MAX_A653_WINDOWS];
	unsigned nr_win;
	bool implicit; /* created because the config has no xen,cpupool */
};

struct shm_cfg {
	char id[BH_NAME_LEN];
	uint64_t size, hpa;
	bool has_hpa;
	int owner;     /* domain index */
	int owner_shm; /* index in the owner's shm[] */
};

struct evtchn_cfg {
	int dom_a, dom_b;
	uint32_t port_a, port_b;
};

struct system {
	const char *file;      /* config file, for messages */
	const char *image_dir; /* base for relative image paths (may be NULL) */
	struct domain_cfg dom[MANIFEST_MAX_DOMAINS];
	unsigned nr_dom;
	struct pool_cfg pool[MANIFEST_MAX_CPUPOOLS];
	unsigned nr_pool;
	struct shm_cfg shm[MANIFEST_MAX_SHM];
	unsigned nr_shm;
	struct evtchn_cfg ev[MANIFEST_MAX_EVTCHNS];
	unsigned nr_ev;
};

/* Parse the config; reads no files except guest images (if load_images). */
int config_read(struct system *s, const struct board *b, const struct dt *dt, bool load_images);
void system_free(struct system *s);
int validate_system(struct system *s, struct board *b);
/* x86-64: device addresses with this bit are I/O ports (hal/x86_64/pio.c). */
#define BH_X86_PIO_TAG (1ULL << 60)
bool bh_x86_pio_addr(uint64_t addr);
/* x86-64 I/O port and GSI passthrough rules (validate_x86.c); 0 elsewhere. */
int validate_x86_passthrough(const struct system *s, const struct board *b);
int place_memory(struct system *s, const struct board *b);
int gen_boot_data(struct system *s, const struct board *b);
int gen_dtb(struct domain_cfg *d, const struct system *s, const struct board *b);
int gen_start_info(struct domain_cfg *d, const struct board *b);
/* Build the image in a malloc'd buffer. */
int pack_image(const struct system *s, const struct board *b, uint8_t **out, size_t *out_size);
void explain(FILE *f, const struct system *s, const struct board *b);

/* Everything from files to a placed, generated system (pack and explain). */
int bhimg_build(struct system *s, struct board *b, const char *board_file, const char *config_file,
                const char *image_dir);

/* Guest address map per arch (docs/image-format.md). */
struct guest_layout {
	uint64_t ram_base, ram_max;
	uint64_t ic_base, ic_size;   /* GICD / PLIC */
	uint64_t ic2_base, ic2_size; /* GICR (per vCPU stride) / GICC */
	uint64_t uart_base, uart_size;
	uint32_t uart_irq; /* GIC INTID / PLIC source / ISA IRQ */
	uint64_t gnttab_base, gnttab_size;
	uint32_t evtchn_ppi; /* Arm: INTID of the event channel upcall */
};
const struct guest_layout *guest_layout(enum manifest_arch arch);

/* [a, a+as) and [b, b+bs) intersect. */
static inline bool ranges_overlap(uint64_t a, uint64_t as, uint64_t b, uint64_t bs)
{
	return a < b + bs && b < a + as;
}

#endif
