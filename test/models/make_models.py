"""Generates the whole-module run fixtures from real PyTorch (run with /usr/bin/python3): for each model
file here (lm.py, tagger.py, decoder.py, convloop.py) it builds the model as the file does (seeded),
saves its state_dict as .safetensors and as torch.save .pt files (one with DataParallel's 'module.'
prefix, one inside a checkpoint dict), the forward arguments by parameter name (token ids as I64), and
torch's outputs in eval mode flattened as `rnnlens run --save` writes them (output, output.0, output.1.0,
output.<key>). cases.json lists each run: the CLI arguments and the expected file.
test/unit/module-run.test.ts runs every case through `rnnlens run --module`; check_models.py
regenerates everything and compares with the committed files (test:oracle)."""
import json
import os
import runpy
import struct
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = HERE


def write_safetensors(path, tensors, metadata=None):
    """Tiny safetensors writer (the `safetensors` package is not installable here): F32 and I64."""
    header = {}
    blobs = []
    offset = 0
    for name, t in tensors.items():
        t = t.detach().contiguous()
        if t.dtype in (torch.int64, torch.int32, torch.bool):
            dtype, raw = 'I64', t.to(torch.int64).numpy().tobytes()
        else:
            dtype, raw = 'F32', t.to(torch.float32).numpy().tobytes()
        header[name] = {'dtype': dtype, 'shape': list(t.shape), 'data_offsets': [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    if metadata:
        header['__metadata__'] = metadata
    h = json.dumps(header, separators=(',', ':')).encode()
    h += b' ' * ((8 - len(h) % 8) % 8)
    with open(path, 'wb') as f:
        f.write(struct.pack('<Q', len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)


def flatten(v, name='output', out=None):
    """The return value flattened as the CLI contract says."""
    out = {} if out is None else out
    if isinstance(v, torch.Tensor):
        out[name] = v
    elif isinstance(v, (tuple, list)):
        for i, x in enumerate(v):
            flatten(x, f'{name}.{i}', out)
    elif isinstance(v, dict):
        for k, x in v.items():
            flatten(x, f'{name}.{k}', out)
    else:
        raise TypeError(f'{name}: {type(v)}')
    return out


SEEN = {}


def _record(module, inputs, output):
    first = output[0] if isinstance(output, tuple) else output
    if isinstance(first, torch.nn.utils.rnn.PackedSequence):
        SEEN[id(module)] = 'packed ' + shape_text(first.data.shape)
    elif isinstance(first, torch.Tensor):
        SEEN[id(module)] = shape_text(first.shape)


def shape_text(shape):
    return '(' + ', '.join(str(d) for d in shape) + (',' if len(shape) == 1 else '') + ')'


def load(file, seed):
    """Run the model file as Python does; every module call's output shape is recorded (the file's own calls)."""
    torch.manual_seed(seed)
    SEEN.clear()
    handle = torch.nn.modules.module.register_module_forward_hook(_record)
    try:
        ns = runpy.run_path(os.path.join(HERE, file))
    finally:
        handle.remove()
    ns['__shapes__'] = dict(SEEN)
    return ns


def save_pt(path, obj):
    # the zip format with protocol 2, as torch.save writes by default
    torch.save(obj, path)


def main():
    cases = []

    def case(name, file, module, weights, inputs, expected, why):
        args = ['--module', module]
        if weights:
            args += ['--weights', weights]
        if inputs:
            args += ['--inputs', inputs]
        cases.append({'name': name, 'file': file, 'args': args, 'expected': expected, 'why': why})

    g = torch.Generator().manual_seed(1234)
    shapes = {}

    # 1. Language model: Embedding -> LSTM -> Linear.
    ns = load('lm.py', 1)
    shapes['lm'] = ns['__shapes__']
    model = ns['model'].eval()
    sd = model.state_dict()
    write_safetensors(os.path.join(OUT, 'lm.safetensors'), dict(sd))
    save_pt(os.path.join(OUT, 'lm_dataparallel.pt'), {'module.' + k: v for k, v in sd.items()})
    inp = torch.randint(0, 50, (9, 3), generator=g)
    inp[0, 0] = 0  # the padding index
    hidden = (torch.randn(2, 3, 32, generator=g), torch.randn(2, 3, 32, generator=g))
    write_safetensors(os.path.join(OUT, 'lm_inputs.safetensors'), {'input': inp, 'hidden.0': hidden[0], 'hidden.1': hidden[1]})
    with torch.no_grad():
        write_safetensors(os.path.join(OUT, 'lm_expected.safetensors'), flatten(model(inp, hidden)))
    case('lm-dataparallel-pt', 'lm.py', 'model', 'lm_dataparallel.pt', 'lm_inputs.safetensors', 'lm_expected.safetensors',
         'an instance; .pt weights with the DataParallel prefix; a tuple argument as hidden.0, hidden.1')
    case('lm-class-safetensors', 'lm.py', 'RNNModel', 'lm.safetensors', 'lm_inputs.safetensors', 'lm_expected.safetensors',
         'the class name finds the file\'s instance; safetensors weights')

    # 2. Bi-GRU tagger with packed sequences and a dict return.
    ns = load('tagger.py', 2)
    shapes['tagger'] = ns['__shapes__']
    tagger = ns['tagger'].eval()
    sd = tagger.state_dict()
    write_safetensors(os.path.join(OUT, 'tagger.safetensors'), dict(sd))
    save_pt(os.path.join(OUT, 'tagger_checkpoint.pt'), {'epoch': 7, 'model_state_dict': sd})
    tokens = torch.randint(1, 30, (4, 8), generator=g)
    lengths = torch.tensor([5, 8, 3, 6])
    for b, n in enumerate(lengths.tolist()):
        tokens[b, n:] = 0
    write_safetensors(os.path.join(OUT, 'tagger_inputs.safetensors'), {'tokens': tokens, 'lengths': lengths})
    with torch.no_grad():
        write_safetensors(os.path.join(OUT, 'tagger_expected.safetensors'), flatten(tagger(tokens, lengths)))
        write_safetensors(os.path.join(OUT, 'tagger_file_call_expected.safetensors'), flatten(tagger(ns['tokens'], ns['lengths'])))
    case('tagger-checkpoint-pt', 'tagger.py', 'Tagger', 'tagger_checkpoint.pt', 'tagger_inputs.safetensors', 'tagger_expected.safetensors',
         'a checkpoint dict (model_state_dict); packed sequences with unsorted lengths; a dict return')
    case('tagger-file-call', 'tagger.py', 'tagger', 'tagger.safetensors', None, 'tagger_file_call_expected.safetensors',
         'no --inputs: the arguments are the constant tensors of the file\'s own call')

    # 3. Seq2seq decoder step with attention, inside a Seq2Seq model (weights under decoder.).
    ns = load('decoder.py', 3)
    shapes['decoder'] = ns['__shapes__']
    s2s = ns['model'].eval()
    sd = s2s.state_dict()
    write_safetensors(os.path.join(OUT, 'seq2seq.safetensors'), dict(sd))
    save_pt(os.path.join(OUT, 'seq2seq.pt'), sd)
    dec = s2s.decoder
    step = {
        'input': torch.tensor([4, 19, 0]),
        'hidden': torch.randn(3, 16, generator=g),
        'encoder_outputs': torch.randn(3, 6, 16, generator=g),
        'mask': torch.tensor([[1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 0, 0], [1, 0, 0, 0, 0, 0]]),
    }
    write_safetensors(os.path.join(OUT, 'decoder_inputs.safetensors'), step)
    with torch.no_grad():
        write_safetensors(os.path.join(OUT, 'decoder_expected.safetensors'), flatten(dec(**step)))
        att = {k: step[k] for k in ('hidden', 'encoder_outputs', 'mask')}
        write_safetensors(os.path.join(OUT, 'attention_expected.safetensors'), flatten(dec.attention(**att)))
    write_safetensors(os.path.join(OUT, 'attention_inputs.safetensors'), att)
    src = {'src': torch.randn(2, 5, 8, generator=g), 'first_token': torch.tensor([1, 2]), 'mask': torch.tensor([[1, 1, 1, 1, 1], [1, 1, 0, 0, 0]])}
    write_safetensors(os.path.join(OUT, 'seq2seq_inputs.safetensors'), src)
    with torch.no_grad():
        write_safetensors(os.path.join(OUT, 'seq2seq_expected.safetensors'), flatten(s2s(**src)))
    case('decoder-step-prefix', 'decoder.py', 'decoder', 'seq2seq.pt', 'decoder_inputs.safetensors', 'decoder_expected.safetensors',
         'a submodule\'s weights found under the prefix decoder. of the whole model\'s .pt; a tuple return')
    case('attention-self', 'decoder.py', 'self.attention', 'seq2seq.safetensors', 'attention_inputs.safetensors', 'attention_expected.safetensors',
         'self.attention names the submodule; weights under decoder.attention.')
    case('seq2seq-greedy-loop', 'decoder.py', 'Seq2Seq', 'seq2seq.safetensors', 'seq2seq_inputs.safetensors', 'seq2seq_expected.safetensors',
         'a loop over decoding steps with a list, argmax feeding the next step')

    # 4. Conv1d + LSTMCell loop + pooling.
    ns = load('convloop.py', 4)
    shapes['convloop'] = ns['__shapes__']
    enc = ns['enc'].eval()
    write_safetensors(os.path.join(OUT, 'convloop.safetensors'), dict(enc.state_dict()))
    x = torch.randn(2, 9, 6, generator=g)
    write_safetensors(os.path.join(OUT, 'convloop_inputs.safetensors'), {'x': x})
    with torch.no_grad():
        write_safetensors(os.path.join(OUT, 'convloop_expected.safetensors'), flatten(enc(x)))
    case('convloop', 'convloop.py', 'enc', 'convloop.safetensors', 'convloop_inputs.safetensors', 'convloop_expected.safetensors',
         'Conv1d, GELU, an LSTMCell unrolled with if/else per step, stack, mean/max, Sequential, slicing, @')

    # 5. The rest of the ops (RNN, proj_size, BatchNorm1d, masks, integer indexing, while/break).
    ns = load('mixed.py', 5)
    shapes['mixed'] = ns['__shapes__']
    mixed = ns['m'].eval()
    write_safetensors(os.path.join(OUT, 'mixed.safetensors'), dict(mixed.state_dict()))
    # running statistics as a trained model has them (the defaults 0 / 1 would not test them)
    with torch.no_grad():
        mixed.bn.running_mean.copy_(torch.randn(6, generator=g) * 0.1)
        mixed.bn.running_var.copy_(torch.rand(6, generator=g) + 0.5)
    save_pt(os.path.join(OUT, 'mixed.pt'), {'state_dict': mixed.state_dict()})
    args = {'x': torch.randn(9, 4, 5, generator=g), 'lengths': torch.tensor([9, 6, 6, 1]), 'pick': torch.tensor([8, 0, 5, 0])}
    write_safetensors(os.path.join(OUT, 'mixed_inputs.safetensors'), args)
    with torch.no_grad():
        write_safetensors(os.path.join(OUT, 'mixed_expected.safetensors'), flatten(mixed(**args)))
    case('mixed', 'mixed.py', 'Mixed', 'mixed.pt', 'mixed_inputs.safetensors', 'mixed_expected.safetensors',
         'RNN relu 2 layers, LSTM proj_size bidirectional packed, BatchNorm1d running stats, masks, integer-tensor index, while/break')

    # 6. Tutorial idioms (len, new_zeros, chunk, math.sqrt, float('-inf'), tril, isinstance).
    ns = load('tutorial.py', 6)
    shapes['tutorial'] = ns['__shapes__']
    tut = ns['model'].eval()
    save_pt(os.path.join(OUT, 'tutorial.pt'), {'model': tut.state_dict(), 'vocab': ['a', 'b']})
    with torch.no_grad():
        write_safetensors(os.path.join(OUT, 'tutorial_file_call_expected.safetensors'), flatten(tut(torch.tensor([0, 1, 2, 3, 4]))))
    case('tutorial-idioms', 'tutorial.py', 'LSTMTagger', 'tutorial.pt', None, 'tutorial_file_call_expected.safetensors',
         "a checkpoint dict under 'model'; the file's constant input; len, new_zeros, chunk, math.sqrt, float('-inf'), tril, isinstance")

    # Parameter counts per sub-layer (leaf modules and containers, by named_modules name) for `rnnlens summary`.
    summaries = []
    for file, module, m, seen in (('lm.py', 'model', model, shapes['lm']), ('tagger.py', 'Tagger', tagger, shapes['tagger']),
                                  ('decoder.py', 'Seq2Seq', s2s, shapes['decoder']), ('convloop.py', 'enc', enc, shapes['convloop'])):
        layers = {name: sum(p.numel() for p in sub.parameters()) for name, sub in m.named_modules()
                  if name and type(sub).__module__.startswith('torch.nn')}
        called = {name: seen[id(sub)] for name, sub in m.named_modules() if name and id(sub) in seen}
        summaries.append({'file': file, 'module': module, 'layers': layers, 'shapes': called, 'total': sum(p.numel() for p in m.parameters())})

    with open(os.path.join(OUT, 'cases.json'), 'w') as f:
        json.dump({'generated_by': 'test/models/make_models.py', 'torch': torch.__version__, 'cases': cases, 'summaries': summaries}, f, indent=2)
        f.write('\n')


if __name__ == '__main__':
    sys.exit(main())
