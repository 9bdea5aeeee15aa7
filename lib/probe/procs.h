/* /proc/PID for the OOM ranking: status, stat, oom_score, oom_score_adj
 * and cgroup of every process, and the memory cgroups they sit in.
 *
 * The parsers are pure.  The reader lists proc/ through the root handle;
 * a process that exits while it is read (ENOENT, ESRCH) is skipped without
 * a word, one whose files are refused (EACCES, EPERM: hidepid, another
 * user's process) is counted, never guessed. */
#ifndef VT_PROBE_PROCS_H
#define VT_PROBE_PROCS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/bitset.h"
#include "core/rootfs.h"

/* The fields of /proc/PID/status the ranking uses (kB unless said). */
enum vt_status_field {
	VT_ST_CAP_EFF,          /* hex mask: CAP_SYS_ADMIN gave a bonus before 4.17 */
	VT_ST_KTHREAD,          /* 0/1, 6.x kernels (else stat's PF_KTHREAD) */
	VT_ST_NAME,             /* comm, 15 bytes at most, escaped by the kernel */
	VT_ST_PPID,
	VT_ST_RSS_ANON,
	VT_ST_RSS_FILE,
	VT_ST_RSS_SHMEM,
	VT_ST_TGID,
	VT_ST_UID,              /* the real uid (first of four) */
	VT_ST_VM_PMD,           /* 4.4-4.13: PMD pages, beside VmPTE */
	VT_ST_VM_PTE,
	VT_ST_VM_RSS,
	VT_ST_VM_SWAP,
	VT_ST_COUNT
};

struct vt_proc_status {
	uint64_t value[VT_ST_COUNT];    /* Name aside */
	char name[64];          /* as printed (the kernel escapes '\n' and '\\') */
	VT_BITSET(present, VT_ST_COUNT);
};

const char *vt_status_name(enum vt_status_field f);
bool vt_status_has(const struct vt_proc_status *st, enum vt_status_field f);
size_t vt_status_table_check(void);

/* Pure parser of /proc/PID/status.  Unknown keys are ignored; a known key
 * twice, or a value that is not a number, is an error naming line and key.
 * A process without memory (a kernel thread, a zombie) has no Vm* lines:
 * that is not an error. */
int vt_status_parse(const char *buf, size_t len, struct vt_proc_status *out, char **cause);

#define VT_PF_KTHREAD 0x00200000u       /* include/linux/sched.h */

struct vt_proc_stat {
	char state;             /* 'R', 'S', 'Z', ... */
	int64_t ppid;
	uint64_t flags;         /* task->flags: PF_KTHREAD and others */
};

/* Pure parser of /proc/PID/stat: "pid (comm) state ppid ... flags ...".
 * comm may hold spaces and parentheses: the fields start after the last
 * ')'. */
int vt_pstat_parse(const char *buf, size_t len, struct vt_proc_stat *out, char **cause);

/* One signed number on its own line (oom_score, oom_score_adj). */
int vt_proc_number_parse(const char *buf, size_t len, int64_t min, int64_t max, int64_t *out,
			 char **cause);

/* Pure parser of /proc/PID/cgroup: the v2 path ("0::/a/b") and the v1
 * memory controller's ("4:memory:/a"), each "" when absent.  A path is
 * kept only when it is absolute and has no "." or ".." component (it
 * names a directory under the root later); otherwise it is an error. */
int vt_pcgroup_parse(const char *buf, size_t len, char *v2, size_t v2size, char *v1mem,
		     size_t v1size, char **cause);

struct vt_proc {
	long pid;
	struct vt_proc_status status;
	struct vt_proc_stat stat;
	bool has_stat;
	int64_t oom_score_adj;
	bool has_oom_score;     /* the kernel's oom_score was read */
	int64_t oom_score;
	char cgroup[512];       /* v2 path, "" unknown */
	char memcg_v1[512];     /* v1 memory controller path, "" none */
};

/* A memory cgroup the processes sit in, or an ancestor of one. */
struct vt_memcg {
	char path[512];         /* "/" for the root, as in /proc/PID/cgroup */
	bool v1;                /* the v1 memory controller's hierarchy */
	bool has_max;           /* memory.max (v1: memory.limit_in_bytes) is a number */
	uint64_t max_bytes;
	bool has_swap_max;      /* memory.swap.max (v1: memsw limit minus limit) */
	uint64_t swap_max_bytes;
	int oom_group;          /* memory.oom.group: 1, 0, -1 not available */
};

struct vt_procs {
	struct vt_proc *procs;  /* by pid */
	size_t n;
	size_t unreadable;      /* refused: EACCES/EPERM */
	long unreadable_first;  /* the first such pid, for the message */
	struct vt_memcg *memcgs;        /* sorted by (v1, path) */
	size_t nmemcgs;
	/* where cgroup files were found: "sys/fs/cgroup", "" none */
	char cgroup2_base[64];
	char cgroup1_memory_base[64];
};

void vt_procs_init(struct vt_procs *p);
void vt_procs_release(struct vt_procs *p);

/* Reads every proc/<pid>/ under the root, then the memory cgroup files of
 * their cgroups and ancestors.  Only a failure to list proc/ or a file the
 * kernel could not have written (a parse error) fails the whole read. */
int vt_procs_read(const struct vt_root *root, struct vt_procs *out, char **cause);

/* The memcg of `path` (v1 or v2), or NULL. */
const struct vt_memcg *vt_procs_memcg(const struct vt_procs *p, bool v1, const char *path);

#endif
