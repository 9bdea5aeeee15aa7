/* Kernel release strings ("6.1.0-56-amd64", "5.14.0-427.el9.x86_64",
 * "4.4.0") and comparisons against the versions where behaviour changed. */
#ifndef VT_CORE_KVERSION_H
#define VT_CORE_KVERSION_H

#include <stddef.h>
#include <stdint.h>

#define VT_KERNEL_VERSION(a, b, c) (((uint32_t)(a) << 16) | ((uint32_t)(b) << 8) | \
				    ((uint32_t)(c) > 255 ? 255u : (uint32_t)(c)))

struct vt_kversion {
	unsigned major, minor, patch;
	uint32_t code;          /* VT_KERNEL_VERSION(major, minor, patch) */
	char release[128];      /* the full string as the kernel printed it */
};

/* Accepts "MAJOR.MINOR[.PATCH][suffix]" where the suffix starts with '-',
 * '+', '_' or '.' followed by a non-digit-led rest.  Trailing newline ok. */
int vt_kversion_parse(const char *s, size_t len, struct vt_kversion *out, char **cause);

#endif
