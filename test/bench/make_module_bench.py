"""Writes the whole-model benchmark's inputs into OUTDIR (run with /usr/bin/python3 by module.bench.ts;
nothing here is committed output): three tutorial-size models built from the classes of test/models —
the word_language_model defaults (vocab 10000, 200/200, 2 layers, 35×20), a bi-GRU tagger (vocab 5000,
100/128, 32×40, packed) and a seq2seq decoder step with attention (vocab 5000, 256/512, source 20,
batch 32) — each as a .py file that builds it, its state_dict (.safetensors), its inputs by parameter
name, torch's outputs, and an ONNX export for onnxruntime-web where torch can export it."""
import os
import re
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
MODELS = os.path.join(HERE, '..', 'models')
sys.path.insert(0, MODELS)
from make_models import flatten, write_safetensors  # noqa: E402

BENCH = [
    ('lm', 'lm.py', 'model = RNNModel(10000, 200, 200, 2)\n', 'model',
     lambda g: {'input': torch.randint(0, 10000, (35, 20), generator=g), 'hidden.0': torch.randn(2, 20, 200, generator=g), 'hidden.1': torch.randn(2, 20, 200, generator=g)}),
    ('tagger', 'tagger.py', 'tagger = Tagger(5000, 100, 128, 17)\n', 'tagger',
     lambda g: {'tokens': torch.randint(1, 5000, (32, 40), generator=g), 'lengths': torch.randint(10, 41, (32,), generator=g)}),
    ('decoder', 'decoder.py', 'decoder = Decoder(5000, 256, 512)\n', 'decoder',
     lambda g: {'input': torch.randint(0, 5000, (32,), generator=g), 'hidden': torch.randn(32, 512, generator=g),
                'encoder_outputs': torch.randn(32, 20, 512, generator=g), 'mask': torch.ones(32, 20, dtype=torch.int64)}),
]


def main(out):
    os.makedirs(out, exist_ok=True)
    g = torch.Generator().manual_seed(7)
    for name, file, build, var, make_inputs in BENCH:
        src = open(os.path.join(MODELS, file)).read()
        classes = src[:re.search(r'^\w+ = ', src, re.M).start()]
        text = classes + build
        with open(os.path.join(out, f'{name}.py'), 'w') as f:
            f.write(text)
        ns = {}
        torch.manual_seed(0)
        exec(compile(text, f'{name}.py', 'exec'), ns)
        m = ns[var].eval()
        write_safetensors(os.path.join(out, f'{name}.safetensors'), dict(m.state_dict()))
        inputs = make_inputs(g)
        write_safetensors(os.path.join(out, f'{name}_inputs.safetensors'), inputs)
        args = {}
        for k, v in inputs.items():
            if '.' in k:
                base, i = k.split('.')
                args.setdefault(base, [None, None])[int(i)] = v
            else:
                args[k] = v
        args = {k: tuple(v) if isinstance(v, list) else v for k, v in args.items()}
        with torch.no_grad():
            expected = flatten(m(**args))
        write_safetensors(os.path.join(out, f'{name}_expected.safetensors'), expected)
        try:
            torch.onnx.export(m, tuple(args.values()), os.path.join(out, f'{name}.onnx'), opset_version=14,
                              input_names=[k for k in inputs], output_names=list(expected))
        except Exception as e:  # noqa: BLE001 - some models (packed sequences) do not export
            with open(os.path.join(out, f'{name}.onnx.txt'), 'w') as f:
                f.write(f'{type(e).__name__}: {e}'.splitlines()[0])


if __name__ == '__main__':
    main(sys.argv[1])
