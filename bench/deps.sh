#!/usr/bin/env bash
# Measures the dependency-audit speed targets:
#   - import of the whole PyPI advisory database in under 10 s;
#   - audit of a project with 2,000 locked packages across several lockfiles in under 1 s with a warm index;
#   - memory (peak RSS) under 200 MB.
# Imports the shared PyPA snapshot (2,661 advisories) and a larger deterministic synthetic archive (real PyPI
# advisories topped up with synthetic ones to SYN_PYPI, plus SYN_NPM npm advisories: osv.dev's real PyPI
# archive holds ~17k), then audits a generated project (pip-compile requirements with hashes, poetry.lock,
# uv.lock, package-lock.json v3: real advisory package names and versions plus filler) against both indexes:
# one cold run (the index, project and binary evicted from the page cache) and WARM_RUNS warm runs (median
# reported). Checks each JSON report: findings found, every generated manifest read, no error notices.
# Reports PASS or MISS per target and never gates: exits 0 once it has measured (2 when a prerequisite is
# missing). Wall time is what the targets name; CPU time is printed beside it because on a shared machine
# the wall time mostly measures the other processes.
#
#   ./build.sh && bash bench/deps.sh
#
# Environment: BULWARK (default artifacts/bin/bulwark), OSV_ZIP (default ../shared/osv/PyPI-all.zip beside the
# repository, else /work/shared/osv/PyPI-all.zip), PACKAGES (locked packages in the project, default 2000),
# SYN_PYPI (default 20000), SYN_NPM (default 30000), WARM_RUNS (default 5), SEED (default 20240601),
# RESULTS (default bench/results/deps.txt; empty to not write one), KEEP_WORK=1 to keep the temporary folder.
# Formats the binary does not read (probed with a small sample of each) are left out of the project; the
# 2,000 packages are spread over the formats it does read.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
BULWARK="${BULWARK:-artifacts/bin/bulwark}"
if [[ -z "${OSV_ZIP:-}" ]]; then
  OSV_ZIP="$ROOT/../shared/osv/PyPI-all.zip"
  [[ -f "$OSV_ZIP" ]] || OSV_ZIP=/work/shared/osv/PyPI-all.zip
fi
PACKAGES="${PACKAGES:-2000}"
SYN_PYPI="${SYN_PYPI:-20000}"
SYN_NPM="${SYN_NPM:-30000}"
WARM_RUNS="${WARM_RUNS:-5}"
SEED="${SEED:-20240601}"
RESULTS="${RESULTS-bench/results/deps.txt}"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/bulwark-deps-bench.XXXXXX")"
cleanup() {
  if [[ "${KEEP_WORK:-0}" == 1 ]]; then echo "kept $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

say() { printf '%s\n' "$*" >&2; }

# ---------------------------------------------------------------------------------------------- tools
if [[ ! -x /usr/bin/time && "$(id -u)" == 0 ]] && command -v apt-get >/dev/null 2>&1; then
  say "installing time (apt-get)"
  apt-get -o DPkg::Lock::Timeout=300 install -y -qq time >/dev/null 2>&1 \
    || { apt-get -o DPkg::Lock::Timeout=300 update -qq >/dev/null 2>&1 \
         && apt-get -o DPkg::Lock::Timeout=300 install -y -qq time >/dev/null 2>&1; } \
    || say "apt-get install time failed"
fi
[[ -x /usr/bin/time ]] || { say "error: /usr/bin/time (Debian package 'time') is required"; exit 2; }
command -v python3 >/dev/null 2>&1 || { say "error: python3 is required"; exit 2; }
[[ -x "$BULWARK" ]] || { say "error: $BULWARK not found: run ./build.sh first (or set BULWARK)"; exit 2; }
[[ -f "$OSV_ZIP" ]] || { say "error: $OSV_ZIP not found (set OSV_ZIP)"; exit 2; }
BULWARK="$(cd "$(dirname "$BULWARK")" && pwd)/$(basename "$BULWARK")"
GEN="$WORK/gen.py"
# The generators, the page-cache eviction and the report, in Python (standard library only).
cat >"$GEN" <<'PY'
"""Helpers of bench/deps.sh: synthetic OSV archives, the project, page-cache eviction and the report."""
import hashlib, json, os, random, re, statistics, sys, zipfile

def norm(name):
    return re.sub(r"[-_.]+", "-", name).lower()

def sha(*parts):
    return hashlib.sha256("/".join(parts).encode()).hexdigest()

# Versions in the canonical PEP 440 form only: advisories also list legacy ones (e.g. "0.6m1") no lockfile holds.
PEP440 = re.compile(r"[0-9]+(\.[0-9]+)*((a|b|rc)[0-9]+)?(\.post[0-9]+)?(\.dev[0-9]+)?")

def real_pypi(osv_zip):
    """name -> (affected versions, fixed versions) from the real archive, and its documents."""
    docs, packages = [], {}
    with zipfile.ZipFile(osv_zip) as z:
        for entry in sorted(z.namelist()):
            if not entry.endswith(".json"):
                continue
            data = z.read(entry)
            docs.append((entry, data))
            for affected in json.loads(data).get("affected", []):
                pkg = affected.get("package", {})
                if pkg.get("ecosystem") != "PyPI" or not pkg.get("name"):
                    continue
                versions, fixed = packages.setdefault(norm(pkg["name"]), (set(), set()))
                versions.update(v for v in affected.get("versions", []) if PEP440.fullmatch(v))
                for r in affected.get("ranges", []):
                    if r.get("type") == "ECOSYSTEM":
                        fixed.update(e["fixed"] for e in r.get("events", []) if "fixed" in e)
    return docs, {k: (sorted(v), sorted(f)) for k, (v, f) in packages.items() if v or f}

# ------------------------------------------------------------------------------------- synthetic names
WORDS = ("data py flask django async fast json yaml http cloud torch ml auto micro open lib core utils tools "
         "client api sdk parser stream cache crypto image text graph net queue task auth web rpc grpc log "
         "metrics trace orm sql store vector model train serve infer token schema config cli test mock").split()

def synthetic_names(rng, count):
    names, seen = [], set()
    while len(names) < count:
        n = "-".join(rng.choice(WORDS) for _ in range(3))
        if n not in seen:
            seen.add(n)
            names.append(n)
    return names

def history(rng, npm=False):
    """A release history: increasing versions, a few pre-releases on the way."""
    out, major, minor, patch = [], rng.randrange(0, 3), 0, 0
    for _ in range(rng.randrange(8, 90)):
        r = rng.random()
        if r < 0.08:
            major, minor, patch = major + 1, 0, 0
            out.append(f"{major}.0.0-rc.1" if npm else f"{major}.0.0rc1")
        elif r < 0.35:
            minor, patch = minor + 1, 0
        else:
            patch += 1
        out.append(f"{major}.{minor}.{patch}")
    return out

CVSS3 = [("AV", "NALP"), ("AC", "LH"), ("PR", "NLH"), ("UI", "NR"), ("S", "UC"), ("C", "HLN"), ("I", "HLN"), ("A", "HLN")]
CVSS4 = [("AV", "NALP"), ("AC", "LH"), ("AT", "NP"), ("PR", "NLH"), ("UI", "NPA"), ("VC", "HLN"), ("VI", "HLN"),
         ("VA", "HLN"), ("SC", "HLN"), ("SI", "HLN"), ("SA", "HLN")]

def severity(rng):
    r = rng.random()
    if r < 0.15:
        return []
    if r < 0.3:
        return [{"type": "CVSS_V4", "score": "CVSS:4.0/" + "/".join(f"{m}:{rng.choice(v)}" for m, v in CVSS4)}]
    return [{"type": "CVSS_V3", "score": "CVSS:3.1/" + "/".join(f"{m}:{rng.choice(v)}" for m, v in CVSS3)}]

LOREM = ("an attacker who controls the input can cause the library to read beyond the buffer, execute "
         "arbitrary code, bypass authentication or exhaust memory through a crafted request; the issue is "
         "reachable through the public API when untrusted data is parsed with default options ").split()

def prose(rng, words):
    return " ".join(rng.choices(LOREM, k=words)).capitalize() + "."

def ghsa(rng):
    a = "23456789cfghjmpqrvwx"
    return "GHSA-" + "-".join("".join(rng.choice(a) for _ in range(4)) for _ in range(3))

def stamp(rng):
    return f"20{rng.randrange(18, 25)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}T{rng.randrange(24):02d}:{rng.randrange(60):02d}:00Z"

def ranged_advisory(rng, ident, ecosystem, name, versions, purl):
    """introduced/fixed intervals over the release history; ECOSYSTEM ranges list the versions as osv.dev does."""
    events, listed, i = [], [], rng.randrange(0, max(1, len(versions) // 3))
    for _ in range(1 if rng.random() < 0.75 else 2):
        if i >= len(versions) - 1:
            break
        j = rng.randrange(i + 1, min(len(versions), i + 25) + 1)
        events.append({"introduced": "0" if i == 0 else versions[i]})
        listed.extend(versions[i:j])
        if j < len(versions):
            events.append({"fixed": versions[j]} if rng.random() < 0.9 else {"last_affected": versions[j - 1]})
        i = j + rng.randrange(1, 6)
    if not events:
        events = [{"introduced": "0"}]
        listed = list(versions)
    rtype = "SEMVER" if ecosystem == "npm" else "ECOSYSTEM"
    affected = {"package": {"ecosystem": ecosystem, "name": name, "purl": purl},
                "ranges": [{"type": rtype, "events": events}],
                "database_specific": {"source": f"https://github.com/github/advisory-database/blob/main/advisories/{ident}.json"}}
    if rtype == "ECOSYSTEM":
        affected["versions"] = listed
    if rng.random() < 0.3:
        affected["ranges"].append({"type": "GIT", "repo": f"https://github.com/example/{name}",
                                   "events": [{"introduced": "0"}, {"fixed": sha(ident)[:40]}]})
    cve = f"CVE-20{rng.randrange(18, 25)}-{rng.randrange(1000, 99999)}"
    return {"schema_version": "1.6.0", "id": ident, "modified": stamp(rng), "published": stamp(rng),
            "aliases": [cve], "summary": prose(rng, 10), "details": prose(rng, rng.randrange(40, 260)),
            "severity": severity(rng), "affected": [affected],
            "references": [{"type": "ADVISORY", "url": f"https://nvd.nist.gov/vuln/detail/{cve}"},
                           {"type": "WEB", "url": f"https://github.com/example/{name}/issues/{rng.randrange(1, 9999)}"},
                           {"type": "PACKAGE", "url": f"https://github.com/example/{name}"}],
            "database_specific": {"cwe_ids": [f"CWE-{rng.choice([20, 22, 79, 89, 94, 400, 502, 787])}"],
                                  "severity": rng.choice(["LOW", "MODERATE", "HIGH", "CRITICAL"]), "github_reviewed": True}}

def malicious_advisory(rng, ident, name, versions):
    """A MAL- record of the OpenSSF malicious-packages feed: every version, or the one that was bad."""
    affected = {"package": {"ecosystem": "npm", "name": name, "purl": f"pkg:npm/{name}"}}
    if rng.random() < 0.6:
        affected["ranges"] = [{"type": "SEMVER", "events": [{"introduced": "0"}]}]
    else:
        affected["versions"] = [rng.choice(versions)]
    return {"schema_version": "1.6.0", "id": ident, "modified": stamp(rng), "published": stamp(rng),
            "summary": f"Malicious code in {name} (npm)", "details": prose(rng, 30), "affected": [affected],
            "database_specific": {"malicious-packages-origins": [{"source": "ghsa-malware", "sha256": sha(ident)}]}}

def npm_pool(seed):
    rng = random.Random(seed + 2)
    names = synthetic_names(rng, 12000)
    return [f"@{n.split('-')[0]}/{'-'.join(n.split('-')[1:])}" if i % 5 == 0 else n for i, n in enumerate(names)]

def archive(osv_zip, out, pypi_total, npm_total, seed):
    os.makedirs(out, exist_ok=True)
    docs, _ = real_pypi(osv_zip)
    rng = random.Random(seed)
    pypi_names = synthetic_names(random.Random(seed + 1), 6000)
    histories = {}
    with zipfile.ZipFile(os.path.join(out, "PyPI-all.zip"), "w", zipfile.ZIP_DEFLATED) as z:
        for entry, data in docs:
            z.writestr(entry, data)
        for k in range(max(0, pypi_total - len(docs))):
            name = pypi_names[min(int(rng.paretovariate(1.2)) - 1, len(pypi_names) - 1) if rng.random() < 0.3 else rng.randrange(len(pypi_names))]
            versions = histories.setdefault(name, history(rng))
            ident = f"SYN-PYSEC-{k:06d}"
            doc = ranged_advisory(rng, ident, "PyPI", name, versions, f"pkg:pypi/{name}")
            z.writestr(f"{ident}.json", json.dumps(doc))
    names, npm_histories = npm_pool(seed), {}
    with zipfile.ZipFile(os.path.join(out, "npm-all.zip"), "w", zipfile.ZIP_DEFLATED) as z:
        for k in range(npm_total):
            name = rng.choice(names)
            versions = npm_histories.setdefault(name, history(rng, npm=True))
            if rng.random() < 0.65:
                ident = f"MAL-SYN-{k:06d}"
                doc = malicious_advisory(rng, ident, name, versions)
            else:
                ident = ghsa(rng)
                doc = ranged_advisory(rng, ident, "npm", name, versions, f"pkg:npm/{name}")
                ident = f"{ident}-{k}"
                doc["id"] = ident
            z.writestr(f"{ident}.json", json.dumps(doc))

# ------------------------------------------------------------------------------------------- project
class Picker:
    """Locked packages: ~20% named in the real advisories (a third of those at an affected version), the rest filler."""

    def __init__(self, osv_zip, seed):
        _, self.real = real_pypi(osv_zip)
        self.real_names = sorted(self.real)
        self.filler = synthetic_names(random.Random(seed + 1), 6000) + [f"acme-{w}-{i}" for i, w in enumerate(WORDS * 40)]
        self.npm = npm_pool(seed)
        self.rng = random.Random(seed + 3)

    def python(self, count):
        rng, out, seen = self.rng, [], set()
        while len(out) < count:
            if rng.random() < 0.2:
                name = rng.choice(self.real_names)
                versions, fixed = self.real[name]
                version = rng.choice(versions) if versions and (rng.random() < 0.35 or not fixed) else rng.choice(fixed)
            else:
                name = rng.choice(self.filler)
                version = f"{rng.randrange(0, 6)}.{rng.randrange(0, 30)}.{rng.randrange(0, 15)}"
            if name not in seen:
                seen.add(name)
                out.append((name, version))
        return out

    def npm_packages(self, count):
        rng, out, seen = self.rng, [], set()
        while len(out) < count:
            name = rng.choice(self.npm)
            version = f"{rng.randrange(0, 4)}.{rng.randrange(0, 12)}.{rng.randrange(0, 30)}"
            if name not in seen:
                seen.add(name)
                out.append((name, version))
        return out

def pip_compile(pkgs):
    lines = ["#", "# This file is autogenerated by pip-compile with Python 3.12", "# by the following command:", "#",
             "#    pip-compile --generate-hashes --output-file=requirements.txt requirements.in", "#"]
    for i, (n, v) in enumerate(pkgs):
        lines += [f"{n}=={v} \\", f"    --hash=sha256:{sha(n, v, 'whl')} \\", f"    --hash=sha256:{sha(n, v, 'sdist')}"]
        lines += ["    # via -r requirements.in"] if i % 4 == 0 else ["    # via", f"    #   {pkgs[i - 1][0]}", f"    #   {pkgs[(i * 7) % len(pkgs)][0]}"]
    return "\n".join(lines) + "\n"

def q(s):
    return json.dumps(s)

def poetry(pkgs):
    out = ["# This file is automatically @generated by Poetry 1.8.3 and should not be changed by hand.", ""]
    for i, (n, v) in enumerate(pkgs):
        out += ["[[package]]", f"name = {q(n)}", f"version = {q(v)}", f"description = {q('The ' + n + ' library')}",
                "optional = false", 'python-versions = ">=3.8"', 'groups = ["main"]' if i % 6 else 'groups = ["dev"]', "files = [",
                f'    {{file = {q(n.replace("-", "_") + "-" + v + "-py3-none-any.whl")}, hash = "sha256:{sha(n, v, "whl")}"}},',
                f'    {{file = {q(n + "-" + v + ".tar.gz")}, hash = "sha256:{sha(n, v, "sdist")}"}},', "]", ""]
        if i > 0 and i % 3 == 0:
            out += ["[package.dependencies]", f"{q(pkgs[i - 1][0])} = \">={pkgs[i - 1][1]}\"", ""]
    out += ["[metadata]", 'lock-version = "2.0"', 'python-versions = "^3.10"', f'content-hash = "{sha("poetry")}"']
    return "\n".join(out) + "\n"

def poetry_pyproject(pkgs):
    deps = "\n".join(f"{q(n)} = \"^{v}\"" for n, v in pkgs[::10])
    return ('[tool.poetry]\nname = "api"\nversion = "0.1.0"\ndescription = ""\nauthors = ["Bench <bench@example.com>"]\n\n'
            f'[tool.poetry.dependencies]\npython = "^3.10"\n{deps}\n\n'
            '[build-system]\nrequires = ["poetry-core"]\nbuild-backend = "poetry.core.masonry.api"\n')

def uv(pkgs):
    out = ["version = 1", 'requires-python = ">=3.10"', ""]
    for i, (n, v) in enumerate(pkgs):
        out += ["[[package]]", f"name = {q(n)}", f"version = {q(v)}", 'source = { registry = "https://pypi.org/simple" }']
        if i > 0 and i % 3 == 0:
            out += ["dependencies = [", f"    {{ name = {q(pkgs[i - 1][0])} }},", "]"]
        url = f"https://files.pythonhosted.org/packages/{sha(n)[:2]}/{sha(n)[2:4]}/{sha(n, v)[:60]}"
        out += [f'sdist = {{ url = "{url}/{n}-{v}.tar.gz", hash = "sha256:{sha(n, v, "sdist")}", size = {len(n) * 1000 + 17} }}',
                "wheels = [",
                f'    {{ url = "{url}/{n.replace("-", "_")}-{v}-py3-none-any.whl", hash = "sha256:{sha(n, v, "whl")}", size = {len(n) * 900 + 3} }},',
                "]", ""]
    out += ["[[package]]", 'name = "worker"', 'version = "0.1.0"', 'source = { virtual = "." }', "dependencies = ["]
    out += [f"    {{ name = {q(n)} }}," for n, _ in pkgs[::10]] + ["]", ""]
    return "\n".join(out)

def uv_pyproject(pkgs):
    deps = "\n".join(f"    {q(n + '>=' + v)}," for n, v in pkgs[::10])
    return f'[project]\nname = "worker"\nversion = "0.1.0"\nrequires-python = ">=3.10"\ndependencies = [\n{deps}\n]\n'

def package_lock(pkgs):
    root = {"name": "web", "version": "1.0.0", "dependencies": {n: f"^{v}" for n, v in pkgs[::10]}}
    packages = {"": root}
    for i, (n, v) in enumerate(pkgs):
        entry = {"version": v, "resolved": f"https://registry.npmjs.org/{n}/-/{n.split('/')[-1]}-{v}.tgz",
                 "integrity": "sha512-" + hashlib.sha512(f"{n}@{v}".encode()).digest().hex()[:86] + "=="}
        if i % 7 == 3:
            entry["dev"] = True
        if i > 0 and i % 3 == 0:
            entry["dependencies"] = {pkgs[i - 1][0]: f"^{pkgs[i - 1][1]}"}
        packages[f"node_modules/{n}"] = entry
    return json.dumps({"name": "web", "version": "1.0.0", "lockfileVersion": 3, "requires": True, "packages": packages}, indent=2) + "\n"

def package_json(pkgs):
    return json.dumps({"name": "web", "version": "1.0.0", "private": True,
                       "dependencies": {n: f"^{v}" for n, v in pkgs[::10]}}, indent=2) + "\n"

# format -> (folder, lockfile, writers of (file name, text) given the packages, share of the packages, ecosystem)
FORMATS = {
    "requirements": ("", "requirements.txt", lambda p: [("requirements.txt", pip_compile(p))], 4, "py"),
    "requirements-ml": ("ml", "requirements.txt", lambda p: [("requirements.txt", pip_compile(p))], 2, "py"),
    "poetry": ("services/api", "poetry.lock", lambda p: [("poetry.lock", poetry(p)), ("pyproject.toml", poetry_pyproject(p))], 4, "py"),
    "uv": ("services/worker", "uv.lock", lambda p: [("uv.lock", uv(p)), ("pyproject.toml", uv_pyproject(p))], 4, "py"),
    "npm": ("web", "package-lock.json", lambda p: [("package-lock.json", package_lock(p)), ("package.json", package_json(p))], 3, "npm"),
}

def write_format(folder, fmt, pkgs):
    os.makedirs(folder, exist_ok=True)
    for file, text in FORMATS[fmt][2](pkgs):
        with open(os.path.join(folder, file), "w") as f:
            f.write(text)

def probe(osv_zip, out, seed):
    picker = Picker(osv_zip, seed)
    for fmt, (_, lockfile, _, _, eco) in FORMATS.items():
        write_format(os.path.join(out, fmt), fmt, picker.npm_packages(3) if eco == "npm" else picker.python(3))
        with open(os.path.join(out, fmt, ".lockfile"), "w") as f:
            f.write(lockfile)

def project(osv_zip, out, total, seed, supported):
    picker = Picker(osv_zip, seed)
    chosen = [f for f in FORMATS if f in supported]
    weights = sum(FORMATS[f][3] for f in chosen)
    counts = [total * FORMATS[f][3] // weights for f in chosen]
    counts[0] += total - sum(counts)
    manifest = {"formats": {}, "files": []}
    for fmt, count in zip(chosen, counts):
        folder, lockfile, writer, _, eco = FORMATS[fmt]
        pkgs = picker.npm_packages(count) if eco == "npm" else picker.python(count)
        write_format(os.path.join(out, folder), fmt, pkgs)
        manifest["formats"][fmt] = {"lockfile": os.path.join(folder, lockfile), "packages": count,
                                    "files": [os.path.join(folder, n) for n, _ in writer(pkgs[:1])]}
    with open(os.path.join(os.path.dirname(out), "project.json"), "w") as f:
        json.dump(manifest, f)
    print(" ".join(f"{f}:{c}" for f, c in zip(chosen, counts)), file=sys.stderr)

# ------------------------------------------------------------------------------------------- helpers
def wall(time_file):
    """Wall clock ("h:mm:ss" or "m:ss.ss") and user+system CPU seconds from /usr/bin/time -v."""
    sec, cpu = "nan", 0.0
    for line in open(time_file):
        value = line.rsplit(": ", 1)[-1].strip()
        if "Elapsed (wall clock)" in line:
            sec = f"{sum(float(p) * 60 ** i for i, p in enumerate(reversed(value.split(':')))):.2f}"
        elif "User time (seconds)" in line or "System time (seconds)" in line:
            cpu += float(value)
    return f"{sec} {cpu:.2f}"

def evict(paths):
    """Drops the files' clean pages from the page cache (no root needed): the next run reads them from disk."""
    count = 0
    for top in paths:
        for folder, _, files in os.walk(top):
            for name in files:
                try:
                    fd = os.open(os.path.join(folder, name), os.O_RDONLY)
                except OSError:
                    continue
                try:
                    os.fsync(fd)
                except OSError:
                    pass
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
                os.close(fd)
                count += 1
    print(f"  evicted {count} files from the page cache", file=sys.stderr)

def report(work, import_real, import_syn, syn_pypi, syn_npm):
    proj = json.load(open(os.path.join(work, "project.json")))
    rows = []  # (label, wall s, CPU s, peak RSS MB); None figures when the run failed

    def row(label, run):
        ok, sec, cpu, rss = run
        rows.append((label, float(sec), float(cpu), int(rss) / 1024) if ok == "1" else (label, None, None, None))
        return rows[-1]

    imports = [row("import PyPI-all.zip (2,661 advisories)", import_real.split()),
               row(f"import synthetic ({int(syn_pypi):,} PyPI + {int(syn_npm):,} npm)", import_syn.split())]
    audits = {}
    for label, title in (("audit-real", "PyPI-all index"), ("audit-syn", "synthetic index")):
        runs = [l.split() for l in open(os.path.join(work, f"{label}.runs"))]
        row(f"audit cold ({title})", runs[0])
        warm = [r for r in runs[1:] if r[0] == "1"]
        if warm:
            median = lambda i: statistics.median(float(r[i]) for r in warm)
            audits[label] = rows.append((f"audit warm, median of {len(warm)} ({title})", median(1), median(2),
                                         max(int(r[3]) for r in warm) / 1024)) or rows[-1]
        else:
            audits[label] = row(f"audit warm ({title})", ["0", "", "", ""])
    locked = sum(f["packages"] for f in proj["formats"].values())
    print(f"project: {locked:,} locked packages in " + ", ".join(f"{f['lockfile']} ({f['packages']})" for f in proj["formats"].values()))
    print()
    print(f"{'step':<52}{'wall s':>8}{'CPU s':>8}{'peak RSS MB':>13}")
    for label, sec, cpu, rss in rows:
        figures = f"{'failed':>8}" if sec is None else f"{sec:>8.2f}{cpu:>8.2f}{rss:>13.0f}"
        print(f"{label:<52}{figures}")
    print("(CPU = user + system seconds; wall time on a loaded machine can exceed it, see the load average above)")
    print()

    def line(label, step, limit):
        sec = step[1]
        print(f"{'PASS' if sec is not None and sec < limit else 'MISS'}  {label} < {limit:g} s: "
              + ("failed" if sec is None else f"{sec:.2f} s"))
    line("import of the whole PyPI database (PyPI-all.zip)", imports[0], 10)
    line(f"import at osv.dev scale ({int(syn_pypi):,} PyPI + {int(syn_npm):,} npm)", imports[1], 10)
    line(f"audit of {locked:,} locked packages, warm (PyPI-all index)", audits["audit-real"], 1)
    line(f"audit of {locked:,} locked packages, warm (synthetic index)", audits["audit-syn"], 1)
    for label, _, _, rss in rows:
        if rss is not None and rss >= 200:
            print(f"MISS  peak RSS < 200 MB: {label}: {rss:.0f} MB")
    if all(rss is not None and rss < 200 for _, _, _, rss in rows):
        print(f"PASS  peak RSS < 200 MB in every run: at most {max(r[3] for r in rows):.0f} MB")
    # Sanity: findings, every generated manifest read, no error notices.
    expected = sorted(p for f in proj["formats"].values() for p in f["files"])
    for label in ("audit-real", "audit-syn"):
        path = os.path.join(work, f"{label}-1.json")
        try:
            rep = json.load(open(path))
        except (OSError, ValueError) as e:
            print(f"FAIL  {label}: no JSON report ({e})")
            continue
        errors = [n for n in rep.get("notices", []) if n.get("level") == "error"]
        files = rep.get("summary", {}).get("files")
        advisories = [f for f in rep.get("findings", []) if not f["ruleId"].startswith("deps-")]
        vulnerable = {(f["location"]["path"], f["properties"].get("package"), f["properties"].get("version")) for f in advisories}
        hygiene = len(rep.get("findings", [])) - len(advisories)
        paths = sorted({f["location"]["path"] for f in rep.get("findings", [])})
        ok = rep.get("summary", {}).get("findings", 0) > 0 and not errors and files == len(expected)
        print(f"{'OK  ' if ok else 'FAIL'}  {label} report: {len(advisories):,} advisory findings on {len(vulnerable):,} vulnerable packages in {len(paths)} files,"
              f" {hygiene:,} hygiene findings;"
              f" {files} of {len(expected)} manifests read; {len(errors)} error notices")
        for n in errors[:5]:
            print(f"      error: {n.get('path')}: {n.get('message')}")

if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "wall":
        print(wall(args[0]))
    elif cmd == "archive":
        archive(args[0], args[1], int(args[2]), int(args[3]), int(args[4]))
    elif cmd == "probe":
        probe(args[0], args[1], int(args[2]))
    elif cmd == "project":
        project(args[0], args[1], int(args[2]), int(args[3]), set(args[4:]))
    elif cmd == "evict":
        evict(args)
    elif cmd == "report":
        report(*args)
PY

# timed NAME OKCODES CMD...: runs CMD under /usr/bin/time -v; sets T_SEC (wall), T_CPU (user+sys), T_RSS_KB;
# T_OK=0 on another exit code.
timed() {
  local name="$1" ok="$2"; shift 2
  local rc
  set +e
  /usr/bin/time -v -o "$WORK/$name.time" "$@" >"$WORK/$name.out" 2>"$WORK/$name.err"
  rc=$?
  set -e
  read -r T_SEC T_CPU < <(python3 "$GEN" wall "$WORK/$name.time")
  T_RSS_KB="$(awk -F': ' '/Maximum resident set size/ {print $2}' "$WORK/$name.time")"
  T_RSS_KB="${T_RSS_KB:-0}"
  T_OK=1
  if [[ " $ok " != *" $rc "* ]]; then
    T_OK=0
    say "$name failed (exit $rc):"; tail -n 5 "$WORK/$name.err" >&2
  else
    say "  $name: ${T_SEC}s wall, ${T_CPU}s CPU, peak RSS $((T_RSS_KB / 1024)) MB"
  fi
}

# ---------------------------------------------------------------------------------------------- imports
say "importing $OSV_ZIP into a fresh data dir"
timed import-real 0 "$BULWARK" --data-dir "$WORK/data-real" deps db update --source "$OSV_ZIP"
IMPORT_REAL="$T_OK $T_SEC $T_CPU $T_RSS_KB"

say "generating a synthetic OSV archive: $SYN_PYPI PyPI (the real ones included) + $SYN_NPM npm advisories"
python3 "$GEN" archive "$OSV_ZIP" "$WORK/synthetic" "$SYN_PYPI" "$SYN_NPM" "$SEED"
say "importing the synthetic archive ($(du -sm "$WORK/synthetic" | cut -f1) MB zipped) into a fresh data dir"
timed import-syn 0 "$BULWARK" --data-dir "$WORK/data-syn" deps db update \
  --source "$WORK/synthetic/PyPI-all.zip" --source "$WORK/synthetic/npm-all.zip"
IMPORT_SYN="$T_OK $T_SEC $T_CPU $T_RSS_KB"
cp "$WORK/import-syn.out" "$WORK/import-syn.summary" 2>/dev/null || true

# ---------------------------------------------------------------------------------------------- project
# Each format is probed with a three-package sample; the project uses the ones this binary reads.
say "probing which manifest formats $BULWARK reads"
python3 "$GEN" probe "$OSV_ZIP" "$WORK/probe" "$SEED"
SUPPORTED=()
for dir in "$WORK"/probe/*/; do
  fmt="$(basename "$dir")"
  file="$(cat "$dir/.lockfile")"
  set +e
  "$BULWARK" --data-dir "$WORK/data-real" deps audit "$dir$file" --format json --output "$WORK/probe-$fmt.json" \
    --no-progress >/dev/null 2>"$WORK/probe-$fmt.err"
  rc=$?
  set -e
  if [[ "$rc" == 0 || "$rc" == 1 ]]; then SUPPORTED+=("$fmt"); else say "  $fmt: not read ($(head -n 1 "$WORK/probe-$fmt.err"))"; fi
done
say "  formats read: ${SUPPORTED[*]}"
python3 "$GEN" project "$OSV_ZIP" "$WORK/project" "$PACKAGES" "$SEED" "${SUPPORTED[@]}"

# ---------------------------------------------------------------------------------------------- audits
evict() { python3 "$GEN" evict "$@" "$(dirname "$(readlink -f "$BULWARK")")" "$WORK/project"; }

# audit LABEL DATADIR: one cold run, then WARM_RUNS warm runs; writes LABEL.runs ("ok wall cpu rss" per line).
audit() {
  local label="$1" data="$2"
  : >"$WORK/$label.runs"
  evict "$data"
  for ((i = 0; i <= WARM_RUNS; i++)); do
    timed "$label-$i" "0 1" "$BULWARK" --data-dir "$data" deps audit "$WORK/project" \
      --format json --output "$WORK/$label-$i.json" --no-progress
    echo "$T_OK $T_SEC $T_CPU $T_RSS_KB" >>"$WORK/$label.runs"
  done
}
say "auditing the project against the PyPI-all index (run 0 cold)"
audit audit-real "$WORK/data-real"
say "auditing the project against the synthetic index (run 0 cold)"
audit audit-syn "$WORK/data-syn"

# ---------------------------------------------------------------------------------------------- report
{
  printf '# bench/deps.sh on %s, %s cores, %s; bulwark %s at commit %s; load average %s\n' \
    "$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)" "$(nproc)" "$(date -u +%Y-%m-%dT%H:%MZ)" \
    "$("$BULWARK" --version)" "$(git rev-parse --short HEAD 2>/dev/null || echo unknown)" \
    "$(cut -d' ' -f1-3 /proc/loadavg)"
  python3 "$GEN" report "$WORK" "$IMPORT_REAL" "$IMPORT_SYN" "$SYN_PYPI" "$SYN_NPM"
} | tee "$WORK/report.txt"
if [[ -n "$RESULTS" ]]; then
  cp "$WORK/report.txt" "$RESULTS"
  say "wrote $RESULTS"
fi
exit 0
