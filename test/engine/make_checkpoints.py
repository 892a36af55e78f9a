"""Writes the .pt checkpoint fixtures of test/engine/checkpoint.test.ts with real torch.save (run with
/usr/bin/python3): float32/16/bf16/64 state_dicts, checkpoint dicts, DataParallel prefixes, shared storages,
non-contiguous views, 0-d/1-d/empty tensors, nn.Parameter values; next to each readable file `<name>.expected.safetensors`
holds the tensors as torch loads them (float32, contiguous, keys as rnnlens reports them). Also files
rnnlens must refuse: malicious pickles (os.system, builtins.eval, a REDUCE on a storage class, the INST
opcode), a whole pickled module, pickle protocol 4, a TorchScript archive and the legacy (pre-1.6)
format. Every file is a few KB."""
import collections
import importlib.util
import io
import os
import pickle
import sys
import zipfile

import torch
import torch.nn as nn

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, 'checkpoints')
sys.path.insert(0, HERE)
from make_fixtures import write_safetensors  # noqa: E402


def seeded(seed, make):
    torch.manual_seed(seed)
    return make()


def state_dict(module):
    return module.state_dict()


def float_tensors(sd, strip=''):
    """What rnnlens must read: the floating-point tensors, as float32, under their (stripped) keys."""
    out = collections.OrderedDict()
    for k, v in sd.items():
        if torch.is_tensor(v) and v.is_floating_point():
            out[k[len(strip):] if strip and k.startswith(strip) else k] = v.detach().float().contiguous()
    return out


class RunsOsSystem:
    """A malicious object: unpickling it would call os.system."""

    def __reduce__(self):
        return (os.system, ('echo pwned',))


class RunsEval:
    def __reduce__(self):
        return (eval, ('1 + 1',))


def torch_like_zip(path, pkl, records=()):
    """A zip laid out as torch.save lays it out (stored entries), holding a hand-written data.pkl."""
    name = os.path.splitext(os.path.basename(path))[0]
    with zipfile.ZipFile(path, 'w', compression=zipfile.ZIP_STORED) as z:
        z.writestr(zipfile.ZipInfo(name + '/data.pkl', date_time=(1980, 1, 1, 0, 0, 0)), pkl)
        for rec, data in records:
            z.writestr(zipfile.ZipInfo(name + '/' + rec, date_time=(1980, 1, 1, 0, 0, 0)), data)
        z.writestr(zipfile.ZipInfo(name + '/version', date_time=(1980, 1, 1, 0, 0, 0)), b'3\n')


def cases():
    """(file name, object to torch.save, save kwargs, expected float tensors or None when refused)."""
    lstm = seeded(1, lambda: nn.LSTM(3, 4))
    gru16 = seeded(2, lambda: nn.GRU(2, 3).half())
    rnn_bf16 = seeded(3, lambda: nn.RNN(2, 3, nonlinearity='relu').to(torch.bfloat16))
    cell64 = seeded(4, lambda: nn.LSTMCell(2, 3).double())
    gru = seeded(5, lambda: nn.GRU(3, 2, bidirectional=True))
    seq = seeded(6, lambda: nn.Sequential(nn.Embedding(5, 3), nn.LSTM(3, 2), nn.BatchNorm1d(2)))
    dp = nn.DataParallel(seeded(7, lambda: nn.GRU(2, 2)))
    opt = torch.optim.SGD(lstm.parameters(), lr=0.1, momentum=0.9)
    yield 'f32_state_dict.pt', state_dict(lstm), {}, float_tensors(lstm.state_dict())
    yield 'f16_state_dict.pt', state_dict(gru16), {}, float_tensors(gru16.state_dict())
    yield 'bf16_state_dict.pt', state_dict(rnn_bf16), {}, float_tensors(rnn_bf16.state_dict())
    yield 'f64_state_dict.pt', state_dict(cell64), {}, float_tensors(cell64.state_dict())
    yield 'dict_model_state_dict.pt', {'epoch': 7, 'model_state_dict': state_dict(lstm), 'optimizer_state_dict': opt.state_dict(),
                                       'loss': 0.25, 'best': None, 'history': [1.5, 0.75], 'note': 'trained'}, {}, float_tensors(lstm.state_dict())
    yield 'dict_state_dict.pt', {'state_dict': state_dict(gru), 'arch': 'gru', 'step': 2 ** 40}, {}, float_tensors(gru.state_dict())
    yield 'dict_model.pt', {'model': state_dict(seq), 'epoch': 1}, {}, float_tensors(seq.state_dict())
    # the PyTorch chatbot tutorial's checkpoint: several state_dicts under their own keys, plus extras
    enc = seeded(12, lambda: nn.GRU(3, 3, bidirectional=True))
    dec = seeded(13, lambda: nn.Sequential(nn.GRU(3, 3), nn.Linear(3, 5)))
    emb = seeded(14, lambda: nn.Embedding(6, 3))
    several = {'iteration': 4000, 'en': enc.state_dict(), 'de': dec.state_dict(), 'en_opt': torch.optim.Adam(enc.parameters()).state_dict(),
               'loss': 2.5, 'voc_dict': {'name': 'movie', 'word2index': {'hi': 3}, 'num_words': 4}, 'embedding': emb.state_dict()}
    flat = collections.OrderedDict((p + '.' + k, v) for p, m in (('en', enc), ('de', dec), ('embedding', emb)) for k, v in m.state_dict().items())
    yield 'dict_of_state_dicts.pt', several, {}, float_tensors(flat)
    yield 'dataparallel.pt', state_dict(dp), {}, float_tensors(dp.state_dict(), 'module.')
    torch.manual_seed(8)
    base = torch.randn(4, 6)
    shared = collections.OrderedDict([('w', base), ('same', base), ('row2', base[2]), ('tail', base.view(-1)[5:17]),
                                      ('as_3x8', base.view(3, 8))])
    yield 'shared_storage.pt', shared, {}, float_tensors(shared)
    torch.manual_seed(9)
    m = torch.randn(5, 7)
    views = collections.OrderedDict([
        ('transposed', m.t()), ('every_other_col', m[:, ::2]), ('offset_block', m[1:4, 2:6]), ('expanded', torch.randn(3).expand(2, 3)),
        ('permuted', torch.randn(2, 3, 4).permute(2, 0, 1)), ('scalar', torch.tensor(3.5)), ('vector', torch.randn(5)),
        ('empty', torch.zeros(0, 3)), ('f16_view', torch.randn(4, 4).half()[::2, 1:]),
    ])
    yield 'views.pt', views, {}, float_tensors(views)
    # nn.Parameter values (torch._utils._rebuild_parameter), as a hand-rolled dict of parameters saves them
    torch.manual_seed(15)
    params = collections.OrderedDict([('weight', nn.Parameter(torch.randn(3, 2))), ('bias', nn.Parameter(torch.randn(3), requires_grad=False))])
    yield 'parameters.pt', params, {}, float_tensors(params)
    # refused: each must be turned away without running anything
    yield 'evil_os_system.pt', {'weight': torch.zeros(2), 'payload': RunsOsSystem()}, {}, None
    yield 'evil_eval.pt', collections.OrderedDict([('payload', RunsEval())]), {}, None
    yield 'whole_module.pt', seeded(10, lambda: nn.GRU(2, 2)), {}, None
    yield 'protocol4.pt', state_dict(lstm), {'pickle_protocol': 4}, None
    yield 'legacy.pt', state_dict(lstm), {'_use_new_zipfile_serialization': False}, None


def main(out=None):
    out = out or OUT
    os.makedirs(out, exist_ok=True)
    n = 0
    for name, obj, kwargs, expected in cases():
        path = os.path.join(out, name)
        torch.save(obj, path, **kwargs)
        if expected is not None:
            write_safetensors(os.path.join(out, name.replace('.pt', '.expected.safetensors')), expected, {'torch': torch.__version__})
        n += 1
    # hand-written pickles: a REDUCE calling a storage class (an allowed global used as a callable),
    # and the INST opcode (which names and calls a class in one step)
    torch_like_zip(os.path.join(out, 'evil_reduce_storage.pt'), b'\x80\x02ctorch\nFloatStorage\nq\x00)R.')
    torch_like_zip(os.path.join(out, 'evil_inst.pt'), b'\x80\x02(X\x0a\x00\x00\x00echo pwnedios\nsystem\n.')
    # a view reaching past its storage: {'w': a (3,) tensor over a storage of 2 floats}; torch.load
    # refuses it too ("Trying to resize storage that is not resizable")
    view = (b'\x80\x02}X\x01\x00\x00\x00wctorch._utils\n_rebuild_tensor_v2\n((X\x07\x00\x00\x00storagectorch\nFloatStorage\n'
            b'X\x01\x00\x00\x000X\x03\x00\x00\x00cpuK\x02tQK\x00K\x03\x85K\x01\x85\x89}tRs.')
    torch_like_zip(os.path.join(out, 'bad_view.pt'), view, [('data/0', b'\x00' * 8)])
    torch.jit.save(torch.jit.script(seeded(11, lambda: nn.RNN(2, 2))), os.path.join(out, 'torchscript.pt'))
    # the CLI test: the same Tagger weights as cli/gru_weights.safetensors (make_fixtures.py draws, after
    # seed 11, an Encoder, its input and then the Tagger), saved by a DataParallel script in a checkpoint dict
    spec = importlib.util.spec_from_file_location('cli_model', os.path.join(HERE, 'cli', 'model.py'))
    mod = importlib.util.module_from_spec(spec)
    torch.manual_seed(11)
    spec.loader.exec_module(mod)
    mod.Encoder()
    torch.randn(3, 6, 8)
    tagger = nn.DataParallel(mod.Tagger().eval())
    torch.save({'epoch': 3, 'model_state_dict': tagger.state_dict()}, os.path.join(out, 'tagger.pt'))
    print('wrote %d checkpoint fixtures to %s' % (n + 5, out))


if __name__ == '__main__':
    main()
