#!/usr/bin/env python3
"""Checks Bulwark's built-in secret rules (default-rules.toml).

For every rule: required keys, a valid severity, usable keywords, a regex that compiles and avoids constructs
.NET NonBacktracking rejects, and at least two true- and false-positive samples. The samples are then run through
a simplified model of the engine (keyword gate, regex, secret group, entropy, placeholder/generic filters,
allowlists): every tp must yield a finding and no fp may. Finally each regex is timed on an adversarial line.

Usage: python3 bench/compare/check_rules.py [path/to/rules.toml]
"""
import math
import re
import sys
import time
import tomllib
from pathlib import Path

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "src/Bulwark.Scanning/Secrets/Rules/default-rules.toml"
REQUIRED = ("id", "title", "description", "severity", "regex", "keywords", "tags", "tp", "fp")
SEVERITIES = {"critical", "high", "medium", "low", "info"}
# Lookaround, atomic groups, backreferences, possessive quantifiers, POSIX classes.
UNSUPPORTED = re.compile(r"\(\?<?[=!]|\(\?>|\\[1-9]|(?<!\\)[*+?}]\+|\[\[:")
MAX_SECONDS = 0.05

# Simplified copies of the engine's built-in filters (FalsePositiveFilter.cs).
PLACEHOLDERS = ("xxxx", "your_", "your-", "yourkey", "yourtoken", "yoursecret", "changeme", "change_me", "example",
                "dummy", "sample", "placeholder", "redacted", "****", "${", "{{", "<your", "insert", "replace_me",
                "replaceme", "todo", "fixme", "abcdefghij", "1234567890", "0123456789", "notreal", "not_real")
PLACEHOLDER_RE = re.compile(r"<[^>]*>|^\$[A-Za-z_]\w*$")
REFERENCES = ("os.environ", "os.getenv", "getenv(", "process.env", "env(", "env[", "env.", "secrets.", "vault(",
              "keyring.", "config[", "settings.", "self.", "this.", "args.", "getpass", "input(", "%(", "$(", "{{", "${")
COMMON_WORDS = {"password", "passwd", "secret", "token", "apikey", "api_key", "none", "null", "nil", "true", "false",
                "undefined", "string", "required", "optional", "empty", "default", "bearer", "basic", "value",
                "password123", "secret123", "admin", "root", "test", "testing", "unknown", "disabled", "enabled"}
GENERIC_VALUE_RE = re.compile("|".join([
    r"^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$",  # UUID
    r"^(?:[0-9a-f]{32}|[0-9a-f]{40}|[0-9a-f]{64}|[0-9a-f]{96}|[0-9a-f]{128})$",           # hex digest
    r"^(?:[0-9A-F]{32}|[0-9A-F]{40}|[0-9A-F]{64}|[0-9A-F]{128})$",
    r"^(?i:sha1|sha256|sha384|sha512|md5)[-:=]",                                             # integrity string
    r"^(?:\.{0,2}/|~/|[A-Za-z]:\\)[\w./\\-]*$|^[\w-]+(?:/[\w.-]+)+\.\w{1,5}$",                # file path
    r"^[a-z]+(?:[_-][a-z]+)+$|^[A-Z]+(?:_[A-Z]+)+$",                                         # identifier
    r"^[A-Za-z_]+(?:\.[A-Za-z_]+)+(?:\(\))?$",                                               # dotted name
]))


def entropy(text):
    counts = {c: text.count(c) for c in set(text)}
    return -sum(n / len(text) * math.log2(n / len(text)) for n in counts.values()) if text else 0.0


def is_placeholder(secret):
    low = secret.lower()
    return (any(m in low for m in PLACEHOLDERS) or PLACEHOLDER_RE.search(secret) is not None
            or (len(secret) > 1 and len(set(secret)) == 1))


def is_generic_fp(secret, line):
    if len(secret) < 8 or any(r in secret.lower() for r in REFERENCES):
        return True
    assign = min((i for i in (line.find("="), line.find(":")) if i >= 0), default=-1)
    if assign >= 0 and any(r in line[assign:].lower() for r in REFERENCES):
        return True
    return secret.lower() in COMMON_WORDS or GENERIC_VALUE_RE.search(secret) is not None


def is_allowlisted(rule, secret, match, line):
    for allow in rule.get("allowlists", []):
        target = {"match": match, "line": line}.get(allow.get("regexTarget", "secret"), secret)
        checks = [any(re.search(r, target) for r in allow.get("regexes", []))] if allow.get("regexes") else []
        if allow.get("stopwords"):
            checks.append(any(w.lower() in secret.lower() for w in allow["stopwords"]))
        if checks and (all(checks) if allow.get("condition", "OR").upper() == "AND" else any(checks)):
            return True
    return False


def findings(rule, rx, sample):
    """The secrets the engine would report for one sample, as far as this model of it goes."""
    group = rule.get("secretGroup", 1 if rx.groups else 0)
    generic = "generic" in rule.get("tags", [])
    found = []
    for line in [sample] if rule.get("multiline") else sample.split("\n"):
        if not any(k in line.lower() for k in rule["keywords"]):
            continue
        for m in rx.finditer(line):
            secret = m.group(group)
            if (not secret or entropy(secret) < rule.get("entropy", 0) or is_placeholder(secret)
                    or (generic and is_generic_fp(secret, line)) or is_allowlisted(rule, secret, m.group(0), line)):
                continue
            found.append(secret)
    return found


def slowest(rx, keywords):
    """Seconds for the slowest adversarial line (best of 3 runs, to ignore scheduler noise)."""
    worst = 0.0
    for kw in keywords:
        for line in (kw * (2000 // len(kw) + 1) + "a" * 20000, (kw + ' = "') * 300 + "a" * 20000):
            runs = []
            for _ in range(3):
                start = time.perf_counter()
                for _ in rx.finditer(line):
                    pass
                runs.append(time.perf_counter() - start)
            worst = max(worst, min(runs))
    return worst


def check(rule, seen):
    rid = rule.get("id", "?")
    missing = [k for k in REQUIRED if k not in rule]
    if missing:
        return [f"missing keys {missing}"]
    errors = []
    if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", rid):
        errors.append("id is not kebab-case")
    if rid in seen:
        errors.append("duplicate id")
    seen.add(rid)
    if rule["severity"] not in SEVERITIES:
        errors.append(f"bad severity {rule['severity']!r}")
    kws = rule["keywords"]
    if not kws or any(k != k.lower() or len(k) < 3 for k in kws):
        errors.append(f"keywords must be non-empty, lower-case, >= 3 chars: {kws}")
    unused = [k for k in kws if not any(k in s.lower() for s in rule["tp"])]
    if unused:
        errors.append(f"keywords that no tp sample contains (typo?): {unused}")
    if UNSUPPORTED.search(rule["regex"]):
        errors.append("regex uses a construct NonBacktracking does not support")
    try:
        rx = re.compile(rule["regex"])
    except re.error as e:
        return errors + [f"regex does not compile: {e}"]
    if rule.get("secretGroup", 0) > rx.groups:
        errors.append("secretGroup is not a group of the regex")
    if len(rule["tp"]) < 2 or len(rule["fp"]) < 2:
        errors.append("needs at least 2 tp and 2 fp samples")
    for sample in rule["tp"] + rule["fp"]:
        if "\n" in sample and not rule.get("multiline"):
            errors.append(f"multi-line sample in a single-line rule: {sample[:60]!r}")
    for sample in rule["tp"]:
        if not findings(rule, rx, sample):
            errors.append(f"tp not detected: {sample[:100]!r}")
    for sample in rule["fp"]:
        if hits := findings(rule, rx, sample):
            errors.append(f"fp detected ({hits[0][:40]!r}): {sample[:100]!r}")
    if (t := slowest(rx, kws)) > MAX_SECONDS:
        errors.append(f"regex took {t * 1000:.0f} ms on an adversarial line")
    return errors


def main():
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_PATH
    rules = tomllib.loads(path.read_text(encoding="utf-8")).get("rules", [])
    seen, failed = set(), 0
    for rule in rules:
        for error in check(rule, seen):
            failed += 1
            print(f"FAIL {rule.get('id', '?')}: {error}")
    print(f"{len(rules)} rules, {failed} problems")
    return 1 if failed or not rules else 0


if __name__ == "__main__":
    sys.exit(main())
