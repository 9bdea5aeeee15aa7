/* TuneD's files, as far as provenance needs them: a profile's tuned.conf
 * ([main] include=, and the sysctl plugin's keys) and tuned-main.conf
 * (reapply_sysctl).
 *
 * The format is INI as tuned's profile loader reads it (Python
 * ConfigParser with '=' as the only delimiter and '#' comments, inline
 * ones after white space too): `[section]` headers, `key = value` lines.
 * The sysctl plugin's keys are those of section [sysctl] and of any
 * section with `type=sysctl` (tuned.conf(5)).  Values are kept as written:
 * ${variables} and the >N / <N modifiers are tuned's to expand at run
 * time, so the caller says so rather than guessing. */
#ifndef VT_PROBE_TUNED_H
#define VT_PROBE_TUNED_H

#include <stdbool.h>
#include <stddef.h>

#include "probe/sysctld.h"

struct vt_tuned_setting {
	char section[64];
	char key[128];          /* sysctl keys normalised as sysctld's */
	char value[256];
	unsigned line;
	bool sysctl;            /* in a sysctl plugin section */
};

struct vt_tuned_conf {
	struct vt_tuned_setting *items;
	size_t n;
	struct vt_sysctld_warning warnings[VT_SYSCTLD_WARN_MAX];
	size_t nwarnings;
};

/* Parses a tuned.conf or tuned-main.conf (keys before any section have
 * section "").  Never fails: lines it cannot read become warnings. */
void vt_tuned_parse(const char *buf, size_t len, struct vt_tuned_conf *out);
void vt_tuned_conf_release(struct vt_tuned_conf *c);

/* The value of `key` in `section` (the last one), or NULL. */
const char *vt_tuned_get(const struct vt_tuned_conf *c, const char *section, const char *key);

#endif
