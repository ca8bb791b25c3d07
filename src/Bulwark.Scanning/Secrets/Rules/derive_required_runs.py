#!/usr/bin/env python3
"""Adds or refreshes each rule's `requiredRun` in default-rules.toml.

A rule's requiredRun is a run of characters every match must contain: a repetition `[class]{n,...}` with
n >= 12 that lies on the regex's mandatory path (not inside an alternation or an optional part) or, failing
that, a mandatory '@' (rules for credentials in URLs wake on every line with "://"). The scanner
checks a line for such a run before it runs (and first compiles) the rule's regex, which is costly with
NonBacktracking. The run is derived from Python's parse of the regex (same syntax subset as .NET here);
letters are widened to both cases where the pattern is case-insensitive, so the check is never stricter
than the regex. Multiline rules get none. Run after editing rules:
    python3 src/Bulwark.Scanning/Secrets/Rules/derive_required_runs.py
"""
import json
import re
import sys
import tomllib
import warnings

warnings.filterwarnings("ignore", category=DeprecationWarning)
import sre_constants as C  # noqa: E402
import sre_parse  # noqa: E402

PATH = __file__.rsplit("/", 1)[0] + "/default-rules.toml"
MIN_RUN = 12
RARE_LITERAL = "@"
WORD = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_"


def charset(items, icase):
    chars = set()
    for op, av in items:
        if op == C.LITERAL and av < 128:
            chars.add(chr(av))
        elif op == C.RANGE and av[1] < 128:
            chars.update(chr(c) for c in range(av[0], av[1] + 1))
        elif op == C.CATEGORY and av == C.CATEGORY_DIGIT:
            chars.update("0123456789")
        elif op == C.CATEGORY and av == C.CATEGORY_WORD:
            chars.update(WORD)
        else:
            return None  # negated classes, Unicode categories, non-ASCII: no safe finite set
    if icase:
        chars |= {c.upper() for c in chars} | {c.lower() for c in chars}
    return chars


def longest_run(seq, icase, best):
    for op, av in seq:
        if op == C.SUBPATTERN:
            _, add, remove, sub = av
            flag = sre_parse.SRE_FLAG_IGNORECASE
            longest_run(sub, (icase or bool(add & flag)) and not bool(remove & flag), best)
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT) and av[0] >= 1:
            low, _, sub = av
            if len(sub) == 1 and sub[0][0] in (C.IN, C.LITERAL):
                items = sub[0][1] if sub[0][0] == C.IN else [(C.LITERAL, sub[0][1])]
                chars = charset(items, icase)
                if chars and low >= MIN_RUN and (best[0] is None or low > best[0][1]):
                    best[0] = (chars, low)
            else:
                longest_run(sub, icase, best)  # the first repetition is mandatory
        # BRANCH, optional repeats, lookarounds: not on the mandatory path; skipped.


def has_mandatory_literal(seq, char):
    """True when `char` must appear in every match (a literal on the mandatory path)."""
    for op, av in seq:
        if op == C.LITERAL and av == ord(char):
            return True
        if op == C.SUBPATTERN and has_mandatory_literal(av[3], char):
            return True
        if op in (C.MAX_REPEAT, C.MIN_REPEAT) and av[0] >= 1 and has_mandatory_literal(av[2], char):
            return True
    return False


def main():
    text = open(PATH, encoding="utf-8").read()
    rules = tomllib.loads(text)["rules"]
    text = re.sub(r"\nrequiredRun = \{[^\n]*\}", "", text)
    blocks = text.split("\n[[rules]]\n")
    derived = 0
    for rule in rules:
        if rule.get("multiline"):
            continue
        parsed = sre_parse.parse(rule["regex"])
        best = [None]
        longest_run(parsed, bool(parsed.state.flags & sre_parse.SRE_FLAG_IGNORECASE), best)
        if best[0] is None and has_mandatory_literal(parsed, RARE_LITERAL):
            # No long run, but a character most lines lack (credentials in URLs need the '@').
            best[0] = ({RARE_LITERAL}, 1)
        if best[0] is None:
            continue
        chars, length = best[0]
        line = f'requiredRun = {{ chars = {json.dumps("".join(sorted(chars)))}, length = {length} }}'
        marker = f'id = "{rule["id"]}"\n'
        for i, block in enumerate(blocks):
            if block.startswith(marker) or f"\n{marker}" in block[:200]:
                keywords = re.search(r"\nkeywords = [^\n]*", block)
                blocks[i] = block[: keywords.end()] + "\n" + line + block[keywords.end():]
                derived += 1
                break
    open(PATH, "w", encoding="utf-8").write("\n[[rules]]\n".join(blocks))
    print(f"requiredRun derived for {derived} of {len(rules)} rules", file=sys.stderr)


if __name__ == "__main__":
    main()
