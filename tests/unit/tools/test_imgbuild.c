/*
 * Unit tests for bhimg (tools/imgbuild): placement, validation, guest device
 * tree / start info generation (read back with libfdt) and packing (read
 * back through the hypervisor's verifier).
 */
#include <check.h>
#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bhimg.h"

static char tmp[256];
static struct system sys;
static struct board brd;

static const char *board(const char *name)
{
	static char path[512];

	snprintf(path, sizeof(path), "%s/tests/configs/boards/%s.dts", SRCDIR, name);
	return path;
}

static void write_file(const char *name, const char *text, size_t size)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", tmp, name);
	f = fopen(path, "wb");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(text, 1, size, f), size);
	fclose(f);
}

static void setup(void)
{
	static char kernel[20000];
	char dir[300];

	snprintf(tmp, sizeof(tmp), "/tmp/bhimg-test-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmp));
	snprintf(dir, sizeof(dir), "%s/guests", tmp);
	mkdir(dir, 0755);
	memset(kernel, 0x5a, sizeof(kernel));
	memcpy(kernel, "KERNEL", 6);
	write_file("guests/safety.bin", kernel, 5000);
	write_file("guests/app.bin", kernel, sizeof(kernel));
	write_file("k.bin", kernel, 4096);
	diag_reset(true);
}

static void teardown(void)
{
	char cmd[300];

	system_free(&sys);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", tmp);
	ck_assert_int_eq(system(cmd), 0);
}

/* Build `config` (text) on board `b`; returns bhimg_build's result. */
static int build_text(const char *b, const char *config)
{
	char path[512];

	write_file("c.dts", config, strlen(config));
	snprintf(path, sizeof(path), "%s/c.dts", tmp);
	system_free(&sys);
	return bhimg_build(&sys, &brd, board(b), path, tmp);
}

static int build_demo(const char *b)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/configs/demo.dts", SRCDIR);
	system_free(&sys);
	return bhimg_build(&sys, &brd, board(b), path, tmp);
}

#define DOM(body) "/dts-v1/; / { chosen { #address-cells = <2>; #size-cells = <2>; " body " }; };"
#define KERNEL "k { compatible = \"multiboot,kernel\"; bulkhead,path = \"k.bin\"; }; "

static struct domain_cfg *dom(const char *name)
{
	for (unsigned i = 0; i < sys.nr_dom; i++) {
		if (strcmp(sys.dom[i].name, name) == 0)
			return &sys.dom[i];
	}
	ck_abort_msg("no domain %s", name);
	return NULL;
}

/* [utest->dsn~config-placement~1] */
START_TEST(test_place_demo_in_order)
{
	ck_assert_int_eq(build_demo("qemu-virt-arm64"), 0);
	ck_assert_uint_eq(sys.nr_dom, 3);
	ck_assert_uint_eq(dom("safety")->mem[0].hpa, 0x41000000); /* first after the hv */
	ck_assert_uint_eq(dom("app-a")->mem[0].hpa, 0x42000000);
	ck_assert_uint_eq(dom("app-b")->mem[0].hpa, 0x44000000);
	ck_assert_uint_eq(sys.shm[0].hpa, 0x46000000); /* shared memory after domains */
	ck_assert_uint_eq(dom("app-a")->mem[0].gpa, 0x40000000);
	ck_assert_uint_eq(dom("app-b")->mem[0].size, 32U << 20);
	ck_assert_uint_eq(dom("safety")->id, 0);
	ck_assert_uint_eq(dom("app-b")->id, 2);
	ck_assert_uint_eq(dom("app-a")->role, MANIFEST_ROLE_CONTROL);
	ck_assert_uint_eq(dom("safety")->caps, MANIFEST_CAP_CONSOLE_IO);
	ck_assert_uint_eq(dom("safety")->fault_policy, MANIFEST_FAULT_RESET);
	ck_assert_uint_eq(sys.nr_ev, 1);
	ck_assert_uint_eq(sys.ev[0].port_a, 10);
	ck_assert_uint_eq(sys.ev[0].port_b, 11);
}
END_TEST

START_TEST(test_place_static_and_direct_map)
{
	ck_assert_int_eq(
	        build_text(
	                "qemu-virt-arm64",
	                DOM("s { compatible = \"xen,domain\"; memory = <0 0x4000>; cpus = <1>; "
	                    "xen,static-mem = <0x0 0x41000000 0x0 0x1000000>; direct-map; " KERNEL
	                    "}; "
	                    "d { compatible = \"xen,domain\"; memory = <0 0x4000>; cpus = <1>; "
	                    "direct-map; " KERNEL "}; "
	                    "o { compatible = \"xen,domain\"; memory = <0 0x400>; cpus = "
	                    "<1>; " KERNEL "};")),
	        0);
	ck_assert_uint_eq(dom("s")->mem[0].hpa, 0x41000000);
	ck_assert_uint_eq(dom("s")->mem[0].gpa, 0x41000000);
	ck_assert_uint_eq(dom("s")->mem[0].flags, MANIFEST_MEM_STATIC | MANIFEST_MEM_DIRECT_MAP);
	ck_assert_uint_eq(dom("d")->mem[0].hpa, 0x42000000); /* around the static bank */
	ck_assert_uint_eq(dom("d")->mem[0].gpa, 0x42000000);
	ck_assert_uint_eq(dom("o")->mem[0].hpa, 0x43000000);
	ck_assert_uint_eq(dom("o")->mem[0].gpa, 0x40000000);
	ck_assert_uint_eq(dom("o")->kernel_gpa, 0x40000000);
	ck_assert_uint_eq(dom("o")->boot_data_gpa, 0x40000000 + (1U << 20) - 0x10000);
}
END_TEST

/* [utest->dsn~config-validate~1] */
START_TEST(test_validation_messages)
{
	char prefix[300];

	snprintf(prefix, sizeof(prefix), "%s/c.dts: ", tmp);
	ck_assert_int_eq(
	        build_text("qemu-virt-arm64",
	                   DOM("s { compatible = \"xen,domain\"; memory = <0 0x4000>; cpus = <1>; "
	                       "xen,static-mem = <0x0 0x40800000 0x0 0x1000000>; " KERNEL "};")),
	        -1);
	ck_assert_ptr_nonnull(strstr(bh_diag.last, prefix));
	ck_assert_str_eq(
	        bh_diag.last + strlen(prefix),
	        "/chosen/s: xen,static-mem: 0x40800000-0x417fffff overlaps the hypervisor");
	ck_assert_int_eq(
	        build_text("qemu-virt-arm64",
	                   DOM("p: p { compatible = \"xen,cpupool\"; cpupool-cpus = <0>; "
	                       "cpupool-sched = \"null\"; }; "
	                       "q { compatible = \"xen,cpupool\"; cpupool-cpus = <1 2 3>; "
	                       "cpupool-sched = \"credit2\"; }; "
	                       "s { compatible = \"xen,domain\"; memory = <0 0x4000>; cpus = <2>; "
	                       "domain-cpupool = <&p>; " KERNEL "};")),
	        -1);
	ck_assert_str_eq(bh_diag.last + strlen(prefix),
	                 "/chosen/s: cpus: null cpupool p has 1 pCPUs for 2 vCPUs");
	ck_assert_int_eq(
	        build_text("qemu-virt-arm64",
	                   DOM("s { compatible = \"xen,domain\"; memroy = <0 0x4000>; };")),
	        -1);
	ck_assert_str_eq(bh_diag.last + strlen(prefix), "/chosen/s: memroy: unknown property");
}
END_TEST

static const void *prop(const void *fdt, const char *path, const char *name, int *len)
{
	int off = fdt_path_offset(fdt, path);

	ck_assert_msg(off >= 0, "no node %s", path);
	return fdt_getprop(fdt, off, name, len);
}

static uint64_t prop_u64_at(const void *fdt, const char *path, const char *name, int idx)
{
	int len;
	const fdt32_t *c = prop(fdt, path, name, &len);

	ck_assert_ptr_nonnull(c);
	ck_assert_int_ge(len, (idx + 1) * 8);
	return ((uint64_t)fdt32_to_cpu(c[2 * idx]) << 32) | fdt32_to_cpu(c[2 * idx + 1]);
}

static int count_subnodes(const void *fdt, const char *path)
{
	int n = 0, off, parent = fdt_path_offset(fdt, path);

	fdt_for_each_subnode(off, fdt, parent) n++;
	return n;
}

#define PLACED(props, kprops)                                                                      \
	DOM("u { compatible = \"xen,domain\"; memory = <0 0x4000>; cpus = <1>; " props             \
	    " k { compatible = \"multiboot,kernel\"; bulkhead,path = \"k.bin\"; " kprops "}; };")

/* Refused with `message` (after "<file>: /chosen/u"). */
static void placed_refused(const char *config, const char *message)
{
	char want[512];

	ck_assert_int_eq(build_text("qemu-virt-arm64", config), -1);
	snprintf(want, sizeof(want), "%s/c.dts: /chosen/u%s", tmp, message);
	ck_assert_str_eq(bh_diag.last, want);
}

/* The U-Boot layout: DTB at the start of RAM, kernel 2 MiB above, the
 * vPL011 at QEMU virt's address, unclaimed MMIO read as zero; and each
 * refusal of a bad placement. [utest->dsn~config-load-addresses~1] */
START_TEST(test_place_chosen_addresses)
{
	const void *fdt;

	ck_assert_int_eq(
	        build_text("qemu-virt-arm64", PLACED("bulkhead,vuart = \"pl011\"; "
	                                             "bulkhead,vuart-addr = <0x0 0x9000000>; "
	                                             "bulkhead,dtb-addr = <0x0 0x40000000>; "
	                                             "bulkhead,unmapped-mmio = \"read-as-zero\";",
	                                             "bulkhead,load-addr = <0x0 0x40200000>;")),
	        0);
	ck_assert_uint_eq(dom("u")->boot_data_gpa, 0x40000000);
	ck_assert_uint_eq(dom("u")->kernel_gpa, 0x40200000);
	ck_assert_uint_eq(dom("u")->entry, 0x40200000);
	ck_assert_uint_eq(dom("u")->console_addr, 0x9000000);
	ck_assert_uint_ne(dom("u")->flags & MANIFEST_DOM_UNMAPPED_RAZ, 0);
	fdt = dom("u")->boot_data;
	ck_assert_str_eq(prop(fdt, "/pl011@9000000", "compatible", NULL), "arm,pl011");
	ck_assert_str_eq(prop(fdt, "/chosen", "stdout-path", NULL), "/pl011@9000000");
	/* defaults: DTB in the top 64 KiB, kernel at the start, faults on */
	ck_assert_int_eq(build_text("qemu-virt-arm64", PLACED("", "")), 0);
	ck_assert_uint_eq(dom("u")->boot_data_gpa, 0x40000000 + (16U << 20) - 0x10000);
	ck_assert_uint_eq(dom("u")->kernel_gpa, 0x40000000);
	ck_assert_uint_eq(dom("u")->flags & MANIFEST_DOM_UNMAPPED_RAZ, 0);
	placed_refused(PLACED("bulkhead,dtb-addr = <0x0 0x40000800>;", ""),
	               ": bulkhead,dtb-addr: 0x40000800 is not 4 KiB aligned");
	placed_refused(PLACED("bulkhead,dtb-addr = <0x0 0x40ff8000>;", ""),
	               ": bulkhead,dtb-addr: 0x40ff8000: the 64 KiB device tree slot is not "
	               "inside domain memory");
	placed_refused(PLACED("bulkhead,dtb-addr = <0x0 0x3fff0000>;", ""),
	               ": bulkhead,dtb-addr: 0x3fff0000: the 64 KiB device tree slot is not "
	               "inside domain memory");
	placed_refused(PLACED("bulkhead,dtb-addr = <0x0 0x40000000>;", ""),
	               ": bulkhead,dtb-addr: 0x40000000 overlaps the kernel "
	               "(0x40000000-0x40000fff)");
	placed_refused(PLACED("", "bulkhead,load-addr = <0x0 0x40000010>;"),
	               "/k: bulkhead,load-addr: 0x40000010 is not 4 KiB aligned");
	placed_refused(PLACED("", "bulkhead,load-addr = <0x0 0x40fff000>;"),
	               "/k: bulkhead,path: \"k.bin\" (4096 bytes at 0x40fff000) does not fit in "
	               "domain memory");
	placed_refused(
	        PLACED("bulkhead,vuart = \"pl011\"; bulkhead,vuart-addr = <0x0 0x9000010>;", ""),
	        ": bulkhead,vuart-addr: 0x9000010 is not 4 KiB aligned");
	placed_refused(PLACED("bulkhead,vuart-addr = <0x0 0x9000000>;", ""),
	               ": bulkhead,vuart-addr: needs a memory-mapped vUART (bulkhead,vuart = "
	               "\"pl011\" or, on RISC-V, \"ns16550\")");
	placed_refused(
	        PLACED("bulkhead,vuart = \"pl011\"; bulkhead,vuart-addr = <0x0 0x40400000>;", ""),
	        ": memory: guest range 0x40000000-0x40ffffff (guest RAM) overlaps the vUART");
	placed_refused(PLACED("bulkhead,unmapped-mmio = \"ignore\";", ""),
	               ": bulkhead,unmapped-mmio: unknown value \"ignore\"");
}
END_TEST

#define PASSTHROUGH_CONFIG                                                                         \
	DOM("a { compatible = \"xen,domain\"; #address-cells = <2>; #size-cells = <2>; "           \
	    "memory = <0 0x4000>; cpus = <2>; vpl011; " KERNEL                                     \
	    "gpio { compatible = \"bulkhead,passthrough\"; "                                       \
	    "bulkhead,device = \"/devices/gpio@9030000\"; }; "                                     \
	    "m { compatible = \"xen,domain-shared-memory-v1\"; role = \"owner\"; "                 \
	    "xen,shm-id = \"x\"; xen,shared-mem = <0x0 0x50000000 0x0 0x1000>; }; };")

/* [utest->dsn~config-gen-dtb~1] [utest->dsn~config-gen-xen-node~1] */
START_TEST(test_dtb_arm64_gicv3)
{
	const void *fdt;
	const char *s;
	int len;
	const fdt32_t *c;

	ck_assert_int_eq(build_text("qemu-virt-arm64", PASSTHROUGH_CONFIG), 0);
	fdt = dom("a")->boot_data;
	ck_assert_int_eq(fdt_check_full(fdt, dom("a")->boot_data_size), 0);
	ck_assert_uint_eq(dom("a")->boot_data_kind, MANIFEST_BOOT_DATA_DTB);
	ck_assert_uint_eq(prop_u64_at(fdt, "/memory@40000000", "reg", 0), 0x40000000);
	ck_assert_uint_eq(prop_u64_at(fdt, "/memory@40000000", "reg", 1), 16U << 20);
	ck_assert_int_eq(count_subnodes(fdt, "/cpus"), 2);
	ck_assert_str_eq(prop(fdt, "/cpus/cpu@1", "enable-method", NULL), "psci");
	ck_assert_str_eq(prop(fdt, "/interrupt-controller@3001000", "compatible", NULL),
	                 "arm,gic-v3");
	ck_assert_uint_eq(prop_u64_at(fdt, "/interrupt-controller@3001000", "reg", 3),
	                  2 * 0x20000); /* one redistributor frame pair per vCPU */
	ck_assert_str_eq(prop(fdt, "/timer", "compatible", NULL), "arm,armv8-timer");
	s = prop(fdt, "/hypervisor", "compatible", &len);
	ck_assert_str_eq(s, "xen,xen-4.17");
	ck_assert_str_eq(s + strlen(s) + 1, "xen,xen");
	ck_assert_uint_eq(prop_u64_at(fdt, "/hypervisor", "reg", 0), 0x38000000);
	c = prop(fdt, "/hypervisor", "interrupts", &len);
	ck_assert_int_eq(len, 12);
	ck_assert_uint_eq(fdt32_to_cpu(c[1]), 15); /* PPI 15 = INTID 31 */
	ck_assert_str_eq(prop(fdt, "/pl011@22000000", "compatible", NULL), "arm,pl011");
	ck_assert_str_eq(prop(fdt, "/chosen", "stdout-path", NULL), "/pl011@22000000");
	ck_assert_str_eq(prop(fdt, "/reserved-memory/xen-shmem@50000000", "xen,id", NULL), "x");
	ck_assert_str_eq(prop(fdt, "/passthrough/gpio@9030000", "compatible", NULL), "arm,pl061");
	c = prop(fdt, "/passthrough/gpio@9030000", "interrupts", &len);
	ck_assert_int_eq(len, 12);
	ck_assert_uint_eq(fdt32_to_cpu(c[1]), 39 - 32);
	ck_assert_uint_eq(brd.dev[3].owner, 0);
}
END_TEST

START_TEST(test_dtb_arm64_gicv2)
{
	const void *fdt;
	int len;
	const char *compat;

	ck_assert_int_eq(build_demo("xlnx-zcu102"), 0);
	fdt = dom("app-b")->boot_data;
	ck_assert_int_eq(fdt_check_full(fdt, dom("app-b")->boot_data_size), 0);
	compat = prop(fdt, "/interrupt-controller@3001000", "compatible", &len);
	ck_assert_str_eq(compat, "arm,cortex-a15-gic");
	ck_assert_uint_eq(prop_u64_at(fdt, "/interrupt-controller@3001000", "reg", 2),
	                  0x03002000); /* GICC */
	ck_assert_str_eq(prop(fdt, "/chosen", "bootargs", NULL), "role=app-b");
	ck_assert_int_lt(fdt_path_offset(fdt, "/pl011@22000000"), 0); /* console is hvc */
}
END_TEST

START_TEST(test_dtb_riscv64)
{
	const void *fdt;
	const fdt32_t *c;
	int len;

	ck_assert_int_eq(build_text("qemu-virt-riscv64",
	                            DOM("a { compatible = \"xen,domain\"; memory = <0 0x4000>; "
	                                "cpus = <3>; bulkhead,vuart = \"ns16550\"; " KERNEL "};")),
	                 0);
	fdt = dom("a")->boot_data;
	ck_assert_int_eq(fdt_check_full(fdt, dom("a")->boot_data_size), 0);
	ck_assert_uint_eq(prop_u64_at(fdt, "/memory@80000000", "reg", 0), 0x80000000);
	ck_assert_int_eq(count_subnodes(fdt, "/cpus"), 3);
	c = prop(fdt, "/cpus", "timebase-frequency", &len);
	ck_assert_uint_eq(fdt32_to_cpu(c[0]), 10000000);
	ck_assert_str_eq(prop(fdt, "/cpus/cpu@2/interrupt-controller", "compatible", NULL),
	                 "riscv,cpu-intc");
	c = prop(fdt, "/plic@c000000", "interrupts-extended", &len);
	ck_assert_int_eq(len, 3 * 8);
	ck_assert_uint_eq(fdt32_to_cpu(c[1]), 9);
	ck_assert_str_eq(prop(fdt, "/serial@10000000", "compatible", NULL), "ns16550a");
	ck_assert_str_eq(prop(fdt, "/hypervisor", "compatible", NULL), "xen,xen-4.17");
}
END_TEST

/* bulkhead,tsc: "native" sets the domain flag, "domain" and no property leave it
 * clear; another value or another arch is refused. [utest->dsn~x86-tsc-native~1] */
START_TEST(test_tsc_mode)
{
	char want[512];

	ck_assert_int_eq(build_text("qemu-pc-x86_64", PLACED("bulkhead,tsc = \"native\";", "")), 0);
	ck_assert_uint_ne(dom("u")->flags & MANIFEST_DOM_NATIVE_CLOCK, 0);
	ck_assert_int_eq(build_text("qemu-pc-x86_64", PLACED("bulkhead,tsc = \"domain\";", "")), 0);
	ck_assert_uint_eq(dom("u")->flags & MANIFEST_DOM_NATIVE_CLOCK, 0);
	ck_assert_int_eq(build_text("qemu-pc-x86_64", PLACED("", "")), 0);
	ck_assert_uint_eq(dom("u")->flags & MANIFEST_DOM_NATIVE_CLOCK, 0);
	ck_assert_int_eq(build_text("qemu-pc-x86_64", PLACED("bulkhead,tsc = \"host\";", "")), -1);
	snprintf(want, sizeof(want), "%s/c.dts: /chosen/u: bulkhead,tsc: unknown value \"host\"",
	         tmp);
	ck_assert_str_eq(bh_diag.last, want);
	placed_refused(PLACED("bulkhead,tsc = \"native\";", ""),
	               ": bulkhead,tsc: needs an x86_64 board");
}
END_TEST

/* [utest->dsn~config-gen-start-info~1] */
START_TEST(test_start_info_x86)
{
	const struct domain_cfg *d;
	struct manifest_start_info si;
	struct manifest_memmap_entry e;

	ck_assert_int_eq(build_demo("qemu-pc-x86_64"), 0);
	d = dom("app-a");
	ck_assert_uint_eq(d->boot_data_kind, MANIFEST_BOOT_DATA_START_INFO);
	memcpy(&si, d->boot_data, sizeof(si));
	ck_assert_uint_eq(si.magic, MANIFEST_START_INFO_MAGIC);
	ck_assert_uint_eq(si.nr_memmap, 3); /* RAM, shared memory, grant table */
	memcpy(&e, d->boot_data + si.memmap_offset, sizeof(e));
	ck_assert_uint_eq(e.addr, 0);
	ck_assert_uint_eq(e.size, 32U << 20);
	ck_assert_uint_eq(e.type, MANIFEST_E820_RAM);
	memcpy(&e, d->boot_data + si.memmap_offset + sizeof(e), sizeof(e));
	ck_assert_uint_eq(e.addr, 0x50000000);
	ck_assert_uint_eq(e.type, MANIFEST_E820_RESERVED);
	ck_assert_str_eq((const char *)d->boot_data + si.cmdline_offset, "role=app-a");
	ck_assert_uint_eq(d->kernel_gpa, 0x100000);
}
END_TEST

/* [utest->dsn~config-pack~1] [utest->dsn~manifest-format~1] */
START_TEST(test_pack_roundtrip)
{
	uint8_t *img, *again;
	size_t size, size2;
	const char *why;
	const struct manifest_domain *m;
	const struct manifest_shm_map *map;
	const struct manifest_evtchn *ev;

	ck_assert_int_eq(build_demo("qemu-virt-arm64"), 0);
	ck_assert_int_eq(pack_image(&sys, &brd, &img, &size), 0);
	ck_assert_int_eq(manifest_verify(img, size, &why), 0);
	ck_assert_str_eq(manifest_header(img)->platform, "qemu-virt-arm64");
	ck_assert_uint_eq(manifest_header(img)->tables[MT_DOMAINS].count, 3);
	m = manifest_table_row(img, MT_DOMAINS, 1);
	ck_assert_str_eq(manifest_string(img, m->name), "app-a");
	ck_assert_str_eq(manifest_string(img, m->bootargs), "role=app-a");
	ck_assert_uint_eq(m->nr_vcpus, 2);
	ck_assert_uint_eq(m->vcpu_affinity[1], 0xd); /* pCPUs 0, 2, 3 */
	ck_assert_uint_eq(m->kernel.size, 20000);
	ck_assert_mem_eq(img + m->kernel.offset, "KERNEL", 6);
	ck_assert_uint_eq(m->boot_data.size, dom("app-a")->boot_data_size);
	ck_assert_mem_eq(img + m->boot_data.offset, dom("app-a")->boot_data, m->boot_data.size);
	ck_assert_uint_eq(m->boot_data.load_addr, 0x41ff0000);
	map = manifest_table_row(img, MT_SHM_MAPS, 1);
	ck_assert_uint_eq(map->domain, 2);
	ck_assert_uint_eq(map->role, MANIFEST_SHM_BORROWER);
	ev = manifest_table_row(img, MT_EVTCHNS, 0);
	ck_assert_uint_eq(ev->dom_a, 1);
	ck_assert_uint_eq(ev->port_b, 11);
	ck_assert_int_eq(pack_image(&sys, &brd, &again, &size2), 0);
	ck_assert_uint_eq(size, size2);
	ck_assert_mem_eq(img, again, size); /* deterministic */
	free(again);
	free(img);
}
END_TEST

#define BOARD_HEAD                                                                                 \
	"/dts-v1/; / { #address-cells = <2>; #size-cells = <2>; "                                  \
	"bulkhead,platform = \"b\"; bulkhead,nr-pcpus = <2>; "
#define BOARD_MEMORY                                                                               \
	"memory@40000000 { device_type = \"memory\"; reg = <0 0x40000000 0 0x40000000>; }; "

/* A board description with `props` at its root; the message after `b.dts: `. */
static const char *board_error(const char *props)
{
	char text[1024], bpath[512], cpath[512];

	snprintf(text, sizeof(text), BOARD_HEAD "%s" BOARD_MEMORY "};", props);
	write_file("b.dts", text, strlen(text));
	write_file(
	        "c.dts",
	        DOM("a { compatible = \"xen,domain\"; memory = <0 0x400>; cpus = <1>; " KERNEL
	            "};"),
	        strlen(DOM(
	                "a { compatible = \"xen,domain\"; memory = <0 0x400>; cpus = <1>; " KERNEL
	                "};")));
	snprintf(bpath, sizeof(bpath), "%s/b.dts", tmp);
	snprintf(cpath, sizeof(cpath), "%s/c.dts", tmp);
	system_free(&sys);
	if (bhimg_build(&sys, &brd, bpath, cpath, tmp) == 0)
		return "accepted";
	if (strstr(bh_diag.last, "/b.dts: ") == NULL) {
		/* the board was read; only the test domain's config failed (x86 boards) */
		ck_assert_ptr_nonnull(strstr(bh_diag.last, "/c.dts: "));
		ck_assert_uint_eq(brd.arch, MANIFEST_ARCH_X86_64);
		return "accepted";
	}
	return strstr(bh_diag.last, "/b.dts: ") + strlen("/b.dts: ");
}

#define GOOD_ARCH "bulkhead,arch = \"arm64\"; bulkhead,interrupt-controller = \"gicv2\"; "
#define GOOD_HV "bulkhead,hypervisor = <0 0x40000000 0 0x1000000>; "
#define GOOD_IMG "bulkhead,image = <0 0x78000000 0 0x8000000>; "

START_TEST(test_board_reader)
{
	ck_assert_str_eq(board_error(GOOD_ARCH GOOD_HV GOOD_IMG), "accepted");
	ck_assert_uint_eq(brd.irqc, IRQC_GICV2);
	ck_assert_uint_eq(brd.arch, MANIFEST_ARCH_ARM64);
	ck_assert_str_eq(board_error(GOOD_HV GOOD_IMG "bulkhead,arch = \"mips\";"),
	                 "/: bulkhead,arch: missing or not one of arm64, x86_64, riscv64");
	ck_assert_str_eq(
	        board_error(GOOD_ARCH GOOD_IMG "bulkhead,hypervisor = <0 0x1000 0 0x1000>;"),
	        "/: bulkhead,hypervisor: not inside RAM");
	ck_assert_str_eq(board_error(GOOD_ARCH GOOD_HV "bulkhead,image = <0 0x40800000 0 0x1000>;"),
	                 "/: bulkhead,image: overlaps bulkhead,hypervisor");
	ck_assert_str_eq(board_error(GOOD_ARCH GOOD_HV GOOD_IMG "bulkhead,nr-cpus = <2>;"),
	                 "/: bulkhead,nr-cpus: unknown property");
	ck_assert_str_eq(board_error(GOOD_ARCH GOOD_HV GOOD_IMG
	                             "devices { #address-cells = <2>; #size-cells = <2>; "
	                             "u@1000 { compatible = \"x\"; reg = <0 0x1000>; }; };"),
	                 "/devices/u@1000: reg: expected 1..4 <base size> pairs");
	ck_assert_str_eq(board_error(GOOD_ARCH GOOD_HV GOOD_IMG "cpus { };"),
	                 "/cpus: -: unknown node");
}
END_TEST

#define X86_ARCH "bulkhead,arch = \"x86_64\"; bulkhead,interrupt-controller = \"lapic\"; "
#define DEVICES(d) "devices { #address-cells = <2>; #size-cells = <2>; " d " }; "

/* bulkhead,ioports: ports as ports in the board file, tagged ranges inside.
 * [utest->dsn~x86-passthrough-config~1] */
START_TEST(test_board_ioports)
{
	/* the board is read; the arm64-shaped test domain then does not fit x86's 1 MiB load */
	ck_assert_str_eq(board_error(X86_ARCH GOOD_HV GOOD_IMG DEVICES(
	                         "s@2f8 { compatible = \"ns16550a\"; "
	                         "bulkhead,ioports = <0x2f8 8 0x61 1>; };")),
	                 "accepted");
	ck_assert_uint_eq(brd.nr_dev, 1);
	ck_assert_uint_eq(brd.dev[0].nr_ranges, 2);
	ck_assert_uint_eq(brd.dev[0].base[0], BH_X86_PIO_TAG | (0x2f8ULL * BH_PAGE));
	ck_assert_uint_eq(brd.dev[0].size[0], 8ULL * BH_PAGE);
	ck_assert_uint_eq(brd.dev[0].base[1], BH_X86_PIO_TAG | (0x61ULL * BH_PAGE));
	ck_assert_str_eq(board_error(GOOD_ARCH GOOD_HV GOOD_IMG DEVICES(
	                         "s@2f8 { compatible = \"x\"; bulkhead,ioports = <0x2f8 8>; };")),
	                 "/devices/s@2f8: bulkhead,ioports: I/O ports exist only on x86_64 boards");
	ck_assert_str_eq(board_error(X86_ARCH GOOD_HV GOOD_IMG DEVICES(
	                         "s@2f8 { compatible = \"x\"; bulkhead,ioports = <0xfff8 9>; };")),
	                 "/devices/s@2f8: bulkhead,ioports: ports 0xfff8+0x9: empty or outside "
	                 "0-0xffff");
	ck_assert_str_eq(board_error(X86_ARCH GOOD_HV GOOD_IMG DEVICES(
	                         "s@2f8 { compatible = \"x\"; bulkhead,ioports = <0x2f8>; };")),
	                 "/devices/s@2f8: bulkhead,ioports: expected <first count> pairs, at most "
	                 "4 ranges with reg");
	ck_assert_str_eq(board_error(X86_ARCH GOOD_HV GOOD_IMG DEVICES(
	                         "s@0 { compatible = \"x\"; reg = <0x10000000 0x2f8000 0 0x8000>; "
	                         "};")),
	                 "/devices/s@0: reg: address 0x10000000002f8000 is not a physical address "
	                 "(I/O ports are given with bulkhead,ioports)");
}
END_TEST

/* dtc refuses the syntax; bhimg says so in its own format after dtc's message. */
START_TEST(test_dtc_failure_and_dtb_input)
{
	char path[512], dtb[600], cmd[1400];

	ck_assert_int_eq(build_text("qemu-virt-arm64", "/dts-v1/; / { chosen { a { }; };"), -1);
	ck_assert_ptr_nonnull(
	        strstr(bh_diag.last, "/c.dts: /: -: dtc could not compile this file"));
	/* the same config as a .dtb is read without dtc */
	ck_assert_int_eq(build_demo("qemu-virt-arm64"), 0);
	snprintf(path, sizeof(path), "%s/configs/demo.dts", SRCDIR);
	snprintf(dtb, sizeof(dtb), "%s/demo.dtb", tmp);
	snprintf(cmd, sizeof(cmd), "dtc -q -I dts -O dtb -o %s %s", dtb, path);
	ck_assert_int_eq(system(cmd), 0);
	system_free(&sys);
	ck_assert_int_eq(bhimg_build(&sys, &brd, board("qemu-virt-arm64"), dtb, tmp), 0);
	ck_assert_uint_eq(sys.nr_dom, 3);
}
END_TEST

/* [utest->dsn~config-explain~1] */
START_TEST(test_explain_table)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	ck_assert_int_eq(build_demo("qemu-virt-arm64"), 0);
	explain(f, &sys, &brd);
	fclose(f);
	ck_assert_ptr_nonnull(strstr(text, "cpupool 0 cpupool-safety: null on pcpu 1\n"));
	ck_assert_ptr_nonnull(
	        strstr(text, "domain 1 app-a (control) pool cpupool-general/credit2"));
	ck_assert_ptr_nonnull(strstr(text, "  vcpu1  -> pcpu 0,2,3\n"));
	ck_assert_ptr_nonnull(strstr(
	        text, "  ram     gpa 0x0040000000-0x0041ffffff hpa 0x0044000000  32768 KiB\n"));
	ck_assert_ptr_nonnull(strstr(text, "  shm     \"a-to-b\" borrower rw gpa 0x50000000 "
	                                   "hpa 0x46000000 size 0x200000\n"));
	ck_assert_ptr_nonnull(strstr(text, "evtchn  app-a:10 <-> app-b:11\n"));
	free(text);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("imgbuild");
	TCase *tc = tcase_create("imgbuild");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_place_demo_in_order);
	tcase_add_test(tc, test_place_static_and_direct_map);
	tcase_add_test(tc, test_validation_messages);
	tcase_add_test(tc, test_place_chosen_addresses);
	tcase_add_test(tc, test_dtb_arm64_gicv3);
	tcase_add_test(tc, test_dtb_arm64_gicv2);
	tcase_add_test(tc, test_dtb_riscv64);
	tcase_add_test(tc, test_start_info_x86);
	tcase_add_test(tc, test_tsc_mode);
	tcase_add_test(tc, test_pack_roundtrip);
	tcase_add_test(tc, test_explain_table);
	tcase_add_test(tc, test_board_reader);
	tcase_add_test(tc, test_board_ioports);
	tcase_add_test(tc, test_dtc_failure_and_dtb_input);
	suite_add_tcase(s, tc);

	SRunner *sr = srunner_create(s);

	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);

	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
