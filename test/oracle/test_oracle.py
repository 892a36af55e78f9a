# Self-test of the torch oracle: every fixture under selftest/bad/ must be rejected (for the reason its
# `# expect:` header names) and every one under selftest/good/ accepted. Run: /usr/bin/python3 test/oracle/test_oracle.py
from __future__ import annotations

import io
import os
import sys
import tempfile
from contextlib import redirect_stdout
from typing import Callable

HERE = os.path.dirname(os.path.abspath(__file__))


def expected_reason(path: str) -> str:
    with open(path, encoding="utf-8") as f:
        first = f.readline()
    if not first.startswith("# expect: "):
        raise SystemExit(f"{path}: first line must be `# expect: <text the failure must contain>`")
    return first[len("# expect: "):].strip()


def run_selftest(verify_file: Callable[[str], list[str]],
                 verify_paths: Callable[[list[str]], int]) -> tuple[bool, str]:
    problems: list[str] = []
    bad_dir = os.path.join(HERE, "selftest", "bad")
    good_dir = os.path.join(HERE, "selftest", "good")
    bad = sorted(os.path.join(bad_dir, n) for n in os.listdir(bad_dir) if n.endswith(".py"))
    good = sorted(os.path.join(good_dir, n) for n in os.listdir(good_dir) if n.endswith(".py"))
    if len(bad) < 25 or not good:
        problems.append(f"the self-test found {len(bad)} wrong and {len(good)} good fixtures (want >= 25 and >= 1)")
    for path in bad:
        want = expected_reason(path)
        got = verify_file(path)
        if not got:
            problems.append(f"{os.path.basename(path)}: wrong fixture accepted")
        elif not any(want in g for g in got):
            problems.append(f"{os.path.basename(path)}: rejected, but not for {want!r}: {got}")
    for path in good:
        got = verify_file(path)
        if got:
            problems.append(f"{os.path.basename(path)}: good fixture rejected: {got}")
    # A file without markers is not run and not counted as passed.
    unmarked = os.path.join(HERE, "selftest", "not_a_fixture.py")
    try:
        verify_file(unmarked)
        problems.append("not_a_fixture.py: a file without markers was counted as a fixture")
    except Exception as e:  # noqa: BLE001
        if type(e).__name__ != "NotAFixture":
            problems.append(f"not_a_fixture.py: unexpected {type(e).__name__}: {e}")
    # A run that checks nothing fails: a missing folder, an empty one, one without a marked fixture.
    with tempfile.TemporaryDirectory() as tmp:
        empty = os.path.join(tmp, "empty")
        os.mkdir(empty)
        unmarked_only = os.path.join(tmp, "unmarked")
        os.mkdir(unmarked_only)
        with open(unmarked, encoding="utf-8") as src, open(os.path.join(unmarked_only, "x.py"), "w", encoding="utf-8") as dst:
            dst.write(src.read())
        for args in ([os.path.join(tmp, "missing")], [empty], [unmarked_only], [], [good_dir, empty]):
            with redirect_stdout(io.StringIO()):
                code = verify_paths(args)
            if code == 0:
                problems.append(f"verify_paths({[os.path.basename(a) for a in args]}) passed with nothing to check")
    if problems:
        return False, "FAILED\n  " + "\n  ".join(problems)
    return True, f"{len(bad)} wrong fixtures rejected, {len(good)} good fixtures accepted"


if __name__ == "__main__":
    sys.path.insert(0, HERE)
    from verify_fixtures import verify_file, verify_paths  # noqa: E402

    ok, summary = run_selftest(verify_file, verify_paths)
    print(summary)
    sys.exit(0 if ok else 1)
