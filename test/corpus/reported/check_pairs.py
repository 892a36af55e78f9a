# Checks the reported-bug corpus under torch beyond what verify_fixtures.py does for every marker file: each
# NN_kind_bug.py has its NN_kind_fixed.py (at least 60 pairs), a bug file marks exactly one diagnostic and a twin
# none, a `warning:` marker is a line where torch warns, and a twin runs without any torch warning.
# Run: /usr/bin/python3 test/corpus/reported/check_pairs.py   (closing line: N passed, M failed)
from __future__ import annotations

import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "oracle"))
import verify_fixtures as vf  # noqa: E402

MIN_PAIRS = 60
# What torch says for each warning code used here (its UserWarning text contains this).
WARNING_TEXT = {
    "RL105": "non-zero dropout expects num_layers greater than 1",
    "RL413": "that is different to the input size",
}


def run(path: str) -> tuple[vf.Fixture, vf.Run]:
    fx = vf.load_fixture(path)
    r = vf.Run(fx)
    r.execute()
    return fx, r


def check_pair(stem: str) -> list[str]:
    bug, fixed = (os.path.join(HERE, f"{stem}_{k}.py") for k in ("bug", "fixed"))
    out: list[str] = []
    if not os.path.exists(bug) or not os.path.exists(fixed):
        return [f"{stem}: needs both {stem}_bug.py and {stem}_fixed.py"]
    fx, r = run(bug)
    if len(fx.diags) != 1:
        out.append(f"{stem}_bug.py: {len(fx.diags)} diagnostic markers, want exactly 1")
    if not fx.shapes:
        out.append(f"{stem}_bug.py: no shape marker")
    out += [f"{stem}_bug.py: {e}" for e in r.errors]
    for d in fx.diags:
        if d.severity != "warning":
            continue
        text = WARNING_TEXT.get(d.code)
        if text is None:
            out.append(f"{stem}_bug.py: line {d.line}: no torch warning text known for {d.code}")
            continue
        if not any(fx.span(ln) == fx.span(d.line) and text in msg for ln, _cat, msg in r.warned):
            out.append(f"{stem}_bug.py: line {d.line}: marked `warning: {d.code}` but torch gave no warning containing {text!r} there")
    fx2, r2 = run(fixed)
    if fx2.diags:
        out.append(f"{stem}_fixed.py: a twin has no diagnostic marker, found {len(fx2.diags)}")
    if len(fx2.shapes) < 2:
        out.append(f"{stem}_fixed.py: fewer than 2 shape markers")
    out += [f"{stem}_fixed.py: {e}" for e in r2.errors]
    for ln, cat, msg in r2.warned:
        out.append(f"{stem}_fixed.py: line {ln}: torch warned ({cat}: {msg.splitlines()[0][:120]})")
    return out


def main() -> int:
    names = sorted(os.listdir(HERE))
    stems = sorted({re.sub(r"_(bug|fixed)\.py$", "", n) for n in names if re.search(r"_(bug|fixed)\.py$", n)})
    passed = failed = 0
    if len(stems) < MIN_PAIRS:
        print(f"FAIL only {len(stems)} pairs, want at least {MIN_PAIRS}")
        failed += 1
    for stem in stems:
        problems = check_pair(stem)
        if problems:
            failed += 1
            print(f"FAIL {stem}")
            for p in problems:
                print(f"     {p}")
        else:
            passed += 1
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
