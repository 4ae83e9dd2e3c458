/*
 * `bhimg explain`: the resulting layout as text tables — every domain's
 * memory (guest and host), vCPUs and their pCPUs, devices, IRQs, shared
 * memory and event channels, and the cpupools.
 */
#include <string.h>

#include "bhimg.h"

static const char *const sched_names[] = {"null", "credit2", "rtds", "arinc653"};
static const char *const role_names[] = {"domU", "control", "hardware"};
static const char *const console_names[] = {"none", "pl011", "ns16550", "hvc"};

static void cpu_list(char *buf, size_t len, uint64_t mask)
{
	size_t at = 0;

	buf[0] = '\0';
	for (unsigned c = 0; c < 64 && at < len; c++) {
		if (mask & (1ULL << c))
			at += (size_t)snprintf(buf + at, len - at, "%s%u", at ? "," : "", c);
	}
}

static void explain_domain(FILE *f, const struct system *s, const struct board *b,
                           const struct domain_cfg *d)
{
	const struct pool_cfg *p = &s->pool[d->pool];
	char cpus[256];

	fprintf(f, "domain %u %s (%s) pool %s/%s fault=%s console=%s\n", d->id, d->name,
	        role_names[d->role], p->name, sched_names[p->sched],
	        d->fault_policy ? "reset" : "crash", console_names[d->console]);
	for (unsigned v = 0; v < d->nr_vcpus; v++) {
		cpu_list(cpus, sizeof(cpus), d->pin[v] >= 0 ? 1ULL << d->pin[v] : p->cpus);
		fprintf(f, "  vcpu%-2u -> pcpu %s\n", v, cpus);
	}
	for (unsigned m = 0; m < d->nr_mem; m++)
		fprintf(f, "  ram     gpa 0x%010llx-0x%010llx hpa 0x%010llx %6llu KiB%s%s\n",
		        (unsigned long long)d->mem[m].gpa,
		        (unsigned long long)(d->mem[m].gpa + d->mem[m].size - 1),
		        (unsigned long long)d->mem[m].hpa,
		        (unsigned long long)(d->mem[m].size >> 10),
		        d->mem[m].flags & MANIFEST_MEM_STATIC ? " static" : "",
		        d->mem[m].flags & MANIFEST_MEM_DIRECT_MAP ? " 1:1" : "");
	fprintf(f, "  kernel  %s %zu bytes at 0x%llx entry 0x%llx\n", d->kernel.path,
	        d->kernel.size, (unsigned long long)d->kernel_gpa, (unsigned long long)d->entry);
	if (d->ramdisk.size)
		fprintf(f, "  ramdisk %s %zu bytes at 0x%llx\n", d->ramdisk.path, d->ramdisk.size,
		        (unsigned long long)d->ramdisk_gpa);
	fprintf(f, "  %-7s %zu bytes at 0x%llx\n",
	        d->boot_data_kind == MANIFEST_BOOT_DATA_DTB ? "dtb" : "start", d->boot_data_size,
	        (unsigned long long)d->boot_data_gpa);
	for (unsigned k = 0; k < d->nr_pt; k++) {
		const struct board_device *dev = &b->dev[d->pt[k].dev];

		fprintf(f, "  device  %s hpa 0x%llx gpa 0x%llx size 0x%llx irqs", dev->path,
		        (unsigned long long)dev->base[0], (unsigned long long)d->pt[k].gpa,
		        (unsigned long long)dev->size[0]);
		for (unsigned q = 0; q < dev->nr_irqs; q++)
			fprintf(f, " %u", dev->irqs[q]);
		fprintf(f, "\n");
	}
	for (unsigned k = 0; k < d->nr_shm; k++)
		fprintf(f, "  shm     \"%s\" %s %s gpa 0x%llx hpa 0x%llx size 0x%llx\n",
		        d->shm[k].id, d->shm[k].role ? "borrower" : "owner",
		        d->shm[k].rw ? "rw" : "ro", (unsigned long long)d->shm[k].gpa,
		        (unsigned long long)s->shm[d->shm[k].shm].hpa,
		        (unsigned long long)d->shm[k].size);
}

/* [impl->dsn~config-explain~1] */
void explain(FILE *f, const struct system *s, const struct board *b)
{
	char cpus[256];

	fprintf(f,
	        "platform %s: %u pCPUs, RAM 0x%llx-0x%llx, hypervisor 0x%llx-0x%llx, "
	        "image area 0x%llx-0x%llx\n",
	        b->platform, b->nr_pcpus, (unsigned long long)b->ram_base,
	        (unsigned long long)(b->ram_base + b->ram_size - 1), (unsigned long long)b->hv_base,
	        (unsigned long long)(b->hv_base + b->hv_size - 1),
	        (unsigned long long)b->image_base,
	        (unsigned long long)(b->image_base + b->image_size - 1));
	for (unsigned i = 0; i < s->nr_pool; i++) {
		cpu_list(cpus, sizeof(cpus), s->pool[i].cpus);
		fprintf(f, "cpupool %u %s: %s on pcpu %s", s->pool[i].id, s->pool[i].name,
		        sched_names[s->pool[i].sched], cpus);
		if (s->pool[i].nr_win)
			fprintf(f, " major frame %llu us, %u windows",
			        (unsigned long long)(s->pool[i].major_frame_ns / 1000),
			        s->pool[i].nr_win);
		fprintf(f, "\n");
	}
	for (unsigned i = 0; i < s->nr_dom; i++)
		explain_domain(f, s, b, &s->dom[i]);
	for (unsigned e = 0; e < s->nr_ev; e++)
		fprintf(f, "evtchn  %s:%u <-> %s:%u\n", s->dom[s->ev[e].dom_a].name,
		        s->ev[e].port_a, s->dom[s->ev[e].dom_b].name, s->ev[e].port_b);
}
