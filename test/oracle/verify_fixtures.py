# Runs every marker fixture (*.py under the given directories) with real torch and checks that its
# markers are TRUE, per test/fixtures/README.md. Usage: /usr/bin/python3 test/oracle/verify_fixtures.py DIR...
from __future__ import annotations

import ast
import io
import os
import random
import re
import sys
import tokenize
import traceback
import warnings
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass, field
from types import FrameType
from typing import Any, Callable, Optional

SEVERITIES = ("error", "warning", "information", "hint")
CODE_RE = re.compile(r"^RL\d{3}$")
CARET_LINE_RE = re.compile(r"^\s*#\s*\^")
DROPOUT_WARNING = "dropout option adds dropout"
ALLOWED_DIM_NODES = (
    ast.Expression, ast.BinOp, ast.UnaryOp, ast.Constant, ast.Name, ast.Load,
    ast.Add, ast.Sub, ast.Mult, ast.FloorDiv, ast.Div, ast.USub, ast.UAdd,
)


# The exception types torch raises for each rule (test/oracle/torch-messages.md). A marked line that raises
# something else (a typo's NameError, say) does not confirm the marker. Codes not listed accept any type
# except NEVER_CONFIRMS.
EXCEPTIONS_BY_CODE: dict[str, tuple[str, ...]] = {
    "RL101": ("ValueError",),
    "RL102": ("TypeError",),
    "RL103": ("ValueError",),
    "RL104": ("ValueError",),
    "RL106": ("TypeError",),
    "RL107": ("ValueError", "IndexError", "RuntimeError"),
    "RL108": ("TypeError",),
    "RL201": ("RuntimeError", "AssertionError", "ValueError"),
    "RL202": ("RuntimeError",),
    "RL203": ("RuntimeError", "ValueError"),
    "RL204": ("RuntimeError",),
    "RL205": ("AttributeError", "TypeError"),
    "RL206": ("IndexError", "RuntimeError", "TypeError"),
    "RL207": ("TypeError",),
    "RL208": ("RuntimeError",),
    "RL301": ("ValueError",),
    "RL401": ("RuntimeError",),
    "RL402": ("RuntimeError", "IndexError"),
    "RL403": ("RuntimeError",),
    "RL404": ("RuntimeError",),
    "RL405": ("IndexError", "RuntimeError"),
    "RL406": ("IndexError", "RuntimeError"),
    "RL407": ("RuntimeError",),
    "RL408": ("RuntimeError",),
    "RL409": ("RuntimeError",),
}
NEVER_CONFIRMS = ("NameError", "UnboundLocalError", "ImportError", "ModuleNotFoundError", "SyntaxError",
                  "KeyboardInterrupt", "SystemExit", "RecursionError")


class MalformedMarker(Exception):
    pass


@dataclass
class ShapeMarker:
    marker_line: int  # 1-based line of the `# ^` comment
    code_line: int  # 1-based line of the code it refers to
    column: int
    name: str
    dims: list[str]  # source text of each dim
    packed: bool
    runs: int = 0

    def where(self) -> str:
        return f"{self.code_line}:{self.column} {self.name}"


@dataclass
class DiagMarker:
    line: int  # 1-based
    severity: str
    code: str
    torch2: bool
    ran: bool = False  # the line completed without raising
    raised: bool = False


@dataclass
class Fixture:
    path: str
    source: str
    shapes: list[ShapeMarker] = field(default_factory=list)
    diags: list[DiagMarker] = field(default_factory=list)
    # line -> (start, end) of the simple statement it belongs to (1-based, inclusive)
    spans: dict[int, tuple[int, int]] = field(default_factory=dict)

    def span(self, line: int) -> tuple[int, int]:
        return self.spans.get(line, (line, line))


# ---------------------------------------------------------------------------------------------
# Marker parsing


def parse_dims(text: str, where: str) -> tuple[list[str], bool]:
    """`(5, 3, 2*hidden)` or `packed(T, 40)` -> (dim texts, packed)."""
    t = text.strip()
    packed = False
    if t.startswith("packed(") and t.endswith(")"):
        packed = True
        t = t[len("packed"):]
    if not (t.startswith("(") and t.endswith(")")):
        raise MalformedMarker(f"{where}: shape must be a tuple like (5, 3, 40), got {text!r}")
    inner = t[1:-1].strip()
    if inner.endswith(","):
        inner = inner[:-1].rstrip()
    if inner == "":
        return [], packed
    try:
        tree = ast.parse("(" + inner + ",)", mode="eval")
    except SyntaxError as e:
        raise MalformedMarker(f"{where}: cannot parse shape {text!r}: {e.msg}") from None
    body = tree.body
    if not isinstance(body, ast.Tuple):
        raise MalformedMarker(f"{where}: shape must be a tuple, got {text!r}")
    dims: list[str] = []
    for elt in body.elts:
        for node in ast.walk(elt):
            if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Load):
                if not isinstance(node.value, (ast.Name, ast.Attribute)):
                    raise MalformedMarker(f"{where}: dim {ast.unparse(elt)!r}: only dotted names (cfg.hidden)")
                continue
            if not isinstance(node, ALLOWED_DIM_NODES):
                raise MalformedMarker(f"{where}: dim {ast.unparse(elt)!r} uses {type(node).__name__}")
            if isinstance(node, ast.Constant) and (not isinstance(node.value, int) or isinstance(node.value, bool)):
                raise MalformedMarker(f"{where}: dim {ast.unparse(elt)!r} has a non-integer constant")
        dims.append(ast.unparse(elt))
    return dims, packed


def parse_diag_comment(comment: str, line: int) -> Optional[list[DiagMarker]]:
    """A code line's trailing comment -> markers, None for a free comment; malformed raises."""
    body = comment.lstrip("#").strip()
    if not any(body.startswith(s + ":") for s in SEVERITIES):
        return None
    out: list[DiagMarker] = []
    for part in body.split(","):
        m = re.fullmatch(r"\s*(\w+):\s*(\S+)(?:\s+(\S+))?\s*", part)
        if not m:
            raise MalformedMarker(f"line {line}: malformed diagnostic marker {comment!r}")
        sev, code, flag = m.group(1), m.group(2), m.group(3)
        if sev not in SEVERITIES:
            raise MalformedMarker(f"line {line}: unknown severity {sev!r} in {comment!r}")
        if not CODE_RE.match(code):
            raise MalformedMarker(f"line {line}: bad code {code!r} in {comment!r} (want RL and 3 digits)")
        if flag is not None and flag != "torch2":
            raise MalformedMarker(f"line {line}: unknown flag {flag!r} in {comment!r} (only torch2)")
        out.append(DiagMarker(line=line, severity=sev, code=code, torch2=flag == "torch2"))
    return out


def statement_spans(tree: ast.Module) -> dict[int, tuple[int, int]]:
    spans: dict[int, tuple[int, int]] = {}
    for node in ast.walk(tree):
        if not isinstance(node, ast.stmt):
            continue
        end = node.end_lineno or node.lineno
        if hasattr(node, "body"):  # compound statement: only its header line
            end = node.lineno
        for ln in range(node.lineno, end + 1):
            cur = spans.get(ln)
            if cur is None or (cur[1] - cur[0]) > (end - node.lineno):
                spans[ln] = (node.lineno, end)
    return spans


NAME_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*")


def starts_name(code: str, col: int) -> bool:
    if col >= len(code) or not NAME_RE.match(code[col:]):
        return False
    return col == 0 or not (code[col - 1].isalnum() or code[col - 1] in "_.")


def name_start(code: str, caret: int, marker: str) -> Optional[int]:
    """Column of the marked name: the name starting at the caret, or - for `#^`, where the caret sits
    right after the `#` - the name starting under the `#` (so names at column 0 can be marked)."""
    if starts_name(code, caret):
        return caret
    hash_col = caret - 1
    if hash_col >= 0 and marker[hash_col] == "#" and starts_name(code, hash_col):
        return hash_col
    return None


def load_fixture(path: str) -> Fixture:
    with open(path, encoding="utf-8") as f:
        source = f.read()
    fx = Fixture(path=path, source=source)
    try:
        tree = ast.parse(source, filename=path)
    except SyntaxError as e:
        raise MalformedMarker(f"syntax error: {e}") from None
    fx.spans = statement_spans(tree)
    lines = source.split("\n")

    # Comments, from the tokenizer (so '#' inside strings is not a comment).
    comments: dict[int, tuple[int, str]] = {}
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type == tokenize.COMMENT:
            comments[tok.start[0]] = (tok.start[1], tok.string)

    def is_marker_line(idx0: int) -> bool:
        return bool(CARET_LINE_RE.match(lines[idx0]))

    for idx0, text in enumerate(lines):
        ln = idx0 + 1
        if is_marker_line(idx0):
            col = text.index("^")
            rest = text[col + 1:].strip()
            if rest.startswith("hover:"):
                continue  # editor-test marker: not the oracle's business
            j = idx0 - 1
            while j >= 0 and is_marker_line(j):
                j -= 1
            if j < 0:
                raise MalformedMarker(f"line {ln}: caret marker with no code line above")
            code = lines[j]
            if code.strip() == "" or code.strip().startswith("#"):
                raise MalformedMarker(f"line {ln}: caret marker must follow a code line, found {code!r}")
            start = name_start(code, col, text)
            if start is None:
                raise MalformedMarker(f"line {ln}: caret at column {col} is not under the start of a name in {code!r}")
            col = start
            m = NAME_RE.match(code[col:])
            assert m is not None
            dims, packed = parse_dims(rest, f"line {ln}")
            fx.shapes.append(ShapeMarker(ln, j + 1, col, m.group(0), dims, packed))
            continue
        if ln in comments:
            col, comment = comments[ln]
            body = comment.lstrip("#").strip()
            starts_marker = any(body.startswith(s + ":") for s in SEVERITIES)
            if text[:col].strip() == "":
                if starts_marker:
                    raise MalformedMarker(f"line {ln}: diagnostic marker on a comment-only line")
                continue
            markers = parse_diag_comment(comment, ln)
            if markers:
                fx.diags.extend(markers)
            elif re.search(r"(^|\s)(error|warning|information|hint)\s*:\s*RL", body):
                raise MalformedMarker(f"line {ln}: diagnostic marker must start the comment: {comment!r}")
    return fx


# ---------------------------------------------------------------------------------------------
# Running


def eval_dim(expr: str, frame: FrameType) -> Optional[int]:
    """The dim's value in the frame, None when it cannot be evaluated (any size accepted)."""
    try:
        v = eval(expr, dict(frame.f_globals), dict(frame.f_locals))  # noqa: S307 - our own markers
    except (NameError, AttributeError):
        return None
    if isinstance(v, bool) or not isinstance(v, int):
        if isinstance(v, float) and v.is_integer():
            return int(v)
        raise MalformedMarker(f"dim {expr!r} evaluates to {type(v).__name__} {v!r}, not an int")
    return v


class Run:
    def __init__(self, fx: Fixture) -> None:
        self.fx = fx
        self.path = os.path.abspath(fx.path)
        self.errors: list[str] = []
        self.shapes_by_line: dict[int, list[ShapeMarker]] = {}
        for s in fx.shapes:
            self.shapes_by_line.setdefault(s.code_line, []).append(s)
        self.diags_by_line: dict[int, list[DiagMarker]] = {}
        for d in fx.diags:
            self.diags_by_line.setdefault(d.line, []).append(d)
        # per frame: current span, and whether an exception is propagating
        self.cur: dict[int, tuple[int, int]] = {}
        self.raising: dict[int, bool] = {}
        self.warned: list[tuple[int, str, str]] = []  # (line, category, message)

    def fail(self, msg: str) -> None:
        if msg not in self.errors:
            self.errors.append(msg)

    # ---- shape checks after a statement completes
    def completed(self, span: tuple[int, int], frame: FrameType) -> None:
        for ln in range(span[0], span[1] + 1):
            for d in self.diags_by_line.get(ln, []):
                d.ran = True
            for s in self.shapes_by_line.get(ln, []):
                self.check_shape(s, frame)

    def check_shape(self, s: ShapeMarker, frame: FrameType) -> None:
        import torch
        from torch.nn.utils.rnn import PackedSequence

        s.runs += 1
        try:
            value = eval(s.name, dict(frame.f_globals), dict(frame.f_locals))  # noqa: S307
        except Exception as e:  # noqa: BLE001
            self.fail(f"{s.where()}: name not bound after the line ran ({type(e).__name__}: {e})")
            return
        if s.packed:
            if not isinstance(value, PackedSequence):
                self.fail(f"{s.where()}: expected a PackedSequence, got {type(value).__name__}")
                return
            shape = tuple(value.data.shape)
        else:
            if isinstance(value, PackedSequence) or not isinstance(value, torch.Tensor):
                self.fail(f"{s.where()}: expected a tensor, got {type(value).__name__}")
                return
            shape = tuple(value.shape)
        want = ("packed" if s.packed else "") + "(" + ", ".join(s.dims) + ")"
        if len(shape) != len(s.dims):
            self.fail(f"{s.where()}: marker says {want}, torch gave {shape}")
            return
        for i, (expr, got) in enumerate(zip(s.dims, shape)):
            try:
                v = eval_dim(expr, frame)
            except MalformedMarker as e:
                self.fail(f"{s.where()}: {e}")
                return
            if v is not None and v != got:
                self.fail(f"{s.where()}: marker says {want}, torch gave {shape} (dim {i}: {expr} = {v} != {got})")
                return

    # ---- tracing
    def global_trace(self, frame: FrameType, event: str, arg: Any) -> Optional[Callable[..., Any]]:
        if frame.f_code.co_filename != self.path:
            return None
        name = frame.f_code.co_name
        if name.startswith("<") and name != "<module>":
            return None  # comprehensions, lambdas, genexprs: markers belong to the enclosing frame
        return self.local_trace

    def local_trace(self, frame: FrameType, event: str, arg: Any) -> Callable[..., Any]:
        key = id(frame)
        if event == "line":
            was_raising = self.raising.get(key, False)
            self.raising[key] = False
            span = self.fx.span(frame.f_lineno)
            cur = self.cur.get(key)
            # A line outside the current statement's span means that statement completed. (A multi-line
            # statement may revisit its own lines; loops always pass through their header line.) Not when
            # it raised: a `with` block's exit (or an except clause) runs next, the statement did not complete.
            if cur is not None and not (cur[0] <= frame.f_lineno <= cur[1]):
                if not was_raising:
                    self.completed(cur, frame)
                self.cur[key] = span
            elif cur is None:
                self.cur[key] = span
        elif event == "exception":
            self.raising[key] = True
        elif event == "return":
            cur = self.cur.pop(key, None)
            if cur is not None and not self.raising.pop(key, False):
                self.completed(cur, frame)
        return self.local_trace

    def show_warning(self, message: Any, category: Any, filename: str, lineno: int,
                     file: Any = None, line: Any = None) -> None:
        f: Optional[FrameType] = sys._getframe(1)
        while f is not None and f.f_code.co_filename != self.path:
            f = f.f_back
        fixture_line = f.f_lineno if f is not None else -1
        self.warned.append((fixture_line, category.__name__, str(message)))

    def execute(self) -> None:
        import torch

        torch.manual_seed(0)
        random.seed(0)
        code = compile(self.fx.source, self.path, "exec")
        g: dict[str, Any] = {"__name__": "__main__", "__file__": self.path, "__builtins__": __builtins__}
        blamed: Optional[int] = None
        exc_text = ""
        exc_type = ""
        old_argv = sys.argv
        sys.argv = [self.path]
        sink = io.StringIO()
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("always")
                warnings.showwarning = self.show_warning
                sys.settrace(self.global_trace)
                try:
                    with redirect_stdout(sink), redirect_stderr(sink):
                        exec(code, g)  # noqa: S102 - running the fixture is the point
                except BaseException as e:  # noqa: BLE001
                    sys.settrace(None)
                    frames = [fr for fr in traceback.extract_tb(e.__traceback__) if fr.filename == self.path]
                    blamed = frames[-1].lineno if frames else None
                    exc_type = type(e).__name__
                    exc_text = f"{exc_type}: {str(e).splitlines()[0] if str(e) else ''}"
                finally:
                    sys.settrace(None)
        finally:
            sys.argv = old_argv

        # errors
        if exc_text:
            if blamed is None:
                self.fail(f"raised outside the fixture's lines: {exc_text}")
            else:
                bspan = self.fx.span(blamed)
                on_line = [d for ln in range(bspan[0], bspan[1] + 1) for d in self.diags_by_line.get(ln, [])]
                for d in on_line:
                    d.raised = True
                errors = [d for d in on_line if d.severity == "error"]
                if not errors:
                    self.fail(f"line {blamed}: raised but has no error marker: {exc_text}")
                for d in errors:
                    allowed = EXCEPTIONS_BY_CODE.get(d.code)
                    if exc_type in NEVER_CONFIRMS or (allowed is not None and exc_type not in allowed):
                        want = "/".join(allowed) if allowed else "a torch error"
                        self.fail(f"line {blamed}: `error: {d.code}` expects {want}, but the line raised {exc_text}")
        for d in self.fx.diags:
            if d.severity == "error" and not d.raised and not d.ran:
                self.fail(f"line {d.line}: `error: {d.code}` never reached (the file must run into it)")
            # A marked line may run cleanly in earlier loop iterations (a shorter last batch) as long as it
            # raises in the end; one that only ever ran is wrong.
            if d.severity == "error" and not d.torch2 and d.ran and not d.raised:
                self.fail(f"line {d.line}: marked `error: {d.code}` but ran without raising")
            if d.severity == "warning":
                if d.raised:
                    self.fail(f"line {d.line}: marked `warning: {d.code}` but raised: {exc_text}")
                elif not d.ran:
                    self.fail(f"line {d.line}: `warning: {d.code}` never ran")
        # warnings: RL105 <-> torch's dropout UserWarning
        dropout_lines = {self.fx.span(ln) for ln, cat, msg in self.warned
                         if cat == "UserWarning" and DROPOUT_WARNING in msg}
        for d in self.fx.diags:
            if d.code == "RL105" and self.fx.span(d.line) not in dropout_lines and d.ran:
                self.fail(f"line {d.line}: marked RL105 but torch emitted no dropout UserWarning there")
        marked105 = {self.fx.span(d.line) for d in self.fx.diags if d.code == "RL105"}
        for sp in dropout_lines:
            if sp not in marked105:
                self.fail(f"line {sp[0]}: torch warned about dropout with one layer but the line has no `warning: RL105`")
        # every shape marker ran
        for s in self.fx.shapes:
            if s.runs == 0:
                self.fail(f"{s.where()}: shape marker never ran (call the function at the bottom of the file)")


class NotAFixture(Exception):
    """A .py file without a single marker (a helper script beside the fixtures): not run, not counted."""


def verify_file(path: str) -> list[str]:
    """Problems found in one fixture; empty when every marker is true. Raises NotAFixture for a file
    without markers (the TS fixture runner still fails such a file under test/fixtures/)."""
    try:
        fx = load_fixture(path)
    except MalformedMarker as e:
        return [f"malformed marker: {e}"]
    if not fx.shapes and not fx.diags:
        raise NotAFixture(path)
    run = Run(fx)
    try:
        run.execute()
    except MalformedMarker as e:
        run.fail(f"malformed marker: {e}")
    return run.errors


def collect(dirs: list[str]) -> list[str]:
    files: list[str] = []
    for d in dirs:
        if os.path.isfile(d) and d.endswith(".py"):
            files.append(d)
            continue
        if not os.path.isdir(d):
            continue
        for root, _dirs, names in os.walk(d):
            _dirs.sort()
            for n in sorted(names):
                if n.endswith(".py"):
                    files.append(os.path.join(root, n))
    return files


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("--")]
    if "--no-selftest" not in argv:
        here = os.path.dirname(os.path.abspath(__file__))
        sys.path.insert(0, here)
        import test_oracle  # noqa: E402

        ok, summary = test_oracle.run_selftest(verify_file)
        print(f"self-test: {summary}")
        if not ok:
            print("0 passed, 1 failed")
            return 1
    passed = failed = 0
    for path in collect(args):
        try:
            problems = verify_file(path)
        except NotAFixture:
            print(f"skip {path} (no markers: not a fixture)")
            continue
        if problems:
            failed += 1
            print(f"FAIL {path}")
            for p in problems:
                print(f"     {p}")
        else:
            passed += 1
            print(f"ok   {path}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
