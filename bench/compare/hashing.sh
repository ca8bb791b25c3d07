#!/usr/bin/env bash
# Times `bulwark hash` (OMS model-signing serialization: files and shards methods) against `openssl dgst
# -sha256` (one process, files in sequence) and `sha256sum`, on deterministic data: one 2 GiB file, a folder
# of 8 × 256 MiB files, and a folder of 2,000 small files. Content comes from AES-128-CTR over zeros with a
# fixed key, so every run hashes the same bytes. Reports; never gates (exits 0 once the data is built).
#
#   bash bench/compare/hashing.sh
#
# Environment: BULWARK (default artifacts/bin/bulwark), BIG_MB (default 2048), PART_MB (default 256),
# PARTS (default 8), SMALL_FILES (default 2000), SHARD_SIZE (default 1000000000, the reference default),
# RUNS (default 3, best wall time kept), CACHE (cold or warm; default cold as root, else warm),
# KEEP_WORK=1 to keep the temporary folder.
# Cache: cold drops the page cache before every timed run (needs root; cold reads for every tool alike);
# warm reads each input once untimed first, so every tool sees the same warm cache.
# MB here is 10^6 bytes; throughput = bytes hashed / best wall time.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
BULWARK="${BULWARK:-artifacts/bin/bulwark}"
BIG_MB="${BIG_MB:-2048}"
PART_MB="${PART_MB:-256}"
PARTS="${PARTS:-8}"
SMALL_FILES="${SMALL_FILES:-2000}"
SHARD_SIZE="${SHARD_SIZE:-1000000000}"
RUNS="${RUNS:-3}"
OUT="$ROOT/bench/results/hashing-compare.txt"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/bulwark-hashing-bench.XXXXXX")"
cleanup() {
  if [[ "${KEEP_WORK:-0}" == 1 ]]; then echo "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

say() { printf '%s\n' "$*" >&2; }

[[ -x /usr/bin/time ]] || { say "error: /usr/bin/time (Debian package 'time') is required"; exit 2; }
command -v openssl >/dev/null 2>&1 || { say "error: openssl is required"; exit 2; }
command -v sha256sum >/dev/null 2>&1 || { say "error: sha256sum is required"; exit 2; }
[[ -x "$BULWARK" ]] || { say "error: $BULWARK not found: run ./build.sh first (or set BULWARK)"; exit 2; }

# ----------------------------------------------------------------------------------------------- data
KEY=000102030405060708090a0b0c0d0e0f
# generate FILE MIB IV: MIB mebibytes of AES-CTR keystream for the given 16-byte hex IV.
generate() {
  openssl enc -aes-128-ctr -nosalt -K "$KEY" -iv "$3" -in /dev/zero 2>/dev/null | head -c "$(($2 * 1048576))" >"$1" || true
  [[ "$(stat -c %s "$1")" == "$(($2 * 1048576))" ]] || { say "error: could not generate $1"; exit 2; }
}
say "building data in $WORK (${BIG_MB} MiB file, ${PARTS} × ${PART_MB} MiB, ${SMALL_FILES} small files)"
generate "$WORK/big.bin" "$BIG_MB" 00000000000000000000000000000001
mkdir -p "$WORK/parts" "$WORK/small"
for ((i = 1; i <= PARTS; i++)); do
  generate "$WORK/parts/part-$(printf '%02d' "$i").bin" "$PART_MB" "$(printf '%032x' $((i + 100)))"
done
# Small files: 1–64 KiB slices of one keystream, sizes from a fixed linear congruential sequence.
generate "$WORK/small.pool" 128 00000000000000000000000000000002
python3 - "$WORK/small.pool" "$WORK/small" "$SMALL_FILES" <<'PY'
import os, sys
pool = open(sys.argv[1], "rb").read()
state, offset = 12345, 0
for i in range(int(sys.argv[3])):
    state = (state * 1103515245 + 12345) % 2**31
    size = 1024 + state % (63 * 1024)
    if offset + size > len(pool):
        offset = 0
    folder = os.path.join(sys.argv[2], f"d{i % 20:02d}")
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, f"f{i:05d}.bin"), "wb") as f:
        f.write(pool[offset:offset + size])
    offset += size
PY
rm -f "$WORK/small.pool"
bytes_of() { find "$1" -type f -printf '%s\n' | awk '{s += $1} END {print s}'; }

# ------------------------------------------------------------------------------------------- measure
COLD=0
if [[ "$(id -u)" == 0 ]] && [[ -w /proc/sys/vm/drop_caches ]]; then COLD=1; fi
case "${CACHE:-}" in
  warm) COLD=0 ;;
  cold) ((COLD)) || { say "error: CACHE=cold needs root (to write /proc/sys/vm/drop_caches)"; exit 2; } ;;
  "") ;;
  *) say "error: CACHE must be cold or warm"; exit 2 ;;
esac
prepare() {
  if ((COLD)); then sync; echo 3 >/proc/sys/vm/drop_caches; else find "$1" -type f -exec cat {} + >/dev/null; fi
}
# measure NAME INPUT CMD...: best wall seconds over RUNS and the peak RSS (KiB) of that run.
declare -A WALL RSS
measure() {
  local name="$1" input="$2"; shift 2
  local best="" best_rss=0
  for ((r = 1; r <= RUNS; r++)); do
    prepare "$input"
    if ! /usr/bin/time -v -o "$WORK/time.txt" "$@" >"$WORK/out.txt" 2>"$WORK/err.txt"; then
      say "$name failed: $(head -c 400 "$WORK/err.txt")"; WALL[$name]=""; RSS[$name]=""; return
    fi
    local wall rss
    wall="$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s}' "$WORK/time.txt")"
    rss="$(awk -F': ' '/Maximum resident set size/ {print $2}' "$WORK/time.txt")"
    if [[ -z "$best" ]] || awk -v a="$wall" -v b="$best" 'BEGIN {exit !(a < b)}'; then best="$wall"; best_rss="$rss"; fi
  done
  WALL[$name]="$best"; RSS[$name]="$best_rss"
  say "$name: ${best}s, peak ${best_rss} KiB"
}

BIG="$WORK/big.bin"; PARTS_DIR="$WORK/parts"; SMALL_DIR="$WORK/small"
mapfile -t PART_FILES < <(find "$PARTS_DIR" -type f | LC_ALL=C sort)
mapfile -t SMALL_LIST < <(find "$SMALL_DIR" -type f | LC_ALL=C sort)

measure bulwark-big "$BIG" "$BULWARK" hash "$BIG" --format json
measure bulwark-big-shards "$BIG" "$BULWARK" hash "$BIG" --method shards --shard-size "$SHARD_SIZE" --format json
measure openssl-big "$BIG" openssl dgst -sha256 "$BIG"
measure sha256sum-big "$BIG" sha256sum "$BIG"
measure bulwark-parts "$PARTS_DIR" "$BULWARK" hash "$PARTS_DIR" --format json
measure openssl-parts "$PARTS_DIR" openssl dgst -sha256 "${PART_FILES[@]}"
measure sha256sum-parts "$PARTS_DIR" sha256sum "${PART_FILES[@]}"
measure bulwark-small "$SMALL_DIR" "$BULWARK" hash "$SMALL_DIR" --format json
measure openssl-small "$SMALL_DIR" openssl dgst -sha256 "${SMALL_LIST[@]}"
measure sha256sum-small "$SMALL_DIR" sha256sum "${SMALL_LIST[@]}"

# ------------------------------------------------------------------------------------------- report
BIG_BYTES="$(bytes_of "$BIG")"; PARTS_BYTES="$(bytes_of "$PARTS_DIR")"; SMALL_BYTES="$(bytes_of "$SMALL_DIR")"
mbs() { [[ -n "${WALL[$1]}" ]] && awk -v b="$2" -v s="${WALL[$1]}" 'BEGIN {printf "%.0f", (s > 0 ? b / 1e6 / s : 0)}' || printf 'n/a'; }
ratio() { [[ -n "${WALL[$1]}" && -n "${WALL[$2]}" ]] && awk -v a="${WALL[$1]}" -v b="${WALL[$2]}" 'BEGIN {printf "%.2f", (a > 0 ? b / a : 0)}' || printf 'n/a'; }
verdict() { [[ "$1" == n/a ]] && printf 'MISS' || awk -v r="$1" -v t="$2" 'BEGIN {print (r >= t ? "PASS" : "MISS")}'; }
peak_mb() { [[ -n "${RSS[$1]}" ]] && awk -v k="${RSS[$1]}" 'BEGIN {printf "%.0f", k * 1024 / 1e6}' || printf 'n/a'; }
max_peak=0
for n in bulwark-big bulwark-big-shards bulwark-parts bulwark-small; do
  p="$(peak_mb "$n")"; [[ "$p" != n/a ]] && ((p > max_peak)) && max_peak="$p"
done

{
  echo "# bulwark hash vs openssl dgst -sha256 / sha256sum — $(date -u +%Y-%m-%d) on $(nproc) cores, $(awk '/model name/ {sub(/.*: /, ""); print; exit}' /proc/cpuinfo)"
  echo "# cache: $([[ $COLD == 1 ]] && echo 'dropped before every run (cold)' || echo 'warmed before every run (warm)'); best of $RUNS runs; MB = 10^6 bytes"
  printf '%-22s %10s %10s %10s %10s\n' input bulwark openssl sha256sum "peak MB"
  printf '%-22s %10s %10s %10s %10s\n' "${BIG_MB} MiB file" "$(mbs bulwark-big "$BIG_BYTES")" "$(mbs openssl-big "$BIG_BYTES")" "$(mbs sha256sum-big "$BIG_BYTES")" "$(peak_mb bulwark-big)"
  printf '%-22s %10s %10s %10s %10s\n' "same, shards" "$(mbs bulwark-big-shards "$BIG_BYTES")" "$(mbs openssl-big "$BIG_BYTES")" "$(mbs sha256sum-big "$BIG_BYTES")" "$(peak_mb bulwark-big-shards)"
  printf '%-22s %10s %10s %10s %10s\n' "${PARTS} × ${PART_MB} MiB" "$(mbs bulwark-parts "$PARTS_BYTES")" "$(mbs openssl-parts "$PARTS_BYTES")" "$(mbs sha256sum-parts "$PARTS_BYTES")" "$(peak_mb bulwark-parts)"
  printf '%-22s %10s %10s %10s %10s\n' "${SMALL_FILES} small files" "$(mbs bulwark-small "$SMALL_BYTES")" "$(mbs openssl-small "$SMALL_BYTES")" "$(mbs sha256sum-small "$SMALL_BYTES")" "$(peak_mb bulwark-small)"
  echo
  printf '%-40s %8s %8s %s\n' target ratio goal verdict
  r="$(ratio bulwark-big openssl-big)";               printf '%-40s %8s %8s %s\n' "big file, files method vs openssl" "$r" "0.90" "$(verdict "$r" 0.9)"
  r="$(ratio bulwark-parts openssl-parts)";           printf '%-40s %8s %8s %s\n' "folder vs one openssl over the files" "$r" "1.70" "$(verdict "$r" 1.7)"
  r="$(ratio bulwark-big-shards openssl-big)";        printf '%-40s %8s %8s %s\n' "big file, shards vs openssl" "$r" "1.70" "$(verdict "$r" 1.7)"
  printf '%-40s %8s %8s %s\n' "peak memory (MB)" "$max_peak" "<200" "$(awk -v m="$max_peak" 'BEGIN {print (m < 200 ? "PASS" : "MISS")}')"
} | tee "$OUT"
