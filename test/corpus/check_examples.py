# Checks the bundled examples under real torch (run with /usr/bin/python3): sentiment_lstm.py runs clean, and
# each `# error:` bug of buggy_bilstm_tagger.py raises on its own line once the bugs before it are fixed.
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
EXAMPLES = os.path.join(HERE, "..", "..", "examples")

# The fix for each marked bug of the buggy example, in the order torch meets them (old text -> new text).
TAGGER_FIXES = [
    [("h0 = torch.zeros(self.num_layers, batch_size", "h0 = torch.zeros(self.num_layers * 2, batch_size"),
     ("c0 = torch.zeros(self.num_layers, batch_size", "c0 = torch.zeros(self.num_layers * 2, batch_size")],
    [("nn.Linear(hidden_dim, n_tags)", "nn.Linear(2 * hidden_dim, n_tags)")],
    [("argmax(dim=3)", "argmax(dim=2)")],
]


def run(source: str) -> tuple[int, "int | None", str]:
    """Run source as a script; (exit code, innermost line of the script in the traceback, last stderr line)."""
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as f:
        f.write(source)
        path = f.name
    try:
        r = subprocess.run([sys.executable, path], capture_output=True, text=True, timeout=300)
    finally:
        os.unlink(path)
    lines = re.findall(r'File "' + re.escape(path) + r'", line (\d+)', r.stderr)
    last = r.stderr.strip().splitlines()[-1] if r.stderr.strip() else ""
    return r.returncode, (int(lines[-1]) if lines else None), last


def main() -> int:
    failures = []
    clean = open(os.path.join(EXAMPLES, "sentiment_lstm.py")).read()
    code, line, last = run(clean)
    print(f"sentiment_lstm.py: exit {code} {last}")
    if code != 0:
        failures.append(f"sentiment_lstm.py raised at line {line}: {last}")

    src = open(os.path.join(EXAMPLES, "buggy_bilstm_tagger.py")).read()
    marked = [i + 1 for i, l in enumerate(src.split("\n")) if re.search(r"\S.*#\s*error:\s*RL\d{3}", l)]
    if len(marked) != len(TAGGER_FIXES):
        failures.append(f"buggy_bilstm_tagger.py has {len(marked)} error markers, {len(TAGGER_FIXES)} known fixes")
    s = src
    for k, want in enumerate(marked):
        code, line, last = run(s)
        print(f"buggy_bilstm_tagger.py with {k} fixed: raised at line {line}: {last}")
        if line != want:
            failures.append(f"bug {k + 1}: expected torch to raise at line {want}, got {line} ({last})")
        for old, new in TAGGER_FIXES[k] if k < len(TAGGER_FIXES) else []:
            if old not in s:
                failures.append(f"fix {k + 1}: {old!r} not found")
            s = s.replace(old, new)
    code, line, last = run(s)
    print(f"buggy_bilstm_tagger.py with every bug fixed: exit {code}")
    if code != 0:
        failures.append(f"the fully fixed tagger still raises at line {line}: {last}")
    for f in failures:
        print("FAIL", f)
    print(f"{'ok' if not failures else 'FAILED'}: {len(failures)} problems")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
