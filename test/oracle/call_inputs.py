"""Records what real torch gives each recurrent layer call of test/lsp/fixtures/calls.py: per source
line, every execution's input shape (and, for inputs of at most 16 floats, their values), initial state
shapes, and whether each state tensor holds one constant (its value). Writes test/lsp/fixtures/calls.torch.json; `--check` compares with the committed
file instead (exit 1 when they differ). test/unit/call-facts.test.ts checks the analysis against it."""
import json
import os
import sys

import torch
import torch.nn as nn

here = os.path.dirname(os.path.abspath(__file__))
fixture = os.path.join(here, "..", "lsp", "fixtures", "calls.py")
out_path = os.path.join(here, "..", "lsp", "fixtures", "calls.torch.json")
RECURRENT = (nn.RNNBase, nn.RNNCellBase)
seen = {}


def describe(t):
    if t is None:
        return None
    d = {"shape": list(t.shape)}
    flat = t.reshape(-1)
    if flat.numel() > 0 and bool((flat == flat[0]).all()):
        d["fill"] = float(flat[0])
    return d


def hook(module, args):
    if not isinstance(module, RECURRENT):
        return
    frame = sys._getframe(1)
    while frame and os.path.abspath(frame.f_code.co_filename) != os.path.abspath(fixture):
        frame = frame.f_back
    line = frame.f_lineno
    x = args[0]
    hx = args[1] if len(args) > 1 else None
    h0, c0 = (hx if isinstance(hx, tuple) else (hx, None))
    # an input's values are recorded when the file writes a small literal (the analysis claims them only then)
    values = [float(v) for v in x.reshape(-1).tolist()] if x.numel() <= 16 and x.dtype.is_floating_point else None
    entry = {"input": list(x.shape), "h0": describe(h0), "c0": describe(c0)}
    if values is not None:
        entry["values"] = values
    seen.setdefault(str(line), []).append(entry)


handle = torch.nn.modules.module.register_module_forward_pre_hook(hook)
torch.manual_seed(0)
src = open(fixture).read()
exec(compile(src, fixture, "exec"), {"__name__": "__main__"})
handle.remove()
text = json.dumps(seen, indent=1, sort_keys=True) + "\n"
if "--check" in sys.argv:
    if open(out_path).read() != text:
        print("calls.torch.json differs from what torch records now; rerun test/oracle/call_inputs.py")
        sys.exit(1)
    print("ok   calls.torch.json matches torch")
else:
    open(out_path, "w").write(text)
    print("wrote", out_path)
