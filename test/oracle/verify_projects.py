# Runs each multi-file fixture project (a folder under the given directories) with real torch, from its
# entry script (main.py, else train.py) in the project folder, and checks the markers of EVERY .py file in
# it (the marker format of test/fixtures/README.md): shapes where the lines run, errors on the line torch
# blames (the innermost frame inside the project). Usage: /usr/bin/python3 test/oracle/verify_projects.py DIR...
from __future__ import annotations

import io
import os
import random
import sys
import traceback
import warnings
from contextlib import redirect_stderr, redirect_stdout
from types import FrameType
from typing import Any, Callable, Optional

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from verify_fixtures import NEVER_CONFIRMS, MalformedMarker, Run, load_fixture  # noqa: E402


def project_dirs(roots: list[str]) -> list[str]:
    out = []
    for r in roots:
        if not os.path.isdir(r):
            print(f"error: {r} is not a folder")
            sys.exit(1)
        for name in sorted(os.listdir(r)):
            d = os.path.join(r, name)
            if os.path.isdir(d) and any(os.path.exists(os.path.join(d, e)) for e in ("main.py", "train.py")):
                out.append(d)
    return out


def verify_project(folder: str) -> list[str]:
    folder = os.path.abspath(folder)
    entry = next(os.path.join(folder, e) for e in ("main.py", "train.py") if os.path.exists(os.path.join(folder, e)))
    runs: dict[str, Run] = {}
    for root, dirs, names in os.walk(folder):
        dirs.sort()
        for n in sorted(names):
            if n.endswith(".py"):
                p = os.path.join(root, n)
                try:
                    runs[p] = Run(load_fixture(p))
                except MalformedMarker as e:
                    return [f"{os.path.relpath(p, folder)}: malformed marker: {e}"]
    if not any(r.fx.shapes or r.fx.diags for r in runs.values()):
        return ["no markers in any file of the project"]

    def global_trace(frame: FrameType, event: str, arg: Any) -> Optional[Callable[..., Any]]:
        run = runs.get(frame.f_code.co_filename)
        if run is None:
            return None
        name = frame.f_code.co_name
        if name.startswith("<") and name != "<module>":
            return None
        return run.local_trace

    import torch

    # hydra itself is not installable here: its documented composition stands in (hydra_substitute.py).
    substitute_hydra = False
    try:
        import hydra  # noqa: F401
    except ImportError:
        import hydra_substitute

        substitute_hydra = True
    torch.manual_seed(0)
    random.seed(0)
    old = (sys.argv, list(sys.path), os.getcwd())
    before = set(sys.modules)
    sys.argv = [entry]
    sys.path.insert(0, folder)
    if substitute_hydra:
        sys.modules["hydra"] = hydra_substitute
    os.chdir(folder)
    sink = io.StringIO()
    exc: Optional[BaseException] = None
    try:
        with open(entry, encoding="utf-8") as f:
            code = compile(f.read(), entry, "exec")
        g: dict[str, Any] = {"__name__": "__main__", "__file__": entry, "__builtins__": __builtins__}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            sys.settrace(global_trace)
            try:
                with redirect_stdout(sink), redirect_stderr(sink):
                    exec(code, g)  # noqa: S102 - running the fixture is the point
            except BaseException as e:  # noqa: BLE001
                exc = e
            finally:
                sys.settrace(None)
    finally:
        sys.argv, sys.path[:], cwd = old[0], old[1], old[2]
        os.chdir(cwd)
        for m in set(sys.modules) - before:
            del sys.modules[m]
        if substitute_hydra:
            sys.modules.pop("hydra", None)

    problems: list[str] = []
    if exc is not None:
        frames = [fr for fr in traceback.extract_tb(exc.__traceback__) if fr.filename in runs]
        exc_text = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
        if not frames:
            problems.append(f"raised outside the project's lines: {exc_text}")
        else:
            blamed = frames[-1]
            run = runs[blamed.filename]
            span = run.fx.span(blamed.lineno)
            on_line = [d for ln in range(span[0], span[1] + 1) for d in run.diags_by_line.get(ln, []) if d.severity == "error"]
            if not on_line:
                problems.append(f"{os.path.relpath(blamed.filename, folder)}:{blamed.lineno}: raised but has no error marker: {exc_text}")
            for d in on_line:
                d.raised = True
                if type(exc).__name__ in NEVER_CONFIRMS:
                    problems.append(f"{os.path.relpath(blamed.filename, folder)}:{blamed.lineno}: `error: {d.code}` but the line raised {exc_text}")
    for path, run in runs.items():
        rel = os.path.relpath(path, folder)
        problems += [f"{rel}: {e}" for e in run.errors]
        for d in run.fx.diags:
            if d.severity == "error" and not d.raised:
                problems.append(f"{rel}:{d.line}: `error: {d.code}` never raised")
        for s in run.fx.shapes:
            if s.runs == 0:
                problems.append(f"{rel}: {s.where()}: shape marker never ran")
    return problems


def selftest() -> bool:
    """Every project under selftest_projects/ is wrong in one way: each must be rejected."""
    here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "selftest_projects")
    wrong = project_dirs([here])
    accepted = [d for d in wrong if not verify_project(d)]
    print(f"self-test: {len(wrong) - len(accepted)} of {len(wrong)} wrong projects rejected")
    for d in accepted:
        print(f"     wrongly accepted: {d}")
    return len(wrong) > 0 and not accepted


def main(argv: list[str]) -> int:
    if not selftest():
        print("0 passed, 1 failed")
        return 1
    dirs = project_dirs(argv)
    if not dirs:
        print("no fixture projects found")
        print("0 passed, 1 failed")
        return 1
    passed = failed = 0
    for d in dirs:
        problems = verify_project(d)
        if problems:
            failed += 1
            print(f"FAIL {d}")
            for p in problems:
                print(f"     {p}")
        else:
            passed += 1
            print(f"ok   {d}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
