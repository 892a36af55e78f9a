"""Writes test/fixtures/strides/view_strides.json: random permuted tensors and view sizes, with what torch 1.13 does
(the strides of the view, or null when view raises). test/unit/strides.test.ts checks torch/strides.ts
against it. Run: /usr/bin/python3 test/oracle/view_strides_cases.py"""
import json
import os
import random

import torch

random.seed(8)
cases = []
while len(cases) < 400:
    rank = random.randint(1, 4)
    shape = [random.choice([1, 1, 2, 3, 4, 6]) for _ in range(rank)]
    perm = list(range(rank))
    random.shuffle(perm)
    x = torch.empty(shape).permute(*perm)
    # a new shape: merge or split neighbouring dims of the permuted sizes at random
    sizes = list(x.shape)
    new = []
    i = 0
    while i < len(sizes):
        if i + 1 < len(sizes) and random.random() < 0.5:
            new.append(sizes[i] * sizes[i + 1])
            i += 2
        else:
            s = sizes[i]
            if s in (4, 6) and random.random() < 0.4:
                new.extend([2, s // 2])
            else:
                new.append(s)
            i += 1
    if random.random() < 0.2:
        new.insert(random.randint(0, len(new)), 1)
    try:
        strides = list(x.view(new).stride())
    except RuntimeError as e:
        assert "view size is not compatible" in str(e), e
        strides = None
    cases.append({"shape": list(x.shape), "strides": list(x.stride()), "view": new, "result": strides})
out = os.path.join(os.path.dirname(__file__), "..", "fixtures", "strides", "view_strides.json")
with open(out, "w") as f:
    json.dump(cases, f, separators=(",", ":"))
    f.write("\n")
print(f"{len(cases)} cases, {sum(c['result'] is None for c in cases)} raise")
