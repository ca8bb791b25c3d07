#!/usr/bin/env bash
# Measures the model-scan speed targets and compares with the pickle walk picklescan is built on:
#   - a 2 GB PyTorch checkpoint (torch.save, zip format) scans in under 0.5 s: cost follows the pickle bytes,
#     not the tensor bytes;
#   - a raw pickle streams at 200 MB/s or more. Four raw pickles are timed: a model pickle (a dict of NumPy
#     arrays and plain objects, the way pickle.dump/joblib store a scikit-learn or NumPy model), an opcode-dense
#     data pickle (millions of small plain-data records: every value is an opcode; the data pass proves it
#     harmless without the symbolic machine), the same records as OrderedDicts (an import and a REDUCE per
#     record: an allowlisted class, so the data pass proves it too), and the same records as instances of a class
#     that is not on the allowlist (NEWOBJ and BUILD per record: reported as unknown; the data pass counts the
#     calls, and the symbolic machine runs only up to the first one, whose arguments the finding shows).
# picklescan, modelscan and fickling are not installable here (PyPI is unreachable). picklescan's core is
# CPython's `pickletools.genops` plus a blocklist lookup per GLOBAL/STACK_GLOBAL, so the script times exactly
# that on the same files as the peer figure ("genops+blocklist"). It does not resolve memo/STACK_GLOBAL
# operands the way Bulwark's symbolic execution does, so it is a lower bound on picklescan's cost.
# Needs Debian's python3-torch (apt-get install python3-torch); reports, never gates (exit 0 once measured).
#
#   ./build.sh && bash bench/compare/model.sh
#
# Environment: BULWARK (default artifacts/bin/bulwark), CHECKPOINT_GB (default 2), PICKLE_MB (default 400: the size of each raw pickle),
# RUNS (default 3, median reported; PEER_RUNS, default 1, for the pickletools walk, which takes minutes a file), RESULTS (default bench/results/model-compare.txt; empty: no file),
# FIXTURES (a folder keeping the generated files between runs, reused when they are all there; default: none, they are
# written to the temporary folder each time), KEEP_WORK=1 keeps the temporary folder. MB = 10^6 bytes.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
BULWARK="${BULWARK:-artifacts/bin/bulwark}"
CHECKPOINT_GB="${CHECKPOINT_GB:-2}"
PICKLE_MB="${PICKLE_MB:-400}"
RUNS="${RUNS:-3}"
PEER_RUNS="${PEER_RUNS:-1}"
RESULTS="${RESULTS-bench/results/model-compare.txt}"
PY=/usr/bin/python3

say() { printf '%s\n' "$*" >&2; }
[[ -x "$BULWARK" ]] || { say "error: $BULWARK not found: run ./build.sh first (or set BULWARK)"; exit 2; }
if ! "$PY" -c 'import torch' 2>/dev/null; then
  if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null; then
    say "installing python3-torch (apt-get, ~2 minutes)"
    apt-get -o DPkg::Lock::Timeout=300 install -y -qq python3-torch >/dev/null 2>&1 || true
  fi
  "$PY" -c 'import torch' 2>/dev/null || { say "error: Debian's python3-torch is required ($PY -c 'import torch')"; exit 2; }
fi
[[ -x /usr/bin/time ]] || apt-get -o DPkg::Lock::Timeout=300 install -y -qq time >/dev/null 2>&1 || true
[[ -x /usr/bin/time ]] || { say "error: /usr/bin/time (Debian package 'time') is required"; exit 2; }

WORK="$(mktemp -d "${TMPDIR:-/tmp}/bulwark-model-bench.XXXXXX")"
cleanup() { if [[ "${KEEP_WORK:-0}" == 1 ]]; then say "kept $WORK"; else rm -rf "$WORK"; fi; }
trap cleanup EXIT

DATA="${FIXTURES:-$WORK}"
mkdir -p "$DATA"
# Each file is written only when missing (FIXTURES keeps them between runs).
say "writing the missing fixtures in $DATA (a ${CHECKPOINT_GB} GB checkpoint, ${PICKLE_MB} MB raw pickles)"
"$PY" - "$DATA" "$CHECKPOINT_GB" "$PICKLE_MB" <<'PY'
import os, sys, pickle, collections
work, gb, mb = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
missing = lambda name: not os.path.exists(f"{work}/{name}") or os.path.getsize(f"{work}/{name}") == 0
target = int(mb * 1e6)
if missing("checkpoint.pt"):
    import torch
    # A realistic state dict: many named tensors whose storage adds up to the size asked for.
    n = int(gb * 1e9 / 4)
    layers = 64
    state = collections.OrderedDict()
    for i in range(layers):
        state[f"model.layers.{i}.weight"] = torch.zeros(n // layers // 1024, 1024)
        state[f"model.layers.{i}.bias"] = torch.zeros(1024)
    torch.save(state, f"{work}/checkpoint.pt")
if missing("model.pkl"):
    # A model pickle: NumPy arrays (one REDUCE and one big BINBYTES each) among ordinary objects.
    import numpy
    arrays = {f"layer{i}.weight": numpy.random.default_rng(i).random(int(target / 8 / 32)) for i in range(32)}
    with open(f"{work}/model.pkl", "wb") as out:
        pickle.dump({"arrays": arrays, "classes": list(range(1000)), "params": {"C": 1.0, "penalty": "l2"}}, out, protocol=4)
def dense(name, record):
    # Millions of small records, like a pickled dataset or vocabulary: every value is an opcode.
    if missing(name):
        per_record = len(pickle.dumps([record(j) for j in range(10_000)], protocol=4)) / 10_000
        with open(f"{work}/{name}", "wb") as out:
            pickle.dump([record(j) for j in range(int(target / per_record))], out, protocol=4)
# Plain data (dicts, strs, ints, floats, tuples): proved harmless by the data pass.
dense("records.pkl", lambda i: {"id": i, "token": f"tok{i:08d}", "score": i / 7.0, "tags": ("a", "b", i % 13)})
# The same records as OrderedDicts: one import and a REDUCE per record (an allowlisted class).
dense("objects.pkl", lambda i: collections.OrderedDict(id=i, token=f"tok{i:08d}", score=i / 7.0, tags=("a", "b", i % 13)))
# The same records as instances of a class of the script's own (__main__.Record): not on any allowlist.
class Record:
    def __init__(self, i):
        self.id, self.token, self.score, self.tags = i, f"tok{i:08d}", i / 7.0, ("a", "b", i % 13)
dense("instances.pkl", Record)
PY
CKPT_BYTES=$(stat -c %s "$DATA/checkpoint.pt")
PKL_BYTES=$(stat -c %s "$DATA/records.pkl")
MODEL_BYTES=$(stat -c %s "$DATA/model.pkl")
OBJ_BYTES=$(stat -c %s "$DATA/objects.pkl")
INST_BYTES=$(stat -c %s "$DATA/instances.pkl")

measure() { # label, command... -> "wall cpu rss" (median wall of RUNS, or of $N runs when N is set)
  local label=$1; shift
  local walls=() line runs=${N:-$RUNS}
  for ((r = 0; r < runs; r++)); do
    /usr/bin/time -f '%e %U %S %M' -o "$WORK/time.txt" "$@" >/dev/null 2>"$WORK/err.txt" || true
    line=$(tail -1 "$WORK/time.txt")
    walls+=("$line")
    say "  $label run $((r + 1)): $line (wall user sys KB)"
  done
  printf '%s\n' "${walls[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p"
}

GENOPS="$WORK/genops.py"
cat > "$GENOPS" <<'PY'
import sys, pickletools, zipfile
DENY = {"os", "posix", "nt", "subprocess", "builtins", "__builtin__", "socket", "shutil", "runpy", "pty", "sys"}
def walk(data):
    found = 0
    strings = []
    for op, arg, pos in pickletools.genops(data):
        if op.name in ("SHORT_BINUNICODE", "BINUNICODE", "UNICODE"):
            strings = (strings + [arg])[-2:]
        if op.name == "GLOBAL":
            found += arg.split(" ")[0].split(".")[0] in DENY
        elif op.name == "STACK_GLOBAL" and len(strings) == 2:
            found += strings[0].split(".")[0] in DENY
    return found
path = sys.argv[1]
if zipfile.is_zipfile(path):
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.endswith(".pkl"):
                walk(z.read(name))
else:
    with open(path, "rb") as f:
        walk(f.read())
PY

compare_on() { # variable infix (B_<infix>_WALL … for Bulwark, G_<infix>_… for the peer), file in $DATA, what it is
  say "scanning $3 ($(stat -c %s "$DATA/$2") bytes)"
  read -r "B_$1_WALL" "B_$1_USER" "B_$1_SYS" "B_$1_RSS" <<<"$(measure "bulwark $2" "$BULWARK" model scan "$DATA/$2" --format json)"
  read -r "G_$1_WALL" "G_$1_USER" "G_$1_SYS" "G_$1_RSS" <<<"$(N=$PEER_RUNS measure "genops $2" "$PY" "$GENOPS" "$DATA/$2")"
}
compare_on CKPT checkpoint.pt "the checkpoint"
compare_on MOD model.pkl "the model pickle"
compare_on PKL records.pkl "the opcode-dense pickle"
compare_on OBJ objects.pkl "the object-dense pickle"
compare_on INST instances.pkl "the pickle of unknown-class instances"

"$BULWARK" model scan "$DATA/checkpoint.pt" "$DATA/model.pkl" "$DATA/records.pkl" "$DATA/objects.pkl" "$DATA/instances.pkl" --format json > "$WORK/report.json" || true
FINDINGS=$("$PY" -c 'import json,sys; print(", ".join("%s: %s %s" % (f["location"]["path"], f["ruleId"], f["severity"]) for f in json.load(open(sys.argv[1]))["findings"]) or "none")' "$WORK/report.json")

mbps() { "$PY" -c "import sys; print(f'{$1/1e6/max($2,1e-9):,.0f}')"; }
row() { # label, prefix of the measured variables (…_WALL, _USER, _SYS, _RSS), name of the file's byte count
  local wall="${2}_WALL" user="${2}_USER" sys="${2}_SYS" rss="${2}_RSS" bytes="$3"
  printf '%-44s %8s %8s %10s %10s\n' "$1" "${!wall}" "$("$PY" -c "print(f'{${!user}+${!sys}:.2f}')")" "$(( ${!rss} / 1024 ))" "$(mbps "${!bytes}" "${!wall}")"
}
report() {
  echo "# bench/compare/model.sh on $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ); $("$BULWARK" --version); load average $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "checkpoint: $CKPT_BYTES bytes (torch.save, 128 tensors); model pickle: $MODEL_BYTES bytes (dict of 32 NumPy arrays + objects); opcode-dense pickle: $PKL_BYTES bytes (protocol 4, plain-data records); object-dense pickle: $OBJ_BYTES bytes (the records as OrderedDicts: a REDUCE each); unknown-class pickle: $INST_BYTES bytes (the records as __main__.Record instances: NEWOBJ and BUILD each); median of $RUNS runs (the pickletools walk: $PEER_RUNS)"
  echo
  printf '%-44s %8s %8s %10s %10s\n' "step" "wall s" "CPU s" "peak MB" "MB/s"
  row "bulwark model scan, checkpoint" B_CKPT CKPT_BYTES
  row "genops+blocklist (picklescan core), ckpt" G_CKPT CKPT_BYTES
  row "bulwark model scan, model pickle" B_MOD MODEL_BYTES
  row "genops+blocklist (picklescan core), model" G_MOD MODEL_BYTES
  row "bulwark model scan, opcode-dense pickle" B_PKL PKL_BYTES
  row "genops+blocklist (picklescan core), dense" G_PKL PKL_BYTES
  row "bulwark model scan, object-dense pickle" B_OBJ OBJ_BYTES
  row "genops+blocklist (picklescan core), objects" G_OBJ OBJ_BYTES
  row "bulwark model scan, unknown-class pickle" B_INST INST_BYTES
  row "genops+blocklist (picklescan core), unknown" G_INST INST_BYTES
  echo
  "$PY" -c "print('PASS' if $B_CKPT_WALL < 0.5 else 'MISS', ' 2 GB checkpoint in < 0.5 s: $B_CKPT_WALL s')"
  "$PY" -c "print('PASS' if $MODEL_BYTES/1e6/max($B_MOD_WALL,1e-9) >= 200 else 'MISS', ' model pickle >= 200 MB/s: ' + f'{$MODEL_BYTES/1e6/max($B_MOD_WALL,1e-9):.0f} MB/s (includes process start)')"
  "$PY" -c "print('PASS' if $PKL_BYTES/1e6/max($B_PKL_WALL,1e-9) >= 200 else 'MISS', ' opcode-dense pickle >= 200 MB/s: ' + f'{$PKL_BYTES/1e6/max($B_PKL_WALL,1e-9):.0f} MB/s (includes process start; plain data, proved by the data pass)')"
  "$PY" -c "print('PASS' if $OBJ_BYTES/1e6/max($B_OBJ_WALL,1e-9) >= 200 else 'MISS', ' object-dense pickle >= 200 MB/s: ' + f'{$OBJ_BYTES/1e6/max($B_OBJ_WALL,1e-9):.0f} MB/s (includes process start; an allowlisted class, proved by the data pass)')"
  "$PY" -c "print('PASS' if $INST_BYTES/1e6/max($B_INST_WALL,1e-9) >= 200 else 'MISS', ' unknown-class pickle >= 200 MB/s: ' + f'{$INST_BYTES/1e6/max($B_INST_WALL,1e-9):.0f} MB/s (includes process start; the data pass, and the symbolic machine up to the first call)')"
  "$PY" -c "print(f'ratio: genops+blocklist takes {$G_MOD_WALL/max($B_MOD_WALL,1e-9):.1f}x Bulwark on the model pickle, {$G_PKL_WALL/max($B_PKL_WALL,1e-9):.1f}x on the dense one, {$G_OBJ_WALL/max($B_OBJ_WALL,1e-9):.1f}x on the object-dense one, {$G_INST_WALL/max($B_INST_WALL,1e-9):.1f}x on the unknown-class one, {$G_CKPT_WALL/max($B_CKPT_WALL,1e-9):.1f}x on the checkpoint')"
  echo "findings: $FINDINGS (expected: only the unknown class __main__.Record in instances.pkl, at medium)"
}
report | tee /dev/stderr > "$WORK/report.txt"
[[ -n "$RESULTS" ]] && cp "$WORK/report.txt" "$RESULTS" && say "wrote $RESULTS"
exit 0
