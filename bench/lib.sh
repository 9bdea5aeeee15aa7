# Shared by the bench scripts; sourced after RUNS, BATCH and tmp are set.
# measure CMD...: prints "best median" microseconds per run of CMD (RUNS
# batches of BATCH runs each, process start included).
measure() {
	i=0
	: >"$tmp/times"
	while [ "$i" -lt "$RUNS" ]; do
		t0=$(date +%s%N)
		j=0
		while [ "$j" -lt "$BATCH" ]; do
			"$@" >/dev/null
			j=$((j + 1))
		done
		t1=$(date +%s%N)
		echo $(((t1 - t0) / BATCH / 1000)) >>"$tmp/times"
		i=$((i + 1))
	done
	sort -n "$tmp/times" | awk '{ v[NR] = $1 } END { printf "%d %d\n", v[1], v[int((NR + 1) / 2)] }'
}
