# Self-test of the torch oracle: every fixture under selftest/bad/ must be rejected (for the reason its
# `# expect:` header names) and every one under selftest/good/ accepted. Run: /usr/bin/python3 test/oracle/test_oracle.py
from __future__ import annotations

import os
import sys
from typing import Callable

HERE = os.path.dirname(os.path.abspath(__file__))


def expected_reason(path: str) -> str:
    with open(path, encoding="utf-8") as f:
        first = f.readline()
    if not first.startswith("# expect: "):
        raise SystemExit(f"{path}: first line must be `# expect: <text the failure must contain>`")
    return first[len("# expect: "):].strip()


def run_selftest(verify_file: Callable[[str], list[str]]) -> tuple[bool, str]:
    problems: list[str] = []
    bad_dir = os.path.join(HERE, "selftest", "bad")
    good_dir = os.path.join(HERE, "selftest", "good")
    bad = sorted(os.path.join(bad_dir, n) for n in os.listdir(bad_dir) if n.endswith(".py"))
    good = sorted(os.path.join(good_dir, n) for n in os.listdir(good_dir) if n.endswith(".py"))
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
    if problems:
        return False, "FAILED\n  " + "\n  ".join(problems)
    return True, f"{len(bad)} wrong fixtures rejected, {len(good)} good fixtures accepted"


if __name__ == "__main__":
    sys.path.insert(0, HERE)
    from verify_fixtures import verify_file  # noqa: E402

    ok, summary = run_selftest(verify_file)
    print(summary)
    sys.exit(0 if ok else 1)
