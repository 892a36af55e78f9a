# Writes each bug/fixed pair of this folder from its source in src/NN_kind.pair (format: README.md) and checks
# both files under torch: markers in the bug file that torch never reaches are dropped, other problems printed.
# It also rewrites the table of pairs in README.md (after the line `| pair | code | the bug |`) from the headers.
# Usage: /usr/bin/python3 test/corpus/reported/make_pairs.py [src/NN_kind.pair ...]
from __future__ import annotations

import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ORACLE = os.path.join(HERE, "..", "..", "oracle")
sys.path.insert(0, ORACLE)
from align_markers import align  # noqa: E402
import verify_fixtures as vf  # noqa: E402

TAG = re.compile(r"\s*#!(bug|bug-only|fixed-only)(?::\s?(.*))?$")
HEADER = re.compile(r"^#!(bug|fixed)-header:\s?(.*)$")


def split(src: str, path: str) -> tuple[list[str], list[str], list[str], list[str]]:
    """(bug header, fixed header, bug lines, fixed lines) of a .pair source."""
    heads: dict[str, list[str]] = {"bug": [], "fixed": []}
    bug: list[str] = []
    fixed: list[str] = []
    for ln, line in enumerate(src.rstrip("\n").split("\n"), 1):
        h = HEADER.match(line)
        if h:
            heads[h.group(1)].append("# " + h.group(2))
            continue
        m = TAG.search(line)
        if not m:
            bug.append(line)
            fixed.append(line)
            continue
        body = line[: m.start()]
        kind, alt = m.group(1), m.group(2)
        indent = body[: len(body) - len(body.lstrip())]
        if kind == "bug":
            if alt is None:
                raise SystemExit(f"{path}:{ln}: #!bug needs a replacement")
            fixed.append(body)
            bug.append(indent + alt.lstrip())
        elif kind == "bug-only":
            bug.append(body)
        else:
            fixed.append(body)
    if not heads["bug"] or not heads["fixed"]:
        raise SystemExit(f"{path}: both #!bug-header and #!fixed-header are needed")
    return heads["bug"], heads["fixed"], bug, fixed


def run(path: str) -> tuple[vf.Run | None, list[str]]:
    try:
        fx = vf.load_fixture(path)
    except vf.MalformedMarker as e:
        return None, [f"malformed marker: {e}"]
    r = vf.Run(fx)
    try:
        r.execute()
    except vf.MalformedMarker as e:
        r.fail(f"malformed marker: {e}")
    return r, r.errors


def write(path: str, header: list[str], body: list[str]) -> None:
    text = "\n".join(header + body).rstrip("\n") + "\n"
    with open(path, "w", encoding="utf-8") as f:
        f.write(align(text, path))


def make(pair: str) -> bool:
    stem = os.path.splitext(os.path.basename(pair))[0]
    with open(pair, encoding="utf-8") as f:
        bh, fh, bug, fixed = split(f.read(), pair)
    bug_path = os.path.join(HERE, f"{stem}_bug.py")
    fixed_path = os.path.join(HERE, f"{stem}_fixed.py")
    write(fixed_path, fh, fixed)
    write(bug_path, bh, bug)
    # Drop the bug file's shape markers that torch never reaches (they sit after the raising line).
    r, problems = run(bug_path)
    if r is not None:
        unreached = {s.marker_line for s in r.fx.shapes if s.runs == 0}
        if unreached:
            with open(bug_path, encoding="utf-8") as f:
                lines = f.read().split("\n")
            with open(bug_path, "w", encoding="utf-8") as f:
                f.write("\n".join(l for i, l in enumerate(lines, 1) if i not in unreached))
            r, problems = run(bug_path)
    ok = True
    for p, probs in ((bug_path, problems), (fixed_path, run(fixed_path)[1])):
        for msg in probs:
            ok = False
            print(f"{os.path.relpath(p)}: {msg}")
    return ok


def readme_table() -> None:
    """The README's last table: one row per bug file, from its header and its marker."""
    rows = []
    for name in sorted(n for n in os.listdir(HERE) if n.endswith("_bug.py")):
        with open(os.path.join(HERE, name), encoding="utf-8") as f:
            src = f.read()
        m = re.search(r"#\s*(error|warning):\s*(RL\d{3})", src)
        head = []
        for line in src.split("\n"):
            if not line.startswith("# "):
                break
            head.append(line[2:])
        text = re.sub(r"\s*\((proposed )?RL\d{3}[^)]*\)", "", " ".join(head)).rstrip(".")
        code = (m.group(2) + (" warning" if m.group(1) == "warning" else "")) if m else "?"
        rows.append(f"| `{name[:-len('_bug.py')]}` | {code} | {text}. |")
    path = os.path.join(HERE, "README.md")
    with open(path, encoding="utf-8") as f:
        text = f.read()
    head_row = "| pair | code | the bug |\n| --- | --- | --- |\n"
    cut = text.index(head_row) + len(head_row)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text[:cut] + "\n".join(rows) + "\n")


def main(argv: list[str]) -> int:
    pairs = argv or sorted(os.path.join(HERE, "src", n) for n in os.listdir(os.path.join(HERE, "src")) if n.endswith(".pair"))
    bad = [p for p in pairs if not make(p)]
    readme_table()
    print(f"{len(pairs) - len(bad)} pairs written clean, {len(bad)} with problems")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
