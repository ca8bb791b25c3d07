#!/usr/bin/python3
"""Independent oracle for `bulwark deps audit` on PyPI pins.

Reads an OSV archive (the per-ecosystem all.zip layout: one <ID>.json per advisory) and the exact pins of
pip-style requirements files (`name==version` lines) and Poetry lockfiles (`[[package]]` name/version), and
prints one `file package version advisory-id` line per affected pin, sorted. Every advisory is evaluated by
the OSV schema's `IsVulnerable` pseudocode (https://ossf.github.io/osv-schema/#evaluation):

- only `affected[]` entries whose package is ecosystem "PyPI" and whose PEP 503-normalised name matches;
- a pin listed in `versions[]` is affected;
- each ECOSYSTEM range: skipped unless the pin is below one of its `limit` events (no limit = no bound);
  events sorted by PEP 440 version (`introduced: "0"` first; at equal versions `fixed`/`last_affected`
  before `introduced`, so a version both fixed and re-introduced counts as affected), then walked:
  introduced <= v -> affected, fixed <= v -> not affected, last_affected < v -> not affected;
- GIT (and SEMVER) ranges are ignored: the pins are PyPI release versions, not commits;
- withdrawn advisories are skipped.

Written from the specification only; shares no code with Bulwark. Needs Debian's python3-packaging
(`apt-get install -y python3-packaging`), run with /usr/bin/python3 (3.11+, for tomllib).

Usage: deps-oracle.py OSV_ZIP ROOT FILE...   (FILE relative to ROOT; *.lock read as Poetry, others as pip)
"""

import hashlib
import json
import re
import sys
import tomllib
import zipfile

from packaging.version import InvalidVersion, Version

PIN = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*==\s*([^\s;#\\]+)")


def normalise(name):
    """PEP 503: runs of -, _ and . become one -, lower case."""
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement_pins(text):
    for line in text.splitlines():
        if line.lstrip().startswith(("#", "-")):
            continue
        match = PIN.match(line)
        if match and "*" not in match.group(2):
            yield match.group(1), match.group(2)


def poetry_pins(text):
    for package in tomllib.loads(text).get("package", []):
        yield package["name"], package["version"]


def parse(version):
    try:
        return Version(version)
    except InvalidVersion:
        return None


# Event kinds in the order they take at one version: a close before an open.
KIND_ORDER = {"fixed": 0, "last_affected": 0, "limit": 0, "introduced": 1}


def event_key(event):
    kind, value = next(iter(event.items()))
    if value == "0" and kind == "introduced":
        return (0, Version("0"), 0)
    if value == "*":
        return (2, Version("0"), 0)
    return (1, parse(value), KIND_ORDER[kind])


def before_limits(v, events):
    limits = [e["limit"] for e in events if "limit" in e]
    if not limits:
        return True
    return any(limit == "*" or v < parse(limit) for limit in limits)


def included_in_range(v, events, problems, where):
    for event in events:
        (kind, value), = event.items()
        if not (kind == "introduced" and value == "0") and value != "*" and parse(value) is None:
            problems.append(f"{where}: unparseable {kind} {value!r}; range skipped")
            return False
    if not before_limits(v, events):
        return False
    vulnerable = False
    for event in sorted(events, key=event_key):
        (kind, value), = event.items()
        if kind == "introduced" and (value == "0" or v >= parse(value)):
            vulnerable = True
        elif kind == "fixed" and v >= parse(value):
            vulnerable = False
        elif kind == "last_affected" and v > parse(value):
            vulnerable = False
    return vulnerable


def is_vulnerable(name, version, advisory, problems):
    v = parse(version)
    for affected in advisory.get("affected", []):
        package = affected.get("package", {})
        if package.get("ecosystem") != "PyPI" or normalise(package.get("name", "")) != name:
            continue
        for listed in affected.get("versions", []):
            parsed = parse(listed)
            if listed == version or (v is not None and parsed is not None and parsed == v):
                return True
        if v is None:
            continue
        for index, r in enumerate(affected.get("ranges", [])):
            if r.get("type") != "ECOSYSTEM":
                continue
            if included_in_range(v, r.get("events", []), problems, f"{advisory['id']} range {index}"):
                return True
    return False


def main(argv):
    if len(argv) < 4:
        sys.exit(__doc__)
    archive, root, files = argv[1], argv[2].rstrip("/"), argv[3:]
    pins = []
    for relative in files:
        with open(f"{root}/{relative}", encoding="utf-8") as handle:
            text = handle.read()
        reader = poetry_pins if relative.endswith(".lock") else requirement_pins
        pins.extend((relative, name, version) for name, version in reader(text))
    by_name = {}
    for pin in pins:
        by_name.setdefault(normalise(pin[1]), []).append(pin)

    problems = []
    found = set()
    advisories = 0
    with open(archive, "rb") as handle:
        digest = hashlib.sha256(handle.read()).hexdigest()
    with zipfile.ZipFile(archive) as zip_file:
        for entry in zip_file.namelist():
            if not entry.endswith(".json"):
                continue
            advisory = json.loads(zip_file.read(entry))
            advisories += 1
            if advisory.get("withdrawn"):
                continue
            names = {normalise(a.get("package", {}).get("name", "")) for a in advisory.get("affected", [])}
            for name in names & by_name.keys():
                for file, declared, version in by_name[name]:
                    if is_vulnerable(name, version, advisory, problems):
                        found.add((file, declared, version, advisory["id"]))

    print(f"# {len(found)} affected (file, package, version, advisory) pairs; {len(pins)} pins; "
          f"{advisories} advisories in {archive.rsplit('/', 1)[-1]} (sha256 {digest})")
    for line in sorted(found):
        print(" ".join(line))
    for problem in problems:
        print(f"deps-oracle: {problem}", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv)
