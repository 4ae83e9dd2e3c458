/*
 * Guest device tree generation (Arm64 and RISC-V) with libfdt's sequential
 * writer: memory, cpus, interrupt controller, timer, vUART, passthrough
 * devices, shared memory as reserved-memory, /chosen (bootargs, initrd) and a
 * /hypervisor node in Xen's format so guests with Xen support find the
 * hypercall interface, the grant table window and the event channel upcall.
 *
 * Design: one writer (struct fdtw) records the first libfdt error, so node
 * builders stay straight-line; the arch-specific parts are separate
 * functions chosen by board arch. Addresses come from guest_layout() and the
 * domain's placed regions; nothing here decides placement.
 */
#include <libfdt.h>
#include <stdlib.h>
#include <string.h>

#include "bhimg.h"
#include "gen_dtb_aia.h"

#define DTB_MAX 0x10000 /* matches the boot data slot in place.c */
#define PH_IC 1U
#define PH_CLK 2U
#define PH_CPU_INTC 0x10U
#define PH_IMSIC 3U

struct fdtw {
	void *buf;
	int err;
};

static void w_chk(struct fdtw *w, int rc)
{
	if (rc < 0 && w->err == 0)
		w->err = rc;
}

static void w_begin(struct fdtw *w, const char *name)
{
	w_chk(w, fdt_begin_node(w->buf, name));
}

static void w_beginf(struct fdtw *w, const char *prefix, uint64_t addr)
{
	char name[96];

	snprintf(name, sizeof(name), "%s@%llx", prefix, (unsigned long long)addr);
	w_begin(w, name);
}

static void w_end(struct fdtw *w)
{
	w_chk(w, fdt_end_node(w->buf));
}

static void w_u32(struct fdtw *w, const char *name, uint32_t v)
{
	w_chk(w, fdt_property_u32(w->buf, name, v));
}

static void w_u64(struct fdtw *w, const char *name, uint64_t v)
{
	w_chk(w, fdt_property_u64(w->buf, name, v));
}

static void w_str(struct fdtw *w, const char *name, const char *v)
{
	w_chk(w, fdt_property_string(w->buf, name, v));
}

static void w_raw(struct fdtw *w, const char *name, const void *v, int len)
{
	w_chk(w, fdt_property(w->buf, name, v, len));
}

static void w_empty(struct fdtw *w, const char *name)
{
	w_chk(w, fdt_property(w->buf, name, NULL, 0));
}

static void w_cells(struct fdtw *w, const char *name, const uint32_t *v, unsigned n)
{
	uint32_t be[64];

	for (unsigned i = 0; i < n && i < 64; i++)
		be[i] = cpu_to_fdt32(v[i]);
	w_raw(w, name, be, (int)(n * 4));
}

/* reg = <addr size> pairs with 2+2 cells. */
static void w_reg(struct fdtw *w, const uint64_t *addr, const uint64_t *size, unsigned n)
{
	uint32_t c[4 * BH_MAX_STATIC_MEM];

	for (size_t i = 0; i < n && i < BH_MAX_STATIC_MEM; i++) {
		c[4 * i] = (uint32_t)(addr[i] >> 32);
		c[4 * i + 1] = (uint32_t)addr[i];
		c[4 * i + 2] = (uint32_t)(size[i] >> 32);
		c[4 * i + 3] = (uint32_t)size[i];
	}
	w_cells(w, "reg", c, 4 * n);
}

static void w_reg1(struct fdtw *w, uint64_t addr, uint64_t size)
{
	w_reg(w, &addr, &size, 1);
}

#define W_STRLIST(w, name, lit) w_raw(w, name, lit, (int)sizeof(lit))

static void gen_chosen(struct fdtw *w, const struct domain_cfg *d, const char *stdout_path)
{
	w_begin(w, "chosen");
	if (d->bootargs[0] != '\0')
		w_str(w, "bootargs", d->bootargs);
	if (stdout_path != NULL)
		w_str(w, "stdout-path", stdout_path);
	if (d->ramdisk.size != 0) {
		w_u64(w, "linux,initrd-start", d->ramdisk_gpa);
		w_u64(w, "linux,initrd-end", d->ramdisk_gpa + d->ramdisk.size);
	}
	w_end(w);
}

static void gen_memory(struct fdtw *w, const struct domain_cfg *d)
{
	uint64_t a[BH_MAX_STATIC_MEM], s[BH_MAX_STATIC_MEM];

	for (unsigned m = 0; m < d->nr_mem; m++) {
		a[m] = d->mem[m].gpa;
		s[m] = d->mem[m].size;
	}
	w_beginf(w, "memory", d->mem[0].gpa);
	w_str(w, "device_type", "memory");
	w_reg(w, a, s, d->nr_mem);
	w_end(w);
}

/* [impl->dsn~config-gen-xen-node~1] */
static void gen_hypervisor(struct fdtw *w, const struct board *b)
{
	const struct guest_layout *l = guest_layout(b->arch);

	w_begin(w, "hypervisor");
	W_STRLIST(w, "compatible", "xen,xen-4.17\0xen,xen");
	w_reg1(w, l->gnttab_base, l->gnttab_size);
	if (b->arch == MANIFEST_ARCH_ARM64) {
		uint32_t irq[3] = {1, l->evtchn_ppi - 16, b->irqc == IRQC_GICV2 ? 0xf08U : 0x8U};

		w_cells(w, "interrupts", irq, 3);
	}
	w_end(w);
}

static void gen_shm(struct fdtw *w, const struct domain_cfg *d)
{
	if (d->nr_shm == 0)
		return;
	w_begin(w, "reserved-memory");
	w_u32(w, "#address-cells", 2);
	w_u32(w, "#size-cells", 2);
	w_empty(w, "ranges");
	for (unsigned k = 0; k < d->nr_shm; k++) {
		uint32_t off[2] = {0, 0};

		w_beginf(w, "xen-shmem", d->shm[k].gpa);
		w_str(w, "compatible", "xen,shared-memory-v1");
		w_reg1(w, d->shm[k].gpa, d->shm[k].size);
		w_str(w, "xen,id", d->shm[k].id);
		w_cells(w, "xen,offset", off, 2);
		if (!d->shm[k].rw)
			w_empty(w, "bulkhead,read-only");
		w_end(w);
	}
	w_end(w);
}

/* Arm: a GIC INTID as a 3-cell specifier; RISC-V: the PLIC source as is,
 * or the APLIC source and its sense (level high). */
static unsigned irq_spec(const struct board *b, uint32_t irq, uint32_t *out)
{
	if (b->irqc == IRQC_APLIC) {
		out[0] = irq;
		out[1] = 4;
		return 2;
	}
	if (b->arch != MANIFEST_ARCH_ARM64) {
		out[0] = irq;
		return 1;
	}
	out[0] = irq >= 32 ? 0 : 1;
	out[1] = irq >= 32 ? irq - 32 : irq - 16;
	out[2] = 4; /* level high; the board lists only level devices for now */
	return 3;
}

static void gen_passthrough(struct fdtw *w, const struct domain_cfg *d, const struct board *b)
{
	if (d->nr_pt == 0)
		return;
	w_begin(w, "passthrough");
	W_STRLIST(w, "compatible", "simple-bus");
	w_empty(w, "ranges");
	w_u32(w, "#address-cells", 2);
	w_u32(w, "#size-cells", 2);
	for (unsigned k = 0; k < d->nr_pt; k++) {
		const struct board_device *dev = &b->dev[d->pt[k].dev];
		uint64_t a[BH_MAX_DEV_RANGES] = {0};
		uint32_t irqs[3 * BH_MAX_DEV_IRQS];
		unsigned n = 0;
		char name[BH_NAME_LEN];

		for (unsigned r = 0; r < dev->nr_ranges; r++)
			a[r] = d->pt[k].gpa + (dev->base[r] - dev->base[0]);
		for (unsigned q = 0; q < dev->nr_irqs; q++)
			n += irq_spec(b, dev->irqs[q], irqs + n);
		snprintf(name, sizeof(name), "%s", dev->name);
		if (strchr(name, '@') != NULL)
			*strchr(name, '@') = '\0';
		w_beginf(w, name, a[0]);
		w_raw(w, "compatible", dev->compatible, dev->compatible_len);
		w_reg(w, a, dev->size, dev->nr_ranges);
		if (n != 0)
			w_cells(w, "interrupts", irqs, n);
		w_end(w);
	}
	w_end(w);
}

int gen_dtb_arm64(struct fdtw *w, const struct domain_cfg *d, const struct board *b);
int gen_dtb_riscv64(struct fdtw *w, const struct domain_cfg *d, const struct board *b);

static void gen_arm64_cpus(struct fdtw *w, const struct domain_cfg *d)
{
	w_begin(w, "cpus");
	w_u32(w, "#address-cells", 1);
	w_u32(w, "#size-cells", 0);
	for (unsigned c = 0; c < d->nr_vcpus; c++) {
		w_beginf(w, "cpu", c);
		w_str(w, "device_type", "cpu");
		w_str(w, "compatible", "arm,armv8");
		w_str(w, "enable-method", "psci");
		w_u32(w, "reg", c);
		w_end(w);
	}
	w_end(w);
	w_begin(w, "psci");
	W_STRLIST(w, "compatible", "arm,psci-1.0\0arm,psci-0.2\0arm,psci");
	w_str(w, "method", "hvc");
	w_end(w);
}

static void gen_arm64_gic_timer(struct fdtw *w, const struct domain_cfg *d, const struct board *b)
{
	const struct guest_layout *l = guest_layout(b->arch);
	bool v3 = b->irqc == IRQC_GICV3;
	uint64_t a[2] = {l->ic_base, v3 ? l->ic2_base : MANIFEST_ARM64_GUEST_GICC_BASE};
	uint64_t s[2] = {v3 ? l->ic_size : 0x1000ULL,
	                 v3 ? l->ic2_size * d->nr_vcpus : MANIFEST_ARM64_GUEST_GICC_SIZE};
	uint32_t flags = v3 ? 0x8U : 0xf08U;
	uint32_t timer[12] = {1, 13, flags, 1, 14, flags, 1, 11, flags, 1, 10, flags};

	w_beginf(w, "interrupt-controller", l->ic_base);
	if (v3)
		w_str(w, "compatible", "arm,gic-v3");
	else
		W_STRLIST(w, "compatible", "arm,cortex-a15-gic\0arm,gic-400");
	w_u32(w, "#interrupt-cells", 3);
	w_u32(w, "#address-cells", 0);
	w_empty(w, "interrupt-controller");
	w_reg(w, a, s, 2);
	w_u32(w, "phandle", PH_IC);
	w_end(w);
	w_begin(w, "timer");
	w_str(w, "compatible", "arm,armv8-timer");
	w_cells(w, "interrupts", timer, 12);
	w_end(w);
}

static void gen_arm64_uart(struct fdtw *w, const struct domain_cfg *d, const struct board *b)
{
	const struct guest_layout *l = guest_layout(b->arch);
	uint32_t irq[3] = {0, l->uart_irq - 32, 4};
	uint32_t clocks[2] = {PH_CLK, PH_CLK};

	w_begin(w, "apb-pclk");
	w_str(w, "compatible", "fixed-clock");
	w_u32(w, "#clock-cells", 0);
	w_u32(w, "clock-frequency", 24000000);
	w_str(w, "clock-output-names", "clk24mhz");
	w_u32(w, "phandle", PH_CLK);
	w_end(w);
	w_beginf(w, "pl011", d->console_addr);
	W_STRLIST(w, "compatible", "arm,pl011\0arm,primecell");
	w_reg1(w, d->console_addr, l->uart_size);
	w_cells(w, "interrupts", irq, 3);
	w_cells(w, "clocks", clocks, 2);
	W_STRLIST(w, "clock-names", "uartclk\0apb_pclk");
	w_end(w);
}

int gen_dtb_arm64(struct fdtw *w, const struct domain_cfg *d, const struct board *b)
{
	char stdout_path[64];
	bool uart = d->console == MANIFEST_CONSOLE_PL011;

	snprintf(stdout_path, sizeof(stdout_path), "/pl011@%llx",
	         (unsigned long long)d->console_addr);
	W_STRLIST(w, "compatible", "xen,xenvm-4.17\0xen,xenvm");
	gen_chosen(w, d, uart ? stdout_path : NULL);
	gen_arm64_cpus(w, d);
	gen_memory(w, d);
	gen_arm64_gic_timer(w, d, b);
	if (uart)
		gen_arm64_uart(w, d, b);
	return 0;
}

static void gen_riscv_cpus(struct fdtw *w, const struct domain_cfg *d, const struct board *b)
{
	w_begin(w, "cpus");
	w_u32(w, "#address-cells", 1);
	w_u32(w, "#size-cells", 0);
	w_u32(w, "timebase-frequency", b->timebase_hz);
	for (unsigned c = 0; c < d->nr_vcpus; c++) {
		w_beginf(w, "cpu", c);
		w_str(w, "device_type", "cpu");
		w_u32(w, "reg", c);
		w_str(w, "status", "okay");
		w_str(w, "compatible", "riscv");
		w_str(w, "riscv,isa", "rv64imafdc");
		w_str(w, "mmu-type", "riscv,sv39");
		w_begin(w, "interrupt-controller");
		w_u32(w, "#interrupt-cells", 1);
		w_empty(w, "interrupt-controller");
		w_str(w, "compatible", "riscv,cpu-intc");
		w_u32(w, "phandle", PH_CPU_INTC + c);
		w_end(w);
		w_end(w);
	}
	w_end(w);
}

static void gen_riscv_plic(struct fdtw *w, const struct domain_cfg *d, const struct board *b)
{
	const struct guest_layout *l = guest_layout(b->arch);
	uint32_t ext[2 * MANIFEST_MAX_VCPUS];

	for (size_t c = 0; c < d->nr_vcpus; c++) {
		ext[2 * c] = PH_CPU_INTC + (uint32_t)c;
		ext[2 * c + 1] = 9; /* supervisor external interrupt */
	}
	w_beginf(w, "plic", l->ic_base);
	W_STRLIST(w, "compatible", "sifive,plic-1.0.0\0riscv,plic0");
	w_reg1(w, l->ic_base, l->ic_size);
	w_empty(w, "interrupt-controller");
	w_u32(w, "#interrupt-cells", 1);
	w_u32(w, "#address-cells", 0);
	w_u32(w, "riscv,ndev", 95);
	w_cells(w, "interrupts-extended", ext, 2 * d->nr_vcpus);
	w_u32(w, "phandle", PH_IC);
	w_end(w);
}

/* The interrupt controller (PLIC, or on AIA boards the IMSIC files and a
 * virtual APLIC: gen_dtb_aia.c) and the virtual ns16550. */
static void gen_riscv_plic_uart(struct fdtw *w, const struct domain_cfg *d, const struct board *b)
{
	const struct guest_layout *l = guest_layout(b->arch);
	bool aia = b->irqc == IRQC_APLIC;
	uint32_t uart_irq[2] = {l->uart_irq, 4}; /* APLIC: level high */

	if (aia)
		w_chk(w, gen_dtb_riscv_aia(w->buf, d->nr_vcpus, PH_IC, PH_IMSIC, PH_CPU_INTC));
	else
		gen_riscv_plic(w, d, b);
	if (d->console != MANIFEST_CONSOLE_NS16550)
		return;
	w_beginf(w, "serial", d->console_addr);
	w_str(w, "compatible", "ns16550a");
	w_reg1(w, d->console_addr, l->uart_size);
	w_u32(w, "clock-frequency", 3686400);
	w_cells(w, "interrupts", uart_irq, aia ? 2 : 1);
	w_end(w);
}

int gen_dtb_riscv64(struct fdtw *w, const struct domain_cfg *d, const struct board *b)
{
	char stdout_path[64];

	snprintf(stdout_path, sizeof(stdout_path), "/serial@%llx",
	         (unsigned long long)d->console_addr);
	W_STRLIST(w, "compatible", "bulkhead,riscv-virt\0riscv-virtio");
	w_u32(w, "interrupt-parent", PH_IC);
	gen_chosen(w, d, d->console == MANIFEST_CONSOLE_NS16550 ? stdout_path : NULL);
	gen_riscv_cpus(w, d, b);
	gen_memory(w, d);
	gen_riscv_plic_uart(w, d, b);
	return 0;
}

/* [impl->dsn~config-gen-dtb~1] */
int gen_dtb(struct domain_cfg *d, const struct system *s, const struct board *b)
{
	struct fdtw w = {.buf = calloc(1, DTB_MAX), .err = 0};
	char model[128];

	if (w.buf == NULL)
		return diag_error(s->file, d->node, "-", "out of memory");
	w_chk(&w, fdt_create(w.buf, DTB_MAX));
	w_chk(&w, fdt_finish_reservemap(w.buf));
	w_begin(&w, "");
	w_u32(&w, "#address-cells", 2);
	w_u32(&w, "#size-cells", 2);
	snprintf(model, sizeof(model), "Bulkhead domain %s", d->name);
	w_str(&w, "model", model);
	if (b->arch == MANIFEST_ARCH_ARM64) {
		w_u32(&w, "interrupt-parent", PH_IC);
		gen_dtb_arm64(&w, d, b);
	} else {
		gen_dtb_riscv64(&w, d, b);
	}
	gen_hypervisor(&w, b);
	gen_shm(&w, d);
	gen_passthrough(&w, d, b);
	w_end(&w);
	w_chk(&w, fdt_finish(w.buf));
	if (w.err != 0) {
		free(w.buf);
		return diag_error(s->file, d->node, "-", "generating the guest DTB: %s",
		                  fdt_strerror(w.err));
	}
	d->boot_data = w.buf;
	d->boot_data_size = fdt_totalsize(w.buf);
	d->boot_data_kind = MANIFEST_BOOT_DATA_DTB;
	return 0;
}
