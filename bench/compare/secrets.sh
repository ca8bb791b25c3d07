#!/usr/bin/env bash
# Times `bulwark secrets scan` against ripgrep (a keyword search with the rules' own keywords: the practical
# limit for any keyword-prefiltered scanner) and secretlint, on a deterministic corpus of real source text
# taken from this machine's own files, with planted fake secrets. Reports; never gates (always exits 0 once
# the corpus is built).
#
#   bash bench/compare/secrets.sh
#
# Environment: BULWARK (default artifacts/bin/bulwark), RULES (default the built-in default-rules.toml),
# CORPUS_MB (default 220), SLICE_MB (default 5),
# SEED (default 20240601), KEEP_WORK=1 to keep the temporary folder.
# MB here is 10^6 bytes.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
BULWARK="${BULWARK:-artifacts/bin/bulwark}"
CORPUS_MB="${CORPUS_MB:-220}"
SLICE_MB="${SLICE_MB:-5}"
SEED="${SEED:-20240601}"
RULES="${RULES:-$ROOT/src/Bulwark.Scanning/Secrets/Rules/default-rules.toml}"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/bulwark-secrets-bench.XXXXXX")"
cleanup() {
  if [[ "${KEEP_WORK:-0}" == 1 ]]; then echo "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
CORPUS="$WORK/corpus"
SLICE="$WORK/slice"

say() { printf '%s\n' "$*" >&2; }

# ---------------------------------------------------------------------------------------------- tools
missing=()
command -v rg >/dev/null 2>&1 || missing+=(ripgrep)
[[ -x /usr/bin/time ]] || missing+=(time)
if ((${#missing[@]})); then
  if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null 2>&1; then
    say "installing ${missing[*]} (apt-get)"
    apt-get -o DPkg::Lock::Timeout=300 install -y -qq "${missing[@]}" >/dev/null 2>&1 \
      || { apt-get -o DPkg::Lock::Timeout=300 update -qq >/dev/null 2>&1 \
           && apt-get -o DPkg::Lock::Timeout=300 install -y -qq "${missing[@]}" >/dev/null 2>&1; } \
      || say "apt-get install ${missing[*]} failed"
  fi
fi
[[ -x /usr/bin/time ]] || { say "error: /usr/bin/time (Debian package 'time') is required"; exit 2; }
command -v python3 >/dev/null 2>&1 || { say "error: python3 is required"; exit 2; }
[[ -x "$BULWARK" ]] || { say "error: $BULWARK not found: run ./build.sh first (or set BULWARK)"; exit 2; }
[[ -f "$RULES" ]] || { say "error: rules file $RULES not found"; exit 2; }
HAVE_RG=1
command -v rg >/dev/null 2>&1 || { HAVE_RG=0; say "ripgrep not available: its figures are skipped"; }

# --------------------------------------------------------------------------------------------- corpus
# Real text from the machine, in a fixed order: per root, the C-sorted list of text-like files.
say "building a ${CORPUS_MB} MB corpus in $CORPUS"
ROOTS=()
for r in /usr/lib/python3* /usr/local/lib/python3* /usr/share/perl* /usr/lib/x86_64-linux-gnu/perl* \
         /usr/share/doc /usr/include /usr/lib/node_modules /usr/share /usr/lib /usr/src /opt; do
  [[ -d "$r" ]] && ROOTS+=("$r")
done
for r in "${ROOTS[@]}"; do
  find "$r" -type f \( -name '*.py' -o -name '*.pm' -o -name '*.pl' -o -name '*.pod' -o -name '*.t' \
    -o -name '*.txt' -o -name '*.md' -o -name '*.rst' -o -name '*.c' -o -name '*.h' -o -name '*.hpp' \
    -o -name '*.cc' -o -name '*.cpp' -o -name '*.js' -o -name '*.mjs' -o -name '*.cjs' -o -name '*.ts' \
    -o -name '*.json' -o -name '*.xml' -o -name '*.html' -o -name '*.css' -o -name '*.sh' -o -name '*.yml' \
    -o -name '*.yaml' -o -name '*.toml' -o -name '*.ini' -o -name '*.cfg' -o -name '*.rb' -o -name '*.go' \
    -o -name '*.rs' -o -name '*.java' -o -name '*.cs' -o -name '*.lua' -o -name '*.tcl' -o -name '*.el' \
    -o -name '*.sql' \) -size -5000001c 2>/dev/null | LC_ALL=C sort
done | awk '!seen[$0]++' >"$WORK/candidates.txt"

python3 - "$WORK" "$CORPUS_MB" "$SLICE_MB" "$SEED" <<'PY'
import base64, json, os, random, shutil, string, subprocess, sys

work, corpus_mb, slice_mb, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
corpus, slice_dir = os.path.join(work, "corpus"), os.path.join(work, "slice")
target, slice_target = corpus_mb * 10**6, slice_mb * 10**6

copied, total = [], 0
with open(os.path.join(work, "candidates.txt"), encoding="utf-8", errors="surrogateescape") as listing:
    for line in listing:
        src = line.rstrip("\n")
        rel = src.lstrip("/")
        # Hidden paths are skipped by ripgrep and secretlint by default; keep the tools on equal input.
        if any(part.startswith(".") for part in rel.split("/")):
            continue
        try:
            with open(src, "rb") as f:
                data = f.read(5 * 10**6 + 1)
        except OSError:
            continue
        if not data or len(data) > 5 * 10**6 or b"\0" in data:
            continue
        dst = os.path.join(corpus, rel)
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        with open(dst, "wb") as f:
            f.write(data)
        copied.append(rel)
        total += len(data)
        if total >= target:
            break

# Fake secrets from a seeded generator: the same run after run on the same machine.
rng = random.Random(seed)
alnum = string.ascii_letters + string.digits
def pick(alphabet, n): return "".join(rng.choice(alphabet) for _ in range(n))
b32 = string.ascii_uppercase + "234567"
b64 = alnum + "+/"
urlsafe = alnum + "_-"

def pem():
    try:
        out = subprocess.run(["openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"],
                             check=True, capture_output=True, text=True).stdout.strip()
        if "PRIVATE KEY" in out:
            return out.splitlines()
    except (OSError, subprocess.CalledProcessError):
        pass
    body = base64.b64encode(bytes(rng.randrange(256) for _ in range(138))).decode()
    return ["-----BEGIN PRIVATE KEY-----", *[body[i:i + 64] for i in range(0, len(body), 64)], "-----END PRIVATE KEY-----"]

kinds = [
    ("github-pat", lambda: [f'GITHUB_TOKEN = "ghp_{pick(alnum, 36)}"']),
    ("aws-access-key", lambda: [f"aws_access_key_id = AKIA{pick(b32, 16)}"]),
    ("aws-secret-key", lambda: [f"aws_secret_access_key = {pick(b64, 40)}"]),
    ("openai", lambda: [f'OPENAI_API_KEY = "sk-proj-{pick(urlsafe, 74)}T3BlbkFJ{pick(urlsafe, 74)}"']),
    ("huggingface", lambda: [f'HF_TOKEN = "hf_{pick(string.ascii_letters, 34)}"']),
    ("slack-bot", lambda: [f'SLACK_BOT_TOKEN = "xoxb-{pick(string.digits, 12)}-{pick(string.digits, 13)}-{pick(alnum, 24)}"']),
    ("stripe", lambda: [f'STRIPE_KEY = "sk_live_{pick(alnum, 24)}"']),
    ("gitlab-pat", lambda: [f'GITLAB_TOKEN = "glpat-{pick(alnum, 20)}"']),
    ("npm", lambda: [f"//registry.npmjs.org/:_authToken=npm_{pick(alnum, 36)}"]),
    ("private-key", pem),
]
targets = [r for r in copied if r.endswith((".py", ".pm", ".pl", ".sh", ".rb", ".txt", ".md", ".yml", ".yaml", ".ini", ".cfg"))]
count = 50
step = max(1, len(targets) // count)
planted = []
for i in range(min(count, len(targets))):
    rel = targets[i * step]
    kind, make = kinds[i % len(kinds)]
    lines = make()
    path = os.path.join(corpus, rel)
    with open(path, "rb") as f:
        text = f.read().split(b"\n")
    at = len(text) // 2
    text[at:at] = [l.encode() for l in lines]
    with open(path, "wb") as f:
        f.write(b"\n".join(text))
    planted.append({"kind": kind, "path": rel, "line": at + 1, "lines": len(lines)})

total = sum(os.path.getsize(os.path.join(corpus, r)) for r in copied)

# The slice: the first files of the corpus, in order, up to SLICE_MB.
slice_total = 0
for rel in copied:
    size = os.path.getsize(os.path.join(corpus, rel))
    if slice_total + size > slice_target:
        continue
    dst = os.path.join(slice_dir, rel)
    os.makedirs(os.path.dirname(dst), exist_ok=True)
    shutil.copyfile(os.path.join(corpus, rel), dst)
    slice_total += size
    if slice_total >= slice_target * 0.98:
        break

with open(os.path.join(work, "planted.json"), "w") as f:
    json.dump(planted, f)
with open(os.path.join(work, "sizes.txt"), "w") as f:
    f.write(f"{total} {len(copied)} {slice_total}\n")
PY
read -r CORPUS_BYTES CORPUS_FILES SLICE_BYTES <"$WORK/sizes.txt"
mb() { python3 -c "print(f'{$1 / 1e6:.1f}')"; }
say "corpus: $CORPUS_FILES files, $(mb "$CORPUS_BYTES") MB; slice: $(mb "$SLICE_BYTES") MB"
if ((CORPUS_BYTES < CORPUS_MB * 1000000)); then
  say "warning: only $(mb "$CORPUS_BYTES") MB of text found on this machine (wanted $CORPUS_MB MB)"
fi

# Keywords of all rules, one a line, for ripgrep's fixed-string search.
python3 - "$RULES" >"$WORK/keywords.txt" <<'PY'
import sys, tomllib
with open(sys.argv[1], "rb") as f:
    rules = tomllib.load(f).get("rules", [])
print("\n".join(sorted({k.lower() for r in rules for k in r.get("keywords", []) if k})))
PY
say "keywords: $(wc -l <"$WORK/keywords.txt") from $(python3 -c "import tomllib,sys; print(len(tomllib.load(open(sys.argv[1],'rb'))['rules']))" "$RULES") rules"

# Warm the page cache so every tool reads from memory.
find "$WORK/corpus" "$WORK/slice" -type f -print0 | xargs -0 cat >/dev/null

# ---------------------------------------------------------------------------------------------- timing
# timed NAME CMD...: runs CMD under /usr/bin/time; sets T_SEC, T_RSS_KB, T_RC.
timed() {
  local name="$1"; shift
  set +e
  /usr/bin/time -f '%e %M' -o "$WORK/$name.time" "$@" >"$WORK/$name.out" 2>"$WORK/$name.err"
  T_RC=$?
  set -e
  read -r T_SEC T_RSS_KB < <(tail -n 1 "$WORK/$name.time")
}

# best NAME OKCODES RUNS CMD...: the better wall time of RUNS runs; sets B_SEC, B_RSS_KB (max over runs), B_OK.
best() {
  local name="$1" ok="$2" runs="$3"; shift 3
  B_SEC="" B_RSS_KB=0 B_OK=1
  for ((i = 1; i <= runs; i++)); do
    timed "$name" "$@"
    if [[ " $ok " != *" $T_RC "* ]]; then
      B_OK=0
      say "$name failed (exit $T_RC):"; tail -n 5 "$WORK/$name.err" >&2
      return
    fi
    say "  $name run $i: ${T_SEC}s, peak RSS $((T_RSS_KB / 1024)) MB"
    if [[ -z "$B_SEC" ]] || python3 -c "import sys; sys.exit(0 if $T_SEC < $B_SEC else 1)"; then B_SEC="$T_SEC"; fi
    if ((T_RSS_KB > B_RSS_KB)); then B_RSS_KB="$T_RSS_KB"; fi
  done
  return 0
}

say "timing bulwark on the corpus"
best bulwark "0 1" 2 "$BULWARK" secrets scan "$CORPUS" --format json --output "$WORK/bulwark.json" --fail-on critical --no-progress
BW_OK=$B_OK BW_SEC=$B_SEC BW_RSS=$B_RSS_KB

say "timing bulwark on the slice"
best bulwark-slice "0 1" 2 "$BULWARK" secrets scan "$SLICE" --format json --output "$WORK/bulwark-slice.json" --fail-on critical --no-progress
BWS_OK=$B_OK BWS_SEC=$B_SEC BWS_RSS=$B_RSS_KB

RG_OK=0
if ((HAVE_RG)); then
  say "timing ripgrep (keyword search) on the corpus"
  best rg "0 1" 2 rg -i -c -F -f "$WORK/keywords.txt" "$CORPUS"
  RG_OK=$B_OK RG_SEC=$B_SEC RG_RSS=$B_RSS_KB
fi

SL_OK=0 SL_NOTE=""
if command -v npm >/dev/null 2>&1; then
  say "installing secretlint into $WORK/secretlint (npm)"
  mkdir -p "$WORK/secretlint"
  if npm install --prefix "$WORK/secretlint" --no-audit --no-fund --loglevel=error \
       secretlint @secretlint/secretlint-rule-preset-recommend >"$WORK/npm.log" 2>&1; then
    echo '{"rules":[{"id":"@secretlint/secretlint-rule-preset-recommend"}]}' >"$WORK/secretlint/.secretlintrc.json"
    say "timing secretlint on the slice"
    # Run from the install folder so it finds its config and rules; exit 1 means findings.
    (cd "$WORK/secretlint" && best secretlint "0 1" 1 npx --no-install --prefix "$WORK/secretlint" secretlint \
        --secretlintrc "$WORK/secretlint/.secretlintrc.json" --format json "$SLICE/**/*" \
      && printf '%s %s %s\n' "$B_OK" "$B_SEC" "$B_RSS_KB" >"$WORK/secretlint.best")
    read -r SL_OK SL_SEC SL_RSS <"$WORK/secretlint.best" || SL_OK=0
  else
    SL_NOTE="npm install secretlint failed (no registry access?): $(tail -n 1 "$WORK/npm.log")"
    say "$SL_NOTE"
  fi
else
  SL_NOTE="npm not found: secretlint skipped"
  say "$SL_NOTE"
fi

# ---------------------------------------------------------------------------------------------- report
export WORK CORPUS_BYTES CORPUS_FILES SLICE_BYTES BW_OK BW_SEC BW_RSS BWS_OK BWS_SEC BWS_RSS RG_OK SL_OK SL_NOTE
export RG_SEC="${RG_SEC:-}" RG_RSS="${RG_RSS:-}" SL_SEC="${SL_SEC:-}" SL_RSS="${SL_RSS:-}"
python3 - <<'PY'
import json, os

env = os.environ
work = env["WORK"]
corpus_mb = int(env["CORPUS_BYTES"]) / 1e6
slice_mb = int(env["SLICE_BYTES"]) / 1e6

rows = []
def row(tool, ok, mb, sec, rss_kb):
    if ok != "1":
        rows.append((tool, mb, None, None, None)); return None
    sec = max(float(sec), 0.01)
    rows.append((tool, mb, sec, mb / sec, int(rss_kb) / 1024)); return sec

bw = row("bulwark secrets scan", env["BW_OK"], corpus_mb, env["BW_SEC"], env["BW_RSS"])
rg = row("rg -i -c -F (keywords)", env["RG_OK"], corpus_mb, env["RG_SEC"], env["RG_RSS"])
bws = row("bulwark (slice)", env["BWS_OK"], slice_mb, env["BWS_SEC"], env["BWS_RSS"])
sl = row("secretlint (slice)", env["SL_OK"], slice_mb, env["SL_SEC"], env["SL_RSS"])

print(f"corpus: {env['CORPUS_FILES']} files, {corpus_mb:.1f} MB; slice {slice_mb:.1f} MB (MB = 10^6 bytes)")
print()
print(f"{'tool':<26}{'MB':>8}{'seconds':>10}{'MB/s':>10}{'peak RSS MB':>13}")
for tool, mb, sec, rate, rss in rows:
    if sec is None:
        print(f"{tool:<26}{mb:>8.1f}{'n/a':>10}{'n/a':>10}{'n/a':>13}")
    else:
        print(f"{tool:<26}{mb:>8.1f}{sec:>10.2f}{rate:>10.1f}{rss:>13.0f}")
if env.get("SL_NOTE"):
    print(f"note: {env['SL_NOTE']}")
print()

def line(label, value, ok):
    print(f"{'PASS' if ok else 'MISS'}  {label}: {value}")

if bw and rg:
    line("bulwark / rg wall time (target <= 3.0)", f"{bw / rg:.2f}x", bw / rg <= 3.0)
else:
    print("n/a   bulwark / rg wall time: missing figures")
if bw and sl:
    ratio = (corpus_mb / bw) / (slice_mb / sl)
    line("bulwark MB/s (corpus) / secretlint MB/s (slice) (target >= 20)", f"{ratio:.1f}x", ratio >= 20)
    if bws:
        print(f"      same-slice ratio for context: {sl / bws:.1f}x (bulwark's start-up dominates a 5 MB run)")
else:
    print("n/a   bulwark / secretlint throughput: missing figures")
if bw:
    line("bulwark tree-scan throughput (target >= 150 MB/s)", f"{corpus_mb / bw:.1f} MB/s", corpus_mb / bw >= 150)
    rss = int(env["BW_RSS"]) / 1024
    line("bulwark peak RSS (target < 300 MB)", f"{rss:.0f} MB", rss < 300)

    planted = json.load(open(os.path.join(work, "planted.json")))
    try:
        report = json.load(open(os.path.join(work, "bulwark.json")))
    except (OSError, ValueError) as e:
        report = {}
        print(f"      cannot read bulwark's JSON report: {e}")
    spots = {}
    for f in report.get("findings", []):
        loc = f["location"]
        spots.setdefault(loc["path"], []).append((loc["line"], f["ruleId"]))
    found, missed, planted_spots = 0, [], set()
    for p in planted:
        lines = range(p["line"], p["line"] + p["lines"])
        hits = [rule for (ln, rule) in spots.get(p["path"], []) if ln in lines]
        planted_spots.update((p["path"], ln) for ln in lines)
        if hits:
            found += 1
        else:
            missed.append(p)
    line("planted secrets found", f"{found}/{len(planted)}", found == len(planted))
    for p in missed:
        print(f"      missed {p['kind']} at {p['path']}:{p['line']}")
    other = [f for f in report.get("findings", []) if (f["location"]["path"], f["location"]["line"]) not in planted_spots]
    by_rule = {}
    for f in other:
        by_rule[f["ruleId"]] = by_rule.get(f["ruleId"], 0) + 1
    summary = report.get("summary", {})
    print(f"      report: {summary.get('findings')} findings, {summary.get('files')} files, {summary.get('bytes', 0) / 1e6:.1f} MB scanned;"
          f" {len(other)} findings in the machine's own files"
          + (": " + ", ".join(f"{k} {v}" for k, v in sorted(by_rule.items(), key=lambda kv: -kv[1])) if by_rule else ""))
PY
