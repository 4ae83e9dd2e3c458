/*
 * console_io(cmd, count, buffer): the hypercall console.
 *
 * Design: CONSOLEIO_write checks the whole buffer first, then feeds it to
 * the domain's line buffer in chunks (console.c prints "(d<id>) " lines).
 * CONSOLEIO_read returns input queued for the domain (it has the focus);
 * unlike Xen's dom0-only read of the hypervisor ring, every domain with
 * the CONSOLE_IO capability reads its own input.
 */
#include <core/console.h>
#include <core/guest_access.h>
#include <core/hypercall.h>

#define CONSOLE_IO_MAX 4096U
#define CHUNK 128U

static long console_write(struct vcpu *v, uint64_t count, uint64_t gpa)
{
	char buf[CHUNK];

	if (count > CONSOLE_IO_MAX) {
		return -XEN_EINVAL;
	}
	if (guest_check(v->domain, gpa, (size_t)count, false) != 0) {
		return -XEN_EFAULT;
	}
	uint64_t done = 0;

	while (done < count) {
		size_t n = (size_t)(((count - done) < CHUNK) ? (count - done) : CHUNK);

		(void)copy_from_guest(v->domain, buf, gpa + done, n);
		console_guest_write(v->domain, buf, n);
		done += n;
	}
	return 0;
}

static long console_read(struct vcpu *v, uint64_t count, uint64_t gpa)
{
	char buf[CONSOLE_IN_SIZE];
	size_t want = (size_t)(count < sizeof(buf) ? count : sizeof(buf));

	if (count > CONSOLE_IO_MAX) {
		return -XEN_EINVAL;
	}
	if (guest_check(v->domain, gpa, want, true) != 0) {
		return -XEN_EFAULT;
	}
	size_t n = console_guest_read(v->domain, buf, want);

	(void)copy_to_guest(v->domain, gpa, buf, n);
	return (long)n;
}

/* [impl->dsn~core-console-hypercall~1] */
long do_console_io(struct vcpu *v, const uint64_t *arg)
{
	switch (arg[0]) {
	case CONSOLEIO_write:
		return console_write(v, arg[1], arg[2]);
	case CONSOLEIO_read:
		return console_read(v, arg[1], arg[2]);
	default:
		return -XEN_ENOSYS;
	}
}
