/*
 * xen_version(cmd, arg): what a Xen-aware guest asks first.
 *
 * Design: each sub-command either returns a value or copies one fixed-size
 * structure to arg; the copy is all or nothing (copy_to_guest).
 */
#include <core/guest_access.h>
#include <core/hypercall.h>
#include <hal/boot.h>
#include <lib/print.h>
#include <lib/string.h>

#define XENFEAT_auto_translated_physmap 2U
#define EXTRAVERSION_LEN 16U
#define CAPABILITIES_LEN 1024U
#define CHANGESET_LEN 64U
#define HANDLE_LEN 16U

static long copy_string(struct vcpu *v, uint64_t gpa, const char *s, size_t field)
{
	char buf[CAPABILITIES_LEN];

	(void)memset(buf, 0, field);
	(void)memcpy(buf, s, strnlen(s, field - 1U));
	return copy_to_guest(v->domain, gpa, buf, field);
}

static long get_features(struct vcpu *v, uint64_t gpa)
{
	struct xen_feature_info fi;

	if (copy_from_guest(v->domain, &fi, gpa, sizeof(fi)) != 0) {
		return -XEN_EFAULT;
	}
	fi.submap = 0U;
	if (fi.submap_idx == 0U) {
		fi.submap = (uint32_t)1U << XENFEAT_auto_translated_physmap;
	}
	return copy_to_guest(v->domain, gpa, &fi, sizeof(fi));
}

/* [impl->dsn~core-hc-version~1] */
long do_xen_version(struct vcpu *v, const uint64_t *arg)
{
	char caps[64];

	switch (arg[0]) {
	case XENVER_version:
		return BH_XEN_VERSION;
	case XENVER_extraversion:
		return copy_string(v, arg[1], "-bulkhead", EXTRAVERSION_LEN);
	case XENVER_capabilities:
		(void)bh_snprintf(caps, sizeof(caps), "xen-3.0-%s ", hal_arch_name());
		return copy_string(v, arg[1], caps, CAPABILITIES_LEN);
	case XENVER_changeset:
		return copy_string(v, arg[1], "bulkhead-" BH_VERSION, CHANGESET_LEN);
	case XENVER_get_features:
		return get_features(v, arg[1]);
	case XENVER_pagesize:
		return 4096;
	case XENVER_guest_handle:
		return copy_string(v, arg[1], "", HANDLE_LEN);
	default:
		return -XEN_ENOSYS;
	}
}
