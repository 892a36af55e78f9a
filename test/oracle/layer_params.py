"""Writes test/fixtures/params/layer_params.json from real torch: for each declaration of a non-recurrent
layer (written with symbolic sizes, and the sizes substituted), the state_dict names and shapes (buffers
marked), the parameter count, and the output shape of one call on a given input. Run with
/usr/bin/python3; test/unit/layer-facts.test.ts compares the analyzer's declaration facts (general and
concrete) and hover shape rules against it, and --check re-verifies the committed file."""
import json
import os
import sys

import torch
import torch.nn as nn

# (declaration with symbolic sizes, the sizes, an input shape for one call or None)
CONFIGS = [
    ("nn.Linear(2 * hidden, n_tags)", {"hidden": 7, "n_tags": 5}, [3, 4, 14]),
    ("nn.Linear(d_in, d_out, bias=False)", {"d_in": 6, "d_out": 9}, [2, 6]),
    ("nn.Embedding(vocab, dim, padding_idx=0)", {"vocab": 50, "dim": 8}, [4, 7]),
    ("nn.Conv1d(c_in, c_out, kernel_size=3)", {"c_in": 4, "c_out": 6}, [2, 4, 20]),
    ("nn.Conv1d(c_in, c_out, 5, stride=2, padding=1)", {"c_in": 4, "c_out": 6}, [2, 4, 21]),
    ("nn.Conv1d(2 * c, 4 * c, 3, groups=2, bias=False)", {"c": 2}, [2, 4, 10]),
    ("nn.Conv2d(c_in, c_out, (3, 5))", {"c_in": 3, "c_out": 8}, [2, 3, 16, 16]),
    ("nn.LayerNorm(width)", {"width": 12}, [2, 5, 12]),
    ("nn.LayerNorm((rows, width))", {"rows": 3, "width": 4}, [2, 3, 4]),
    ("nn.LayerNorm(width, elementwise_affine=False)", {"width": 12}, [2, 12]),
    ("nn.BatchNorm1d(feat)", {"feat": 10}, [4, 10, 6]),
    ("nn.BatchNorm1d(feat, affine=False)", {"feat": 10}, [4, 10, 3]),
    ("nn.BatchNorm1d(feat, track_running_stats=False)", {"feat": 10}, [4, 10, 3]),
    ("nn.Dropout(p)", {"p": 0.3}, [2, 3]),
    ("nn.ReLU()", {}, [2, 3]),
    ("nn.PReLU(n)", {"n": 4}, [2, 4]),
    ("nn.Flatten()", {}, [2, 3, 4, 5]),
    ("nn.MaxPool1d(k)", {"k": 2}, [2, 3, 9]),
    ("nn.AvgPool2d(k)", {"k": 2}, [2, 3, 8, 9]),
    ("nn.AdaptiveAvgPool1d(out)", {"out": 4}, [2, 3, 9]),
    ("nn.Sequential(nn.Linear(d_in, hid), nn.ReLU(), nn.Dropout(0.1), nn.Linear(hid, d_out))", {"d_in": 6, "hid": 16, "d_out": 3}, [5, 6]),
    ("nn.ModuleList([nn.Linear(d, d), nn.Linear(d, 2 * d)])", {"d": 5}, None),
]


# Modules written with symbolic sizes (their constructor's parameters) and the sizes to build them with:
# the parameter count of each named sub-layer and the total, for summaries of a class the file never builds.
MODELS = [
    ("""class Enc(nn.Module):
    def __init__(self, vocab, emb, hidden, n_tags):
        super().__init__()
        self.emb = nn.Embedding(vocab, emb, padding_idx=0)
        self.rnn = nn.LSTM(emb, hidden, num_layers=2, batch_first=True, bidirectional=True)
        self.norm = nn.LayerNorm(2 * hidden)
        self.head = nn.Sequential(nn.Linear(2 * hidden, hidden), nn.ReLU(), nn.Linear(hidden, n_tags))

    def forward(self, x):
        out, _ = self.rnn(self.emb(x))
        return self.head(self.norm(out))
""", "Enc", {"vocab": 40, "emb": 6, "hidden": 5, "n_tags": 3}),
    ("""class Cnn(nn.Module):
    def __init__(self, c_in, width, classes):
        super().__init__()
        self.conv = nn.Conv1d(c_in, width, 3, padding=1)
        self.bn = nn.BatchNorm1d(width)
        self.gru = nn.GRU(width, width, batch_first=True)
        self.fc = nn.Linear(width, classes, bias=False)

    def forward(self, x):
        h = torch.relu(self.bn(self.conv(x)))
        out, _ = self.gru(h.transpose(1, 2))
        return self.fc(out[:, -1])
""", "Cnn", {"c_in": 4, "width": 7, "classes": 2}),
    # a layer the analysis does not know (its parameters must not be left out of a total)
    ("""class Att(nn.Module):
    def __init__(self, d, heads):
        super().__init__()
        self.attn = nn.MultiheadAttention(d, heads)
        self.fc = nn.Linear(d, 3)

    def forward(self, x):
        y, _ = self.attn(x, x, x)
        return self.fc(y)
""", "Att", {"d": 8, "heads": 2}),
]


def describe_model(source, name, sizes):
    scope = {"nn": nn, "torch": torch}
    exec(source, scope)
    torch.manual_seed(0)
    model = scope[name](**sizes)
    layers = {n: sum(p.numel() for p in m.parameters()) for n, m in model.named_modules() if n}
    return {"source": source, "class": name, "sizes": sizes, "layers": layers, "total": sum(p.numel() for p in model.parameters())}


def substituted(expr, sizes):
    """The declaration with each size name replaced by its value (names are whole words)."""
    import re
    return re.sub(r"\b(%s)\b" % "|".join(sizes) if sizes else r"(?!x)x", lambda m: repr(sizes[m.group(1)]), expr)


def describe(expr, sizes, shape):
    torch.manual_seed(0)
    concrete = substituted(expr, sizes)
    layer = eval(concrete, {"nn": nn})
    layer.eval()
    buffers = {name for name, _ in layer.named_buffers()}
    params = [[name, list(t.shape), name in buffers] for name, t in layer.state_dict().items()]
    count = sum(p.numel() for p in layer.parameters())
    out = None
    if shape is not None:
        x = torch.randint(0, 10, shape) if isinstance(layer, nn.Embedding) else torch.randn(*shape)
        out = list(layer(x).shape)
    return {"expr": expr, "sizes": sizes, "concrete": concrete, "kind": type(layer).__name__, "params": params,
            "count": count, "input": shape, "output": out}


def main():
    out = os.path.join(os.path.dirname(__file__), "..", "fixtures", "params", "layer_params.json")
    data = {"torch": torch.__version__.split("+")[0], "configs": [describe(*c) for c in CONFIGS],
            "models": [describe_model(*m) for m in MODELS]}
    if "--check" in sys.argv:
        with open(out) as f:
            old = json.load(f)
        old["torch"] = data["torch"]
        if old != data:
            print("layer_params.json differs from what torch says now; re-run test/oracle/layer_params.py")
            sys.exit(1)
        print("layer_params.json: %d configs agree with torch" % len(CONFIGS))
        return
    with open(out, "w") as f:
        f.write(json.dumps(data, indent=1) + "\n")
    print("wrote %s (%d configs)" % (out, len(CONFIGS)))


if __name__ == "__main__":
    main()
