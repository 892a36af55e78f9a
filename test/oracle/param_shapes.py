"""Writes test/fixtures/params/recurrent_params.json from real torch: for each layer configuration, the
state_dict names and shapes, the parameter count, and the shapes one forward pass returns (batched
N=3, L=5 and unbatched L=5). Run with /usr/bin/python3; test/unit/module-facts.test.ts compares the
analyzer's declaration facts against it, and --check re-verifies the committed file."""
import json
import os
import sys

import torch
import torch.nn as nn

CONFIGS = [
    "nn.RNN(10, 20)",
    "nn.RNN(10, 20, 2, nonlinearity='relu', bidirectional=True)",
    "nn.RNN(7, 3, num_layers=3, bias=False, batch_first=True)",
    "nn.LSTM(10, 20)",
    "nn.LSTM(10, 20, num_layers=2, bidirectional=True, batch_first=True)",
    "nn.LSTM(10, 20, proj_size=5)",
    "nn.LSTM(10, 20, num_layers=3, bidirectional=True, proj_size=7)",
    "nn.LSTM(4, 6, bias=False, num_layers=2, dropout=0.25)",
    "nn.GRU(10, 20)",
    "nn.GRU(12, 24, 2, bidirectional=True)",
    "nn.GRU(5, 8, bias=False, batch_first=True)",
    "nn.RNNCell(10, 20)",
    "nn.RNNCell(10, 20, bias=False, nonlinearity='relu')",
    "nn.LSTMCell(10, 20)",
    "nn.GRUCell(6, 9)",
    "nn.GRUCell(6, 9, bias=False)",
]


def shapes_of(value):
    if isinstance(value, torch.Tensor):
        return list(value.shape)
    return [shapes_of(v) for v in value]


def describe(expr):
    torch.manual_seed(0)
    layer = eval(expr, {"nn": nn})
    layer.eval()
    params = [[name, list(p.shape)] for name, p in layer.state_dict().items()]
    count = sum(p.numel() for p in layer.parameters())
    kind = type(layer).__name__
    batch_first = getattr(layer, "batch_first", False)
    if kind.endswith("Cell"):
        batched = shapes_of(layer(torch.randn(3, layer.input_size)))
        unbatched = shapes_of(layer(torch.randn(layer.input_size)))
    else:
        x = torch.randn(3, 5, layer.input_size) if batch_first else torch.randn(5, 3, layer.input_size)
        batched = shapes_of(layer(x))
        unbatched = shapes_of(layer(torch.randn(5, layer.input_size)))
    return {"expr": expr, "kind": kind, "params": params, "count": count, "batched": batched, "unbatched": unbatched}


def main():
    out = os.path.join(os.path.dirname(__file__), "..", "fixtures", "params", "recurrent_params.json")
    data = {"torch": torch.__version__.split("+")[0], "configs": [describe(c) for c in CONFIGS]}
    text = json.dumps(data, indent=1) + "\n"
    if "--check" in sys.argv:
        with open(out) as f:
            old = json.load(f)
        old["torch"] = data["torch"]
        if old != data:
            print("recurrent_params.json differs from what torch says now; re-run test/oracle/param_shapes.py")
            sys.exit(1)
        print("recurrent_params.json: %d configs agree with torch" % len(CONFIGS))
        return
    with open(out, "w") as f:
        f.write(text)
    print("wrote %s (%d configs)" % (out, len(CONFIGS)))


if __name__ == "__main__":
    main()
