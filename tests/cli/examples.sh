#!/bin/sh
# docs/examples run against copies of a fixture: the YAML is parsed as
# cloud-init and Ansible would parse it, its files are written under the
# copy, and its vmtune commands run with VMTUNE_ROOT pointing there (so
# /etc/vmtune/profile is the copy's).  The idempotence is the point: the
# first run changes the knobs and writes the drop-in, the second changes
# nothing (cloud-init: no second journal; Ansible: "changed" read from the
# JSON as its changed_when does, false on the second run), and a check-mode
# run writes nothing.  Ansible's few expressions are evaluated by a small
# translator that refuses anything it does not know, never by guessing.
. "$(dirname "$0")/lib.sh"
EX="${VT_SRCDIR:-$(dirname "$0")/../..}/docs/examples"
F="$VT_FIXTURES/handmade-6.1-numa2-misset"

python3 -c 'import yaml' 2>/dev/null || { echo "SKIP: python3 with yaml (python3-yaml) is needed"; exit 77; }
mkdir -p "$VT_TMP/bin"
ln -s "$VMTUNE" "$VT_TMP/bin/vmtune"
PATH="$VT_TMP/bin:$PATH"
export PATH

fresh() {
	rm -rf "$VT_TMP/$1"
	cp -r "$F" "$VT_TMP/$1" && chmod -R u+w "$VT_TMP/$1"
	rm -f "$VT_TMP/$1/etc/vmtune/profile"
}

journals() {
	ls "$1/var/lib/vmtune/journal" 2>/dev/null | grep -c '\.json$'
}

# --- cloud-init ----------------------------------------------------------
cat >"$VT_TMP/cloud-init.py" <<'PY'
import os, subprocess, sys, yaml
path, root = sys.argv[1], sys.argv[2]
text = open(path).read()
assert text.startswith("#cloud-config\n"), "the first line is not #cloud-config"
doc = yaml.safe_load(text)
assert set(doc) <= {"write_files", "runcmd"}, "unexpected modules: %s" % sorted(doc)
for f in doc["write_files"]:
    assert f["path"].startswith("/") and isinstance(f["permissions"], str), f
    dest = os.path.join(root, f["path"].lstrip("/"))
    os.makedirs(os.path.dirname(dest), exist_ok=True)
    open(dest, "w").write(f["content"])
    os.chmod(dest, int(f["permissions"], 8))
env = dict(os.environ, VMTUNE_ROOT=root)
for cmd in doc["runcmd"]:
    assert isinstance(cmd, list), "runcmd entry not an argv list: %r" % cmd
    if cmd[0] == "systemctl":       # outside what a fixture holds
        assert cmd == ["systemctl", "enable", "vmtune-apply.service"], cmd
        print("systemctl enable vmtune-apply.service")
        continue
    r = subprocess.run(cmd, env=env)
    if r.returncode != 0:
        sys.exit("runcmd %r exited %d" % (cmd[:2], r.returncode))
PY
fresh ci
expect_exit 0 python3 "$VT_TMP/cloud-init.py" "$EX/cloud-init.yaml" "$VT_TMP/ci"
expect_grep '^systemctl enable vmtune-apply.service$' "$VT_TMP/out"
expect_grep '^database$' "$VT_TMP/ci/etc/vmtune/profile"
[ "$(journals "$VT_TMP/ci")" = 1 ] && pass || fail "cloud-init, first run: $(journals "$VT_TMP/ci") journals, expected 1"
[ "$(cat "$VT_TMP/ci/proc/sys/vm/zone_reclaim_mode")" = 0 ] && pass || fail "cloud-init: zone_reclaim_mode not 0"
expect_grep '^vm.zone_reclaim_mode = 0$' "$VT_TMP/ci/etc/sysctl.d/60-vmtune.conf"
cp "$VT_TMP/ci/etc/sysctl.d/60-vmtune.conf" "$VT_TMP/dropin.1"
expect_exit 0 python3 "$VT_TMP/cloud-init.py" "$EX/cloud-init.yaml" "$VT_TMP/ci"
[ "$(journals "$VT_TMP/ci")" = 1 ] && pass || fail "cloud-init, second run applied again: $(journals "$VT_TMP/ci") journals"
cmp -s "$VT_TMP/dropin.1" "$VT_TMP/ci/etc/sysctl.d/60-vmtune.conf" && pass || fail "cloud-init, second run rewrote the drop-in"

# --- Ansible ---------------------------------------------------------------
cat >"$VT_TMP/ansible.py" <<'PY'
import json, os, re, subprocess, sys, yaml
path, root, profile, mode = sys.argv[1:5]
check_mode = mode == "check"
V = {"vmtune_profile": profile, "ansible_check_mode": check_mode}
R = {}
env = dict(os.environ, VMTUNE_ROOT=root)

def template(s):
    return re.sub(r"\{\{\s*(\w+)\s*\}\}", lambda m: str(V[m.group(1)]), s)

def expr(e):
    """The expressions the examples use, as Python: (REG.stdout | from_json).KEY,
    REG.rc, VAR, 'not', 'in' and lists.  Any other name is an error."""
    e = str(e)
    e = re.sub(r"\(\s*(\w+)\.stdout\s*\|\s*from_json\s*\)\.(\w+)", r'_json(R["\1"]["stdout"])["\2"]', e)
    e = re.sub(r"\b(\w+)\.(rc|stdout|stderr)\b", r'R["\1"]["\2"]', e)
    e = re.sub(r"\b(ansible_check_mode|vmtune_profile)\b", r'V["\1"]', e)
    return eval(e, {"__builtins__": {}, "R": R, "V": V, "_json": json.loads})

tasks = yaml.safe_load(open(path))
changed = []
for t in tasks:
    name = t["name"]
    mods = [k for k in t if k.startswith("ansible.builtin.")]
    assert len(mods) == 1, "task %r: modules %r" % (name, mods)
    mod, args = mods[0], t[mods[0]]
    known = {"name", mod, "register", "when", "changed_when", "failed_when", "check_mode"}
    assert set(t) <= known, "task %r: unknown keys %r" % (name, sorted(set(t) - known))
    if "when" in t and not expr(t["when"]):
        print("skipped: " + name)
        continue
    runs = not check_mode or t.get("check_mode") is False
    if mod == "ansible.builtin.copy":
        dest = os.path.join(root, args["dest"].lstrip("/"))
        content = template(args["content"])
        was = open(dest).read() if os.path.exists(dest) else None
        if runs:
            os.makedirs(os.path.dirname(dest), exist_ok=True)
            open(dest, "w").write(content)
        res = {"changed": was != content}
    elif mod == "ansible.builtin.command":
        if not runs:
            print("skipped: " + name)
            continue
        argv = [template(a) for a in args["argv"]]
        p = subprocess.run(argv, env=env, capture_output=True, text=True)
        res = {"rc": p.returncode, "stdout": p.stdout, "stderr": p.stderr, "changed": True}
    elif mod == "ansible.builtin.systemd":
        assert args == {"name": "vmtune-apply.service", "enabled": True}, args
        res = {"changed": False}
    else:
        sys.exit("task %r: module %s not emulated" % (name, mod))
    if "register" in t:
        R[t["register"]] = res
    if "changed_when" in t:
        res["changed"] = bool(expr(t["changed_when"]))
    failed = bool(expr(t["failed_when"])) if "failed_when" in t else res.get("rc", 0) != 0
    if failed:
        sys.exit("task %r failed: %s" % (name, res.get("stderr", "")[:300]))
    print(("changed: " if res["changed"] else "ok: ") + name)
PY
fresh an
# Check mode first: the dry run runs, nothing is written.
expect_exit 0 python3 "$VT_TMP/ansible.py" "$EX/ansible-tasks.yml" "$VT_TMP/an" database check
expect_grep '^ok: vmtune | what would change' "$VT_TMP/out"
expect_grep '^skipped: vmtune | apply the profile and write' "$VT_TMP/out"
if diff -r "$F" "$VT_TMP/an" >/dev/null; then pass; else fail "check mode changed the tree: $(diff -r "$F" "$VT_TMP/an" | head -c 300)"; fi
# The first run applies: changed, from apply's JSON.
expect_exit 0 python3 "$VT_TMP/ansible.py" "$EX/ansible-tasks.yml" "$VT_TMP/an" database run
cp "$VT_TMP/out" "$VT_TMP/run1"
expect_grep '^changed: vmtune | name the profile' "$VT_TMP/run1"
expect_grep '^changed: vmtune | apply the profile and write' "$VT_TMP/run1"
expect_grep '^ok: vmtune | the live values match' "$VT_TMP/run1"
[ "$(journals "$VT_TMP/an")" = 1 ] && pass || fail "Ansible, first run: $(journals "$VT_TMP/an") journals, expected 1"
[ "$(cat "$VT_TMP/an/proc/sys/vm/zone_reclaim_mode")" = 0 ] && pass || fail "Ansible: zone_reclaim_mode not 0"
[ -f "$VT_TMP/an/etc/sysctl.d/60-vmtune.conf" ] && pass || fail "Ansible: no drop-in written"
# The second run changes nothing and says so.
expect_exit 0 python3 "$VT_TMP/ansible.py" "$EX/ansible-tasks.yml" "$VT_TMP/an" database run
expect_no_grep '^changed: ' "$VT_TMP/out"
expect_grep '^skipped: vmtune | apply the profile and write' "$VT_TMP/out"
[ "$(journals "$VT_TMP/an")" = 1 ] && pass || fail "Ansible, second run applied again"
# Another profile: changed again (its own values), then idempotent again.
expect_exit 0 python3 "$VT_TMP/ansible.py" "$EX/ansible-tasks.yml" "$VT_TMP/an" virt-host run
expect_grep '^changed: vmtune | name the profile' "$VT_TMP/out"
expect_exit 0 python3 "$VT_TMP/ansible.py" "$EX/ansible-tasks.yml" "$VT_TMP/an" virt-host run
expect_no_grep '^changed: ' "$VT_TMP/out"
# A profile that does not exist fails the play at the dry run, writing nothing.
fresh bad
expect_exit 1 python3 "$VT_TMP/ansible.py" "$EX/ansible-tasks.yml" "$VT_TMP/bad" no-such-profile run
expect_grep "task 'vmtune | what would change" "$VT_TMP/err"
[ "$(journals "$VT_TMP/bad")" = 0 ] && pass || fail "a failed dry run still applied"
finish
