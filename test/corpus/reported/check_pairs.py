# Checks the reported-bug corpus under torch beyond what verify_fixtures.py does for every marker file: each
# NN_kind_bug.py has its NN_kind_fixed.py (at least 60 pairs), a bug file marks exactly one diagnostic and a twin
# none, a `warning:` marker is a line where torch warns, and a twin runs without any torch warning. It also keeps
# observed.json up to date: every shape torch gave at each shape marker (measure.ts judges the analyzer with it).
# Run: /usr/bin/python3 test/corpus/reported/check_pairs.py [--write]   (closing line: N passed, M failed)
from __future__ import annotations

import json
import os
import re
import sys
from types import FrameType

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "oracle"))
import verify_fixtures as vf  # noqa: E402

MIN_PAIRS = 60
# What torch says for each warning code used here (its UserWarning text contains this).
WARNING_TEXT = {
    "RL105": "non-zero dropout expects num_layers greater than 1",
    "RL413": "that is different to the input size",
}


OBSERVED = os.path.join(HERE, "observed.json")


class Recording(vf.Run):
    """The oracle's run, also recording each marked value's shape every time its line completes."""

    def __init__(self, fx: vf.Fixture) -> None:
        super().__init__(fx)
        self.seen: dict[str, list[list[int]]] = {}

    def check_shape(self, s: vf.ShapeMarker, frame: FrameType) -> None:
        super().check_shape(s, frame)
        import torch
        from torch.nn.utils.rnn import PackedSequence

        try:
            value = eval(s.name, dict(frame.f_globals), dict(frame.f_locals))  # noqa: S307 - our own markers
        except Exception:  # noqa: BLE001 - the oracle has reported it
            return
        if isinstance(value, PackedSequence):
            shape = list(value.data.shape)
        elif isinstance(value, torch.Tensor):
            shape = list(value.shape)
        else:
            return
        seen = self.seen.setdefault(f"{s.code_line}:{s.column}", [])
        if shape not in seen:
            seen.append(shape)


observed: dict[str, dict[str, list[list[int]]]] = {}


def run(path: str) -> tuple[vf.Fixture, vf.Run]:
    fx = vf.load_fixture(path)
    r = Recording(fx)
    r.execute()
    observed[os.path.basename(path)] = r.seen
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
    # One line per file: small diffs when a file changes.
    rows = [f" {json.dumps(k)}: {json.dumps(observed[k], sort_keys=True)}" for k in sorted(observed)]
    text = "{\n" + ",\n".join(rows) + "\n}\n"
    if "--write" in sys.argv:
        with open(OBSERVED, "w", encoding="utf-8") as f:
            f.write(text)
    else:
        old = open(OBSERVED, encoding="utf-8").read() if os.path.exists(OBSERVED) else ""
        if old != text:
            print("FAIL observed.json is not what torch gives now (run check_pairs.py --write and commit it)")
            failed += 1
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
