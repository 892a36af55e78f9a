# Authoring helper: rewrites `#@ name (dims)` lines in fixture files into caret shape markers aligned under
# `name` in the nearest code line above. Usage: /usr/bin/python3 test/oracle/align_markers.py FILE...
import re
import sys

SHORT = re.compile(r"^(\s*)#@\s+([A-Za-z_][\w.]*)\s+(.+?)\s*$")


def align(text: str, path: str) -> str:
    lines = text.split("\n")
    out: list[str] = []
    code = None  # last code line written
    for ln, line in enumerate(lines, 1):
        m = SHORT.match(line)
        if not m:
            out.append(line)
            if line.strip() and not re.match(r"^\s*#", line):
                code = line
            continue
        if code is None:
            raise SystemExit(f"{path}:{ln}: no code line above")
        name, shape = m.group(2), m.group(3)
        hit = re.search(r"(?<![\w.])" + re.escape(name) + r"(?![\w])", code)
        if not hit:
            raise SystemExit(f"{path}:{ln}: {name!r} not in {code!r}")
        col = hit.start()
        indent = len(code) - len(code.lstrip())
        if col == indent:
            out.append(" " * indent + "#^ " + shape)
        else:
            out.append(" " * indent + "#" + " " * (col - indent - 1) + "^ " + shape)
    return "\n".join(out)


if __name__ == "__main__":
    for p in sys.argv[1:]:
        with open(p, encoding="utf-8") as f:
            t = f.read()
        new = align(t, p)
        if new != t:
            with open(p, "w", encoding="utf-8") as f:
                f.write(new)
