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


# PyTorch's documentation letters (DESIGN.md "Shapes"): a dim written with one of them accepts any size,
# but one letter keeps one size within a file. A file may name more dims itself, in a shape comment
# (`# x: (B, T, 10)`) or a jaxtyping-style annotation (`Float[Tensor, "batch seq 10"]`).
DOC_LETTERS = frozenset({"N", "L", "D", "H_in", "H_cell", "H_out", "T"})  # T: the steps of a packed(T, H)
# The names the analysis gives those sizes where the code already uses the letter for something else
# (server/src/analysis/interpreter/symbolNames.ts): one size each too.
DOC_LETTERS = DOC_LETTERS | {"T_total", "L_max", "L_seq", "N_batch"}
HERE = os.path.dirname(os.path.abspath(__file__))
MESSAGES_MD = os.path.join(HERE, "torch-messages.md")
PATTERNS_HEADING = "## Patterns the oracle checks"


def load_patterns(path: str = MESSAGES_MD) -> dict[str, list[tuple[str, re.Pattern[str]]]]:
    """The machine-read table of torch-messages.md: code -> [(exception type, message regex)]."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if PATTERNS_HEADING not in text:
        raise SystemExit(f"{path}: no {PATTERNS_HEADING!r} section")
    section = text.split(PATTERNS_HEADING, 1)[1].split("\n## ", 1)[0]
    out: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
    for row in section.splitlines():
        if not row.startswith("| RL"):
            continue
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", row.strip().strip("|"))]
        if len(cells) < 3:
            raise SystemExit(f"{path}: bad pattern row {row!r}")
        code, exc, pat = cells[0], cells[1], cells[2]
        if not (pat.startswith("`") and pat.endswith("`")):
            raise SystemExit(f"{path}: pattern must be in backticks: {row!r}")
        out.setdefault(code, []).append((exc, re.compile(pat[1:-1].replace("\\|", "|"))))
    if not out:
        raise SystemExit(f"{path}: the {PATTERNS_HEADING!r} table has no rows")
    return out


PATTERNS = load_patterns()
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
    # A hover marker on a name that is read (not bound) there: its value is checked before the statement
    # runs (`out = fc(out)`: the second `out` is the old value).
    before: bool = False
    hover: bool = False
    runs: int = 0

    def where(self) -> str:
        return f"{self.code_line}:{self.column} {self.name}{' (hover)' if self.hover else ''}"


@dataclass
class DiagMarker:
    line: int  # 1-based
    severity: str
    code: str
    torch2: bool
    ran: bool = False  # the line completed without raising
    raised: bool = False


@dataclass
class FixMarker:
    marker_line: int  # 1-based line of the `# fix:` comment
    code_line: int  # 1-based line of the diagnostic it fixes
    title: str
    result: str  # the edited line's code after the fix (stripped)


@dataclass
class Fixture:
    path: str
    source: str
    shapes: list[ShapeMarker] = field(default_factory=list)
    diags: list[DiagMarker] = field(default_factory=list)
    fixes: list[FixMarker] = field(default_factory=list)
    # line -> (start, end) of the simple statement it belongs to (1-based, inclusive)
    spans: dict[int, tuple[int, int]] = field(default_factory=dict)
    # first line of a statement -> the statement
    statements: dict[int, ast.stmt] = field(default_factory=dict)
    # dims the file names itself (shape comments, jaxtyping-style annotations)
    declared: set[str] = field(default_factory=set)

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


FIX_LINE_RE = re.compile(r"^\s*#\s*fix:")
SHAPE_COMMENT_RE = re.compile(r"#\s*[A-Za-z_]\w*\s*:\s*\(([^)]*)\)")
IDENT_RE = re.compile(r"[A-Za-z_]\w*")


def declared_dims(tree: ast.Module, comments: dict[int, tuple[int, str]]) -> set[str]:
    """Dim names the file writes down itself: `# x: (B, T, 10)` comments and the dims string of a
    jaxtyping-style annotation (`Float[Tensor, "batch seq 10"]`, also quoted as a whole)."""
    out: set[str] = set()
    for _col, text in comments.values():
        for m in SHAPE_COMMENT_RE.finditer(text):
            out.update(IDENT_RE.findall(m.group(1)))
    for node in ast.walk(tree):
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        anns = [a.annotation for a in node.args.posonlyargs + node.args.args + node.args.kwonlyargs]
        anns.append(node.returns)
        for ann in anns:
            for c in ast.walk(ann) if ann is not None else []:
                if isinstance(c, ast.Constant) and isinstance(c.value, str):
                    quoted = re.findall(r"['\"]([^'\"]*)['\"]", c.value)
                    for dims in quoted or [c.value]:
                        out.update(t for t in dims.split() if IDENT_RE.fullmatch(t))
    return out


def name_contexts(tree: ast.Module) -> dict[tuple[int, int, str], type]:
    """(line, column, dotted text) -> ast.Load / ast.Store / ast.Del, for every name and attribute chain."""
    out: dict[tuple[int, int, str], type] = {}
    for node in ast.walk(tree):
        if isinstance(node, (ast.Name, ast.Attribute)):
            out[(node.lineno, node.col_offset, ast.unparse(node))] = type(node.ctx)
    return out


def load_fixture(path: str, source: Optional[str] = None) -> Fixture:
    if source is None:
        with open(path, encoding="utf-8") as f:
            source = f.read()
    fx = Fixture(path=path, source=source)
    try:
        tree = ast.parse(source, filename=path)
    except SyntaxError as e:
        raise MalformedMarker(f"syntax error: {e}") from None
    fx.spans = statement_spans(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.stmt):
            fx.statements.setdefault(node.lineno, node)
    contexts = name_contexts(tree)
    lines = source.split("\n")

    # Comments, from the tokenizer (so '#' inside strings is not a comment).
    comments: dict[int, tuple[int, str]] = {}
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type == tokenize.COMMENT:
            comments[tok.start[0]] = (tok.start[1], tok.string)
    fx.declared = declared_dims(tree, comments)

    def is_marker_line(idx0: int) -> bool:
        return bool(CARET_LINE_RE.match(lines[idx0]) or FIX_LINE_RE.match(lines[idx0]))

    def code_above(idx0: int, what: str) -> int:
        j = idx0 - 1
        while j >= 0 and is_marker_line(j):
            j -= 1
        if j < 0:
            raise MalformedMarker(f"line {idx0 + 1}: {what} with no code line above")
        code = lines[j]
        if code.strip() == "" or code.strip().startswith("#"):
            raise MalformedMarker(f"line {idx0 + 1}: {what} must follow a code line, found {code!r}")
        return j

    for idx0, text in enumerate(lines):
        ln = idx0 + 1
        if FIX_LINE_RE.match(text):
            body = text.split("fix:", 1)[1]
            if " -> " not in body:
                raise MalformedMarker(f"line {ln}: a fix marker is `# fix: <title> -> <resulting line>`, got {text.strip()!r}")
            title, result = body.split(" -> ", 1)
            if not title.strip() or not result.strip():
                raise MalformedMarker(f"line {ln}: empty title or resulting line in {text.strip()!r}")
            fx.fixes.append(FixMarker(ln, code_above(idx0, "fix marker") + 1, title.strip(), result.strip()))
            continue
        if CARET_LINE_RE.match(text):
            col = text.index("^")
            rest = text[col + 1:].strip()
            hover = rest.startswith("hover:")
            if hover:
                rest = rest[len("hover:"):].strip()
                if not (rest.startswith("(") or rest.startswith("packed(")):
                    continue  # hover text that is not a shape: the editor tests' business
            j = code_above(idx0, "caret marker")
            code = lines[j]
            start = name_start(code, col, text)
            if start is None:
                raise MalformedMarker(f"line {ln}: caret at column {col} is not under the start of a name in {code!r}")
            col = start
            m = NAME_RE.match(code[col:])
            assert m is not None
            dims, packed = parse_dims(rest, f"line {ln}")
            before = False
            name = m.group(0)
            if hover:
                # a method called on the name is not part of it: `lstm_out.contiguous()` hovers `lstm_out`
                if "." in name and code[col + len(name):col + len(name) + 1] == "(":
                    name = name.rsplit(".", 1)[0]
                ctx = contexts.get((j + 1, col, name))
                if ctx is None:
                    raise MalformedMarker(f"line {ln}: hover marker on {name!r}, which is not a name the code reads or binds there")
                before = ctx is ast.Load
            fx.shapes.append(ShapeMarker(ln, j + 1, col, name, dims, packed, before=before, hover=hover))
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
    for fix in fx.fixes:
        if not any(d.line == fix.code_line for d in fx.diags):
            raise MalformedMarker(f"line {fix.marker_line}: fix marker under line {fix.code_line}, which has no diagnostic marker")
    return fx


# ---------------------------------------------------------------------------------------------
# Running


class FrameScope(dict):  # type: ignore[type-arg]
    """Names as a dim marker sees them: the frame's locals, its globals, then attributes of `self`
    (`hidden_size` in `forward` is `self.hidden_size`), then the letters bound so far."""

    def __init__(self, frame: FrameType, letters: dict[str, int]) -> None:
        super().__init__()
        self.frame_locals = frame.f_locals
        self.frame_globals = frame.f_globals
        self.letters = letters

    def lookup(self, name: str) -> tuple[bool, Any]:
        if name in self.frame_locals:
            return True, self.frame_locals[name]
        if name in self.frame_globals:
            return True, self.frame_globals[name]
        me = self.frame_locals.get("self")
        if me is not None and name in getattr(me, "__dict__", {}):
            return True, me.__dict__[name]
        return False, None

    def __missing__(self, name: str) -> Any:
        found, v = self.lookup(name)
        if found:
            return v
        if name in self.letters:
            return self.letters[name]
        raise KeyError(name)


class Run:
    def __init__(self, fx: Fixture) -> None:
        self.fx = fx
        self.path = os.path.abspath(fx.path)
        self.errors: list[str] = []
        self.after_by_line: dict[int, list[ShapeMarker]] = {}
        self.before_by_line: dict[int, list[ShapeMarker]] = {}
        for s in fx.shapes:
            (self.before_by_line if s.before else self.after_by_line).setdefault(s.code_line, []).append(s)
        self.diags_by_line: dict[int, list[DiagMarker]] = {}
        for d in fx.diags:
            self.diags_by_line.setdefault(d.line, []).append(d)
        # per frame: current span, and whether an exception is propagating
        self.cur: dict[int, tuple[int, int]] = {}
        self.raising: dict[int, bool] = {}
        self.warned: list[tuple[int, str, str]] = []  # (line, category, message)
        self.letters: dict[str, int] = {}  # documentation letter -> the size it stands for in this file
        self.allowed_letters = DOC_LETTERS | fx.declared
        self.completed_spans: set[tuple[int, int]] = set()
        self.gru_as_lstm_spans: set[tuple[int, int]] = set()  # statements torch ran as RL302 describes
        self.exc_type = ""
        self.exc_message = ""
        self.exc_text = ""
        self.blamed: Optional[int] = None

    def fail(self, msg: str) -> None:
        if msg not in self.errors:
            self.errors.append(msg)

    # ---- checks before a statement starts and after it completes
    def starting(self, span: tuple[int, int], frame: FrameType) -> None:
        for ln in range(span[0], span[1] + 1):
            for s in self.before_by_line.get(ln, []):
                self.check_shape(s, frame)
        if self.unpacks_two_row_state(span, frame):
            self.gru_as_lstm_spans.add(span)

    def completed(self, span: tuple[int, int], frame: FrameType) -> None:
        self.completed_spans.add(span)
        for ln in range(span[0], span[1] + 1):
            for d in self.diags_by_line.get(ln, []):
                d.ran = True
            for s in self.after_by_line.get(ln, []):
                self.check_shape(s, frame)

    def unpacks_two_row_state(self, span: tuple[int, int], frame: FrameType) -> bool:
        """RL302's meaning: `out, (h, c) = layer(x)` where the layer is an RNN or GRU whose h_n has
        D*num_layers == 2 rows, so the unpacking runs and splits h_n along dim 0."""
        st = self.fx.statements.get(span[0])
        if not isinstance(st, ast.Assign) or len(st.targets) != 1 or not isinstance(st.value, ast.Call):
            return False
        target = st.targets[0]
        if not (isinstance(target, ast.Tuple) and len(target.elts) == 2
                and isinstance(target.elts[1], ast.Tuple) and len(target.elts[1].elts) == 2):
            return False
        func = st.value.func
        if not isinstance(func, (ast.Name, ast.Attribute)):
            return False
        try:
            layer = eval(ast.unparse(func), dict(frame.f_globals), dict(frame.f_locals))  # noqa: S307
        except Exception:  # noqa: BLE001
            return False
        import torch.nn as nn

        if not isinstance(layer, (nn.RNN, nn.GRU)):
            return False
        return int(layer.num_layers) * (2 if layer.bidirectional else 1) == 2

    def eval_dim(self, expr: str, frame: FrameType) -> tuple[Optional[int], Optional[str]]:
        """(value, None), or (None, letter) for a dim that is a letter not bound yet in this file."""
        tree = ast.parse(expr, mode="eval")
        scope = FrameScope(frame, self.letters)
        names = sorted({n.id for n in ast.walk(tree) if isinstance(n, ast.Name)})
        free = [n for n in names if not scope.lookup(n)[0]]
        for n in free:
            if n not in self.allowed_letters:
                raise MalformedMarker(
                    f"dim {expr!r}: {n!r} is not a value in the frame (local, global or self.{n}) and not a "
                    f"documentation letter ({', '.join(sorted(DOC_LETTERS))}) or a dim the file names itself")
        unbound = [n for n in free if n not in self.letters]
        if unbound:
            if isinstance(tree.body, ast.Name):
                return None, tree.body.id
            raise MalformedMarker(f"dim {expr!r}: letter {unbound[0]!r} must first stand alone as a dim to be checked")
        try:
            v = eval(compile(tree, "<dim>", "eval"), {"__builtins__": {}}, scope)  # noqa: S307 - our own markers
        except AttributeError as e:
            raise MalformedMarker(f"dim {expr!r}: {e}") from None
        if isinstance(v, bool) or not isinstance(v, int):
            if isinstance(v, float) and v.is_integer():
                return int(v), None
            raise MalformedMarker(f"dim {expr!r} evaluates to {type(v).__name__} {v!r}, not an int")
        return v, None

    def check_shape(self, s: ShapeMarker, frame: FrameType) -> None:
        import torch
        from torch.nn.utils.rnn import PackedSequence

        s.runs += 1
        when = "before the line ran" if s.before else "after the line ran"
        try:
            value = eval(s.name, dict(frame.f_globals), dict(frame.f_locals))  # noqa: S307
        except Exception as e:  # noqa: BLE001
            self.fail(f"{s.where()}: name not bound {when} ({type(e).__name__}: {e})")
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
                v, letter = self.eval_dim(expr, frame)
            except MalformedMarker as e:
                self.fail(f"{s.where()}: malformed marker: {e}")
                return
            if letter is not None:
                self.letters[letter] = got  # first use binds the letter for the rest of the file
                continue
            if v != got:
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
                self.starting(span, frame)
            elif cur is None:
                self.cur[key] = span
                self.starting(span, frame)
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

    def run_source(self) -> None:
        """Run the fixture's source under the tracer; record the exception (if any) and the line blamed."""
        import torch

        torch.manual_seed(0)
        random.seed(0)
        code = compile(self.fx.source, self.path, "exec")
        g: dict[str, Any] = {"__name__": "__main__", "__file__": self.path, "__builtins__": __builtins__}
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
                    self.blamed = frames[-1].lineno if frames else None
                    self.exc_type = type(e).__name__
                    self.exc_message = str(e)
                    self.exc_text = f"{self.exc_type}: {str(e).splitlines()[0] if str(e) else ''}"
                finally:
                    sys.settrace(None)
        finally:
            sys.argv = old_argv

    def broadcast_target_warning_spans(self) -> set[tuple[int, int]]:
        return {self.fx.span(ln) for ln, cat, msg in self.warned if cat == "UserWarning" and BROADCAST_TARGET_WARNING in msg}

    def dropout_warning_spans(self) -> set[tuple[int, int]]:
        return {self.fx.span(ln) for ln, cat, msg in self.warned if cat == "UserWarning" and DROPOUT_WARNING in msg}

    def execute(self) -> None:
        self.run_source()
        exc_text = self.exc_text
        # errors: the blamed line carries the marker, and torch's exception means what the code means
        if exc_text:
            if self.blamed is None:
                self.fail(f"raised outside the fixture's lines: {exc_text}")
            else:
                blamed = self.blamed
                bspan = self.fx.span(blamed)
                on_line = [d for ln in range(bspan[0], bspan[1] + 1) for d in self.diags_by_line.get(ln, [])]
                for d in on_line:
                    d.raised = True
                errors = [d for d in on_line if d.severity == "error"]
                if not errors:
                    self.fail(f"line {blamed}: raised but has no error marker: {exc_text}")
                for d in errors:
                    problem = torch_confirms(d.code, self.exc_type, self.exc_message)
                    if problem:
                        self.fail(f"line {blamed}: `error: {d.code}` {problem}")
        for d in self.fx.diags:
            if d.severity in ("information", "hint"):
                self.fail(f"line {d.line}: `{d.severity}: {d.code}`: the oracle has no torch check for {d.severity} markers")
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
                elif d.code not in WARNING_CODES:
                    self.fail(f"line {d.line}: `warning: {d.code}`: the oracle knows no torch behaviour for this "
                              f"warning code (known: {', '.join(sorted(WARNING_CODES))})")
        # warnings, both ways: RL105 <-> torch's dropout UserWarning; RL302 <-> an RNN/GRU state of two
        # rows unpacked as an LSTM's (h, c)
        for code, spans, what in (
            ("RL105", self.dropout_warning_spans(), "torch emitted no dropout UserWarning there"),
            ("RL302", self.gru_as_lstm_spans, "the line does not unpack a two-row RNN/GRU h_n as (h, c)"),
            ("RL413", self.broadcast_target_warning_spans(), "torch emitted no target-size broadcasting UserWarning there"),
        ):
            marked = {self.fx.span(d.line) for d in self.fx.diags if d.code == code}
            for d in self.fx.diags:
                if d.code == code and d.ran and self.fx.span(d.line) not in spans:
                    self.fail(f"line {d.line}: marked {code} but {what}")
            # (a line that raises may warn on its way: the error marker speaks for it)
            raised = {self.fx.span(d.line) for d in self.fx.diags if d.severity == "error" and d.raised}
            for sp in spans:
                if sp not in marked and sp not in raised:
                    self.fail(f"line {sp[0]}: torch shows what {code} describes there but the line has no `warning: {code}`")
        # every shape marker ran
        for s in self.fx.shapes:
            if s.runs == 0:
                self.fail(f"{s.where()}: shape marker never ran (call the function at the bottom of the file)")


WARNING_CODES = frozenset({"RL105", "RL302", "RL413"})
# MSE/L1/SmoothL1/Huber losses whose target broadcasts against the input (RL413)
BROADCAST_TARGET_WARNING = "This will likely lead to incorrect results due to broadcasting"


def torch_confirms(code: str, exc_type: str, message: str) -> Optional[str]:
    """None when torch's exception is what `code` means (a row of torch-messages.md's pattern table),
    else why not."""
    rows = PATTERNS.get(code)
    if rows is None:
        return f"has no torch message pattern in torch-messages.md ({PATTERNS_HEADING[3:]})"
    if exc_type in NEVER_CONFIRMS:
        return f"is not confirmed by {exc_type}: {message.splitlines()[0] if message else ''}"
    for exc, pat in rows:
        if exc == exc_type and pat.search(message):
            return None
    want = "; ".join(f"{exc} /{pat.pattern}/" for exc, pat in rows)
    first = message.splitlines()[0] if message else ""
    return f"expects {want}, but the line raised {exc_type}: {first}"


FIX_LINES_SEP = " ;; "


def apply_fix(fx: Fixture, fix: FixMarker) -> tuple[int, str]:
    """The line a fix marker edits (1-based) and the fixture's source with the fix applied (the edited line's
    comment kept). A quick fix replaces a part of one line, so the edited line is the code line that shares
    the longest common start plus end with the resulting line (ties: the nearest to the diagnostic). A fix
    that edits several lines (h_0 and c_0 alike) lists their results joined by ` ;; `, each applied so."""
    if FIX_LINES_SEP in fix.result:
        first = 0
        for part in fix.result.split(FIX_LINES_SEP):
            edited, source = apply_fix(Fixture(path=fx.path, source=fx.source), FixMarker(fix.marker_line, fix.code_line, fix.title, part))
            fx = Fixture(path=fx.path, source=source)
            first = first or edited
        return first, fx.source
    lines = fx.source.split("\n")
    best: list[tuple[int, int, int]] = []
    for i, text in enumerate(lines):
        code = strip_comment(text).strip()
        if not code or code.startswith("#") or code == fix.result:
            continue
        n = min(len(code), len(fix.result))
        pre = 0
        while pre < n and code[pre] == fix.result[pre]:
            pre += 1
        suf = 0
        while suf < n - pre and code[-1 - suf] == fix.result[-1 - suf]:
            suf += 1
        if pre + suf >= n // 2:  # the rest of the line is kept
            best.append((pre + suf, -abs(i + 1 - fix.code_line), i))
    best.sort(reverse=True)
    if not best:
        raise MalformedMarker(f"line {fix.marker_line}: no code line is a one-part edit away from the fix's result {fix.result!r}")
    i = best[0][2]
    code = strip_comment(lines[i])
    indent = lines[i][: len(lines[i]) - len(lines[i].lstrip())]
    lines[i] = indent + fix.result + lines[i][len(code):]
    return i + 1, "\n".join(lines)


def strip_comment(text: str) -> str:
    try:
        toks = list(tokenize.generate_tokens(io.StringIO(text + "\n").readline))
    except (tokenize.TokenError, SyntaxError, IndentationError):
        return text
    for t in toks:
        if t.type == tokenize.COMMENT:
            return text[: t.start[1]].rstrip()
    return text


def verify_fix(fx: Fixture, fix: FixMarker, before: Run) -> list[str]:
    """Run the fixture with the fix applied. Torch's objection must be gone: the fixed line and the lines
    before the diagnostic's line run, and the diagnostic's line runs to completion, or raises a different
    message (torch moved on to the line's next problem, which the analyzer reports in its turn); for a
    warning, torch no longer shows what the warning describes there. `before` is the run of the unfixed file."""
    where = f"fix {fix.title!r} (line {fix.marker_line})"
    try:
        edited, source = apply_fix(fx, fix)
        fixed = load_fixture(fx.path, source)
    except MalformedMarker as e:
        return [f"{where}: malformed marker: {e}"]
    fixed.shapes, fixed.diags, fixed.fixes = [], [], []
    run = Run(fixed)
    run.run_source()
    problems: list[str] = []
    span = fixed.span(fix.code_line)
    espan = fixed.span(edited)
    if run.blamed is not None and espan[0] <= run.blamed <= espan[1] and espan != span:
        problems.append(f"{where}: the fixed line {edited} raises {run.exc_text}")
    elif run.blamed is not None and span[0] <= run.blamed <= span[1]:
        if before.blamed is not None and span[0] <= before.blamed <= span[1] and run.exc_text == before.exc_text:
            problems.append(f"{where}: after the fix line {fix.code_line} still raises {run.exc_text}")
    elif span not in run.completed_spans:
        why = f" (the run stopped at line {run.blamed}: {run.exc_text})" if run.exc_text else ""
        problems.append(f"{where}: after the fix line {fix.code_line} never ran to completion{why}")
    if span in run.dropout_warning_spans() or span in run.gru_as_lstm_spans:
        problems.append(f"{where}: after the fix torch still warns on line {fix.code_line}")
    return problems


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
    problems = list(run.errors)
    for fix in fx.fixes:
        problems.extend(verify_fix(fx, fix, run))
    return problems


def collect(dirs: list[str]) -> tuple[list[str], list[str]]:
    """The .py files under the arguments, and the arguments that hold none (each is an error)."""
    files: list[str] = []
    empty: list[str] = []
    for d in dirs:
        if os.path.isfile(d) and d.endswith(".py"):
            files.append(d)
            continue
        found: list[str] = []
        if os.path.isdir(d):
            for root, _dirs, names in os.walk(d):
                _dirs.sort()
                for n in sorted(names):
                    if n.endswith(".py"):
                        found.append(os.path.join(root, n))
        if not found:
            empty.append(d)
        files.extend(found)
    return files, empty


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("--")]
    if "--no-selftest" not in argv:
        sys.path.insert(0, HERE)
        import test_oracle  # noqa: E402

        ok, summary = test_oracle.run_selftest(verify_file, verify_paths)
        print(f"self-test: {summary}")
        if not ok:
            print("0 passed, 1 failed")
            return 1
    return verify_paths(args)


def verify_paths(args: list[str]) -> int:
    """Verify every fixture under the arguments. Fails when an argument (or all of them) holds no fixture."""
    if not args:
        print("no fixture folders given")
        print("0 passed, 1 failed")
        return 1
    files, empty = collect(args)
    passed = failed = 0
    for d in empty:
        failed += 1
        print(f"FAIL {d}: no .py files (a missing or empty folder checks nothing)")
    counted: dict[str, int] = {}
    for path in files:
        try:
            problems = verify_file(path)
        except NotAFixture:
            print(f"skip {path} (no markers: not a fixture)")
            continue
        top = next((a for a in args if os.path.abspath(path).startswith(os.path.abspath(a))), path)
        counted[top] = counted.get(top, 0) + 1
        if problems:
            failed += 1
            print(f"FAIL {path}")
            for p in problems:
                print(f"     {p}")
        else:
            passed += 1
            print(f"ok   {path}")
    for a in args:
        if a not in empty and counted.get(a, 0) == 0:
            failed += 1
            print(f"FAIL {a}: no fixture with markers in it")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
