#!/usr/bin/env bash
# Times a git-history secret scan (`bulwark secrets scan --history`) against `git log -p --all` — git
# reading and diffing every commit, the floor for any history scanner — on the same deterministic
# 10,000-commit repository, built with `git fast-import` in a temporary folder: a dozen source files of
# realistic text that change a little in each commit, a side branch, and a few planted fake secrets.
# Prints both wall times, their ratio (target <= 2.0), bulwark's peak RSS (target < 300 MB) and how many
# planted secrets bulwark reported with the commit that introduced them. Reports; never gates (exits 0
# once the repository is built).
#
#   bash bench/compare/history.sh
#
# Environment: BULWARK (default artifacts/bin/bulwark), COMMITS (default 10000), RUNS (default 3; the best
# wall time counts), SEED (default 20240601), CONFIG (a gitleaks-format rules file passed as --config;
# default: bulwark's built-in rules), KEEP_WORK=1 to keep the temporary folder.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
BULWARK="${BULWARK:-artifacts/bin/bulwark}"
COMMITS="${COMMITS:-10000}"
RUNS="${RUNS:-3}"
SEED="${SEED:-20240601}"
CONFIG="${CONFIG:-}"

say() { printf '%s\n' "$*" >&2; }

command -v git >/dev/null 2>&1 || { say "error: git is required"; exit 2; }
[[ -x "$BULWARK" ]] || { say "error: $BULWARK not found: run ./build.sh first (or set BULWARK)"; exit 2; }
[[ -z "$CONFIG" || -f "$CONFIG" ]] || { say "error: CONFIG file $CONFIG not found"; exit 2; }
BULWARK="$(cd "$(dirname "$BULWARK")" && pwd)/$(basename "$BULWARK")"
HAVE_TIME=0
[[ -x /usr/bin/time ]] && /usr/bin/time -f '%e' true >/dev/null 2>&1 && HAVE_TIME=1
((HAVE_TIME)) || say "/usr/bin/time (GNU) not found: plain wall times, no peak memory"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/bulwark-history-bench.XXXXXX")"
cleanup() {
  if [[ "${KEEP_WORK:-0}" == 1 ]]; then say "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
REPO="$WORK/repo"

# ------------------------------------------------------------------------------------------ repository
# One awk program writes the whole fast-import stream. Its random numbers come from its own Park-Miller
# generator (exact in double arithmetic), so every awk builds the same repository for the same SEED.
# Content is ASCII only, so awk's character counts are the byte counts fast-import needs.
say "building a ${COMMITS}-commit repository in $REPO"
LC_ALL=C awk -v commits="$COMMITS" -v seed="$SEED" -v planted_file="$WORK/planted.txt" '
function rnd(n) { state = (state * 16807) % 2147483647; return state % n }
function pick(alphabet, n,    s, i) { s = ""; for (i = 0; i < n; i++) s = s substr(alphabet, rnd(length(alphabet)) + 1, 1); return s }
function ident(    w) { w = words[rnd(nwords) + 1]; return w toupper(substr(words[rnd(nwords) + 1], 1, 1)) substr(words[rnd(nwords) + 1], 2) }
function source_line(f,    kind, id) {
  kind = rnd(10); id = ident()
  if (ext[f] == "py") {
    if (kind < 3) return "    " id " = compute_" words[rnd(nwords) + 1] "(" ident() ", limit=" rnd(1000) ")"
    if (kind < 5) return "    if " id " > " rnd(500) ":"
    if (kind < 7) return "        log.debug(\"" words[rnd(nwords) + 1] " %s\", " id ")"
    if (kind < 8) return "    # " words[rnd(nwords) + 1] " the " words[rnd(nwords) + 1] " before " words[rnd(nwords) + 1] "ing it"
    return "    return " id " * " rnd(97) " + " ident()
  }
  if (ext[f] == "go") {
    if (kind < 3) return "\t" id " := " words[rnd(nwords) + 1] "." toupper(substr(id, 1, 1)) substr(id, 2) "(ctx, " rnd(4096) ")"
    if (kind < 5) return "\tif err != nil {\n\t\treturn fmt.Errorf(\"" words[rnd(nwords) + 1] ": %w\", err)\n\t}"
    if (kind < 7) return "\t// " words[rnd(nwords) + 1] " keeps the " words[rnd(nwords) + 1] " bounded"
    return "\tresult = append(result, " id "[" rnd(64) ":])"
  }
  if (kind < 3) return "  const " id " = await this." ident() "(" rnd(300) ", \"" words[rnd(nwords) + 1] "\");"
  if (kind < 5) return "  if (" id ".length > " rnd(80) ") { throw new Error(\"" words[rnd(nwords) + 1] " too long\"); }"
  if (kind < 7) return "  // " words[rnd(nwords) + 1] " " words[rnd(nwords) + 1] " " words[rnd(nwords) + 1]
  return "  " id " += " rnd(1000) ";"
}
function emit_file(f,    text, i) {
  text = header[f]
  for (i = 1; i <= nlines[f]; i++) text = text body[f, i] "\n"
  printf "M 100644 inline %s\ndata %d\n%s\n", path[f], length(text), text
}
function emit_blob(p, text) { printf "M 100644 inline %s\ndata %d\n%s\n", p, length(text), text }
function plant(n, kind, p) { print n " " kind " " p > planted_file }
BEGIN {
  state = seed % 2147483646 + 1
  nwords = split("account buffer cache client config cursor deploy digest encode entry event fetch filter " \
    "handler index journal ledger loader mapper member metric order packet parser policy queue record " \
    "render report request retry router sample schema session signal source stream tenant ticket token " \
    "update upload vendor widget window worker", words, " ")
  names = "billing/invoice.py billing/tax.py api/server.go api/routes.go api/auth.go web/app.ts web/store.ts " \
    "web/api.ts jobs/sync.py jobs/export.py core/cache.go core/queue.go"
  nfiles = split(names, path, " ")
  alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
  b32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
  for (f = 1; f <= nfiles; f++) {
    n = split(path[f], parts, "."); ext[f] = parts[n]
    if (ext[f] == "py") header[f] = "import logging\n\nlog = logging.getLogger(__name__)\n\n\ndef run(" ident() ", limit):\n"
    else if (ext[f] == "go") header[f] = "package main\n\nimport (\n\t\"context\"\n\t\"fmt\"\n)\n\nfunc run(ctx context.Context) (result []string, err error) {\n"
    else header[f] = "export class " toupper(substr(ident(), 1, 1)) "Service {\n async run(): Promise<void> {\n"
    nlines[f] = 120 + rnd(120)
    for (i = 1; i <= nlines[f]; i++) body[f, i] = source_line(f)
  }
  base = 1600000000
  mark = 0
  for (c = 1; c <= commits; c++) {
    # The side branch forks at 70% of history and is never merged: only --all sees it.
    side = (c > commits * 0.7 && c % 50 == 0)
    ref = side ? "refs/heads/feature/reporting" : "refs/heads/main"
    dev = rnd(7)
    when = base + c * 900
    printf "commit %s\nmark :%d\n", ref, c
    printf "author Dev %d <dev%d@example.com> %d +0000\n", dev, dev, when
    printf "committer Dev %d <dev%d@example.com> %d +0000\n", dev, dev, when
    msg = "Tweak " words[rnd(nwords) + 1] " handling (" c ")\n"
    printf "data %d\n%s", length(msg), msg
    if (side) { printf "from %s\n", (lastside ? ":" lastside : ":" lastmain) } else if (lastmain) { printf "from :%d\n", lastmain }
    if (c == 1) { for (f = 1; f <= nfiles; f++) emit_file(f) }
    else {
      touched = 1 + rnd(2)
      for (t = 0; t < touched; t++) {
        f = rnd(nfiles) + 1
        edits = 1 + rnd(3)
        for (e = 0; e < edits; e++) {
          i = rnd(nlines[f]) + 1
          if (rnd(4) == 0 && nlines[f] < 400) { nlines[f]++; for (j = nlines[f]; j > i; j--) body[f, j] = body[f, j - 1] }
          body[f, i] = source_line(f)
        }
        emit_file(f)
      }
    }
    # Planted fake secrets, each introduced once and later removed.
    if (c == int(commits * 0.12)) { emit_blob("deploy/.env", "DATABASE_URL=postgres://app@db/app\nGITHUB_TOKEN=ghp_" pick(alnum, 36) "\n"); plant(c, "github-pat", "deploy/.env") }
    if (c == int(commits * 0.12) + 3) printf "D deploy/.env\n"
    if (c == int(commits * 0.45)) { emit_blob("scripts/upload.sh", "#!/bin/sh\nexport AWS_ACCESS_KEY_ID=AKIA" pick(b32, 16) "\naws s3 cp build s3://bucket --recursive\n"); plant(c, "aws-access-key", "scripts/upload.sh") }
    if (c == int(commits * 0.45) + 40) printf "D scripts/upload.sh\n"
    if (side && !lastside) { emit_blob("notify/slack.py", "SLACK_BOT_TOKEN = \"xoxb-" pick("0123456789", 12) "-" pick("0123456789", 13) "-" pick(alnum, 24) "\"\n"); plant(c, "slack-bot-token", "notify/slack.py") }
    if (c == int(commits * 0.9)) { emit_blob("ml/settings.toml", "[hub]\ntoken = \"hf_" pick("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", 34) "\"\n"); plant(c, "huggingface", "ml/settings.toml") }
    printf "\n"
    if (side) lastside = c; else lastmain = c
  }
}' >"$WORK/stream.fi"

git init -q -b main "$REPO"
git -C "$REPO" fast-import --quiet --export-marks="$WORK/marks.txt" <"$WORK/stream.fi"
# A real repository is packed with good deltas; fast-import's pack is not.
# Not -q: git 2.39 fails "bad revision 0.00" on the first quiet repack of a fast-import pack (seen here).
git -C "$REPO" gc --prune=now </dev/null >/dev/null 2>&1 || git -C "$REPO" gc --prune=now </dev/null
rm -f "$WORK/stream.fi"
say "repository: $(git -C "$REPO" rev-list --all --count) commits, $(du -sh "$REPO/.git" | cut -f1) .git"

# -------------------------------------------------------------------------------------------- timing
# timed NAME CMD...: runs CMD (stdout to /dev/null); sets T_SEC, T_RSS_KB (0 without GNU time), T_RC.
timed() {
  local name="$1"; shift
  set +e
  if ((HAVE_TIME)); then
    /usr/bin/time -f '%e %M' -o "$WORK/$name.time" "$@" >/dev/null 2>"$WORK/$name.err"
    T_RC=$?
    read -r T_SEC T_RSS_KB < <(tail -n 1 "$WORK/$name.time")
  else
    local start end
    start=$(date +%s.%N)
    "$@" >/dev/null 2>"$WORK/$name.err"
    T_RC=$?
    end=$(date +%s.%N)
    T_SEC=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }')
    T_RSS_KB=0
  fi
  set -e
}

# best NAME OKCODES CMD...: the best wall time of RUNS runs after one warm-up; sets B_SEC, B_RSS_KB (max), B_OK.
best() {
  local name="$1" ok="$2"; shift 2
  B_SEC="" B_RSS_KB=0 B_OK=1
  for ((i = 0; i <= RUNS; i++)); do
    timed "$name" "$@"
    if [[ " $ok " != *" $T_RC "* ]]; then
      B_OK=0
      say "$name failed (exit $T_RC):"; tail -n 5 "$WORK/$name.err" >&2
      return 0
    fi
    ((i == 0)) && continue
    say "  $name run $i: ${T_SEC}s$( ((T_RSS_KB)) && echo ", peak RSS $((T_RSS_KB / 1024)) MB")"
    if [[ -z "$B_SEC" ]] || awk -v a="$T_SEC" -v b="$B_SEC" 'BEGIN { exit !(a < b) }'; then B_SEC="$T_SEC"; fi
    if ((T_RSS_KB > B_RSS_KB)); then B_RSS_KB="$T_RSS_KB"; fi
  done
}

say "timing git log -p --all"
best git-log "0" git -C "$REPO" log -p --all
GIT_OK=$B_OK GIT_SEC=$B_SEC GIT_RSS=$B_RSS_KB

say "timing bulwark secrets scan --history"
ARGS=(secrets scan --history "$REPO" --format json --output "$WORK/report.json" --no-progress --fail-on critical)
[[ -n "$CONFIG" ]] && ARGS+=(--config "$CONFIG")
# 0: clean, 1: findings at --fail-on or above.
best bulwark "0 1" "$BULWARK" "${ARGS[@]}"
BW_OK=$B_OK BW_SEC=$B_SEC BW_RSS=$B_RSS_KB

# -------------------------------------------------------------------------------------------- report
line() { printf '%s  %s: %s\n' "$([[ "$3" == 1 ]] && echo PASS || echo MISS)" "$1" "$2"; }
echo "repository: $COMMITS commits (fast-import, seed $SEED), best of $RUNS runs after a warm-up"
echo
printf '%-40s%10s%14s\n' "command" "seconds" "peak RSS MB"
if ((GIT_OK)); then printf '%-40s%10s%14s\n' "git log -p --all" "$GIT_SEC" "$( ((GIT_RSS)) && echo $((GIT_RSS / 1024)) || echo n/a)"; else printf '%-40s%10s\n' "git log -p --all" "failed"; fi
if ((BW_OK)); then
  printf '%-40s%10s%14s\n' "bulwark secrets scan --history" "$BW_SEC" "$( ((BW_RSS)) && echo $((BW_RSS / 1024)) || echo n/a)"
else
  printf '%-40s%10s\n' "bulwark secrets scan --history" "failed"
fi
echo
if ((GIT_OK && BW_OK)); then
  ratio=$(awk -v a="$BW_SEC" -v b="$GIT_SEC" 'BEGIN { printf "%.2f", a / (b > 0.01 ? b : 0.01) }')
  line "bulwark / git log -p wall time (target <= 2.0)" "${ratio}x" "$(awk -v r="$ratio" 'BEGIN { print (r <= 2.0) }')"
fi
if ((BW_OK)); then
  if ((BW_RSS)); then
    line "bulwark peak RSS (target < 300 MB)" "$((BW_RSS / 1024)) MB" "$((BW_RSS / 1024 < 300))"
  fi
  # Each planted secret must be reported with the commit that introduced it.
  found=0 total=0
  while read -r mark kind file; do
    total=$((total + 1))
    sha=$(awk -v m=":$mark" '$1 == m { print $2 }' "$WORK/marks.txt")
    # In a finding, the commit object follows its location's path within a few lines.
    if grep -F -A 12 "\"path\": \"$file\"" "$WORK/report.json" | grep -q -F "\"sha\": \"$sha\""; then
      found=$((found + 1))
    else
      echo "      missed $kind planted in commit $mark ($file)"
    fi
  done <"$WORK/planted.txt"
  line "planted secrets reported with their introducing commit" "$found/$total" "$((found == total))"
  findings=$(grep -c '"ruleId"' "$WORK/report.json" || true)
  echo "      report: $findings findings in all"
fi
