/* Kernel release strings ("6.1.0-56-amd64", "5.14.0-427.el9.x86_64",
 * "4.4.0") and comparisons against the versions where behaviour changed. */
#ifndef VT_CORE_KVERSION_H
#define VT_CORE_KVERSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define VT_KERNEL_VERSION(a, b, c) (((uint32_t)(a) << 16) | ((uint32_t)(b) << 8) | \
				    ((uint32_t)(c) > 255 ? 255u : (uint32_t)(c)))

struct vt_kversion {
	unsigned major, minor, patch;
	uint32_t code;          /* VT_KERNEL_VERSION(major, minor, patch) */
	char release[128];      /* the full string as the kernel printed it */
	/* Where patch came from: the release itself, or, when a distribution
	 * release hides the sublevel ("5.10.0-32-amd64" is 5.10.223), the
	 * upstream version it prints elsewhere. */
	enum {
		VT_KPATCH_RELEASE,
		VT_KPATCH_PROC_VERSION,         /* "... Debian 5.10.223-1 (...)" */
		VT_KPATCH_VERSION_SIGNATURE,    /* Ubuntu: "Ubuntu 5.15.0-91.101-generic 5.15.131" */
	} patch_source;
};

/* Accepts "MAJOR.MINOR[.PATCH][suffix]" where the suffix starts with '-',
 * '+', '_' or '.' followed by a non-digit-led rest.  Trailing newline ok. */
int vt_kversion_parse(const char *s, size_t len, struct vt_kversion *out, char **cause);

/* Takes the sublevel a distribution release hides ("X.Y.0-N...": Debian,
 * Ubuntu) from /proc/version ("Debian X.Y.Z-...", source
 * VT_KPATCH_PROC_VERSION) or /proc/version_signature (its last word
 * "X.Y.Z", VT_KPATCH_VERSION_SIGNATURE), when major and minor agree with
 * the release.  Backported ranges (watermark_scale_factor up to 3000 in
 * 5.10.186+) depend on it.  Returns true when it changed `k`. */
bool vt_kversion_upstream(struct vt_kversion *k, int source, const char *text, size_t len);

#endif
