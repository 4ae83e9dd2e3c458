/*
 * x86-64 SVM feature names (CPUID 0x8000000A EDX), for the boot report.
 * Host-testable: pure formatting, no hardware access.
 */
#include <stddef.h>
#include <stdint.h>

#include <lib/print.h>

#include "arch.h"

struct svm_feature {
	unsigned bit;
	const char *name;
};

/* AMD APM vol. 3, CPUID Fn8000_000A_EDX. */
static const struct svm_feature svm_features[] = {
        {0, "NP"},           {1, "LbrVirt"},
        {2, "SVML"},         {3, "NRIPS"},
        {4, "TscRateMsr"},   {5, "VmcbClean"},
        {6, "FlushByAsid"},  {7, "DecodeAssists"},
        {10, "PauseFilter"}, {12, "PauseFilterThreshold"},
        {13, "AVIC"},        {15, "VMSAVEvirt"},
        {16, "VGIF"},        {17, "GMET"},
        {18, "x2AVIC"},      {19, "SSSCheck"},
        {20, "SpecCtrl"},    {25, "VNMI"},
};

/*
 * Writes the names of the set bits, space separated ("none" if none), into
 * buf (always NUL-terminated when size > 0). Returns the full length.
 */
size_t x86_svm_format_features(uint32_t edx, char *buf, size_t size)
{
	size_t len = 0;

	if (size > 0U) {
		buf[0] = '\0';
	}
	for (size_t i = 0; i < sizeof(svm_features) / sizeof(svm_features[0]); i++) {
		const struct svm_feature *f = &svm_features[i];
		size_t room = (len < size) ? size - len : 0U;
		char *dst = (room > 0U) ? buf + len : NULL;

		if ((edx & (1U << f->bit)) == 0U) {
			continue;
		}
		len += (size_t)bh_snprintf(dst, room, "%s%s", (len > 0U) ? " " : "", f->name);
	}
	if (len == 0U) {
		len = (size_t)bh_snprintf(buf, size, "none");
	}
	return len;
}
