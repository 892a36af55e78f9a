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


KEPT = {torch.float16: 'F16', torch.float64: 'F64', torch.int32: 'I32', torch.float32: 'F32', torch.int64: 'I64'}


def write_safetensors(path, tensors, metadata=None, keep_dtype=False):
    """Tiny safetensors writer (the `safetensors` package is not installable here): F32 and I64, or with
    keep_dtype each tensor's own F16 / F64 / I32 / F32 / I64."""
    header = {}
    blobs = []
    offset = 0
    for name, t in tensors.items():
        t = t.detach().contiguous()
        if keep_dtype and t.dtype in KEPT:
            dtype, raw = KEPT[t.dtype], t.numpy().tobytes()
        elif t.dtype in (torch.int64, torch.int32, torch.bool):
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

    tutorial_and_research_models(case, g)

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


def rounded(model, dtype):
    """The model's weights as a checkpoint saved in `dtype` holds them; the model keeps float32 copies of
    the rounded values, so torch's expected outputs are those of the saved weights."""
    sd = {k: (v.to(dtype) if v.is_floating_point() else v) for k, v in model.state_dict().items()}
    model.load_state_dict({k: v.to(torch.float32) if v.is_floating_point() else v for k, v in sd.items()})
    return sd


def tutorial_and_research_models(case, g):
    """Models written as the PyTorch tutorials, pytorch/examples and research repositories write them,
    with the checkpoint layouts people save: bare state_dicts, checkpoint dicts, DataParallel prefixes,
    float16 / float64 weights, safetensors."""
    st = lambda name, tensors, **kw: write_safetensors(os.path.join(OUT, name), tensors, **kw)  # noqa: E731
    pt = lambda name, obj: save_pt(os.path.join(OUT, name), obj)  # noqa: E731

    # Char-RNN name classifier (Linear cells over torch.cat, LogSoftmax); a bare state_dict .pt.
    ns = load('char_rnn.py', 11)
    clf = ns['classifier'].eval()
    pt('char_rnn.pt', clf.state_dict())
    line = ns['lineToTensor']('Hinton')
    st('char_rnn_inputs.safetensors', {'line_tensor': line})
    step = ns['rnn'].eval()
    st('char_rnn_step.safetensors', dict(step.state_dict()))
    with torch.no_grad():
        st('char_rnn_expected.safetensors', flatten(clf(line)))
        st('char_rnn_file_call_expected.safetensors', flatten(clf(ns['lineToTensor']('Satoshi'))))
        st('char_rnn_step_expected.safetensors', flatten(step(ns['input'][0], ns['hidden'])))
    case('char-rnn-classifier', 'char_rnn.py', 'NameClassifier', 'char_rnn.pt', 'char_rnn_inputs.safetensors', 'char_rnn_expected.safetensors',
         'tutorial char-RNN: Linear cells over torch.cat, LogSoftmax module, a loop over the letters; bare state_dict .pt')
    case('char-rnn-file-call', 'char_rnn.py', 'classifier', 'char_rnn.pt', None, 'char_rnn_file_call_expected.safetensors',
         "the file's one-hot line tensor, written letter by letter with tensor[li][0][i] = 1 and str.find")
    case('char-rnn-step', 'char_rnn.py', 'RNN', 'char_rnn_step.safetensors', None, 'char_rnn_step_expected.safetensors',
         "one step of the RNN with the file's input[0] and zeros hidden")

    # Seq2seq tutorial: EncoderRNN + AttnDecoderRNN, greedy evaluate(); a dict of two state_dicts.
    ns = load('seq2seq_attn.py', 12)
    tr = ns['translator'].eval()
    pt('seq2seq_attn.pt', {'encoder': tr.encoder.state_dict(), 'decoder': tr.decoder.state_dict()})
    dec_args = {'input': torch.tensor([[3]]), 'hidden': torch.randn(1, 1, 16, generator=g), 'encoder_outputs': torch.randn(10, 16, generator=g)}
    st('attn_decoder_inputs.safetensors', dec_args)
    with torch.no_grad():
        st('translator_expected.safetensors', flatten(tr(ns['sentence'])))
        st('attn_decoder_expected.safetensors', flatten(tr.decoder(**dec_args)))
    case('translator-file-call', 'seq2seq_attn.py', 'Translator', 'seq2seq_attn.pt', None, 'translator_expected.safetensors',
         'tutorial seq2seq evaluate(): encoder per token, outputs[ei] += ..., attention with bmm, topk/.item() greedy loop with break; {encoder, decoder} checkpoint')
    case('attn-decoder-step', 'seq2seq_attn.py', 'attn_decoder1', 'seq2seq_attn.pt', 'attn_decoder_inputs.safetensors', 'attn_decoder_expected.safetensors',
         "AttnDecoderRNN alone, its weights under decoder. in the checkpoint; embedded[0], hidden[0], softmax over Linear(cat)")

    # LSTM POS tagger, trained a few steps; {'epoch', 'model_state_dict', 'optimizer_state_dict'} .pt.
    ns = load('pos_tagger.py', 13)
    tagger = ns['model']
    prep, ws, ts = ns['prepare_sequence'], ns['word_to_ix'], ns['tag_to_ix']
    opt = torch.optim.SGD(tagger.parameters(), lr=0.1, momentum=0.9)
    for _ in range(3):
        for sentence, tags in ns['training_data']:
            tagger.zero_grad()
            loss = torch.nn.functional.nll_loss(tagger(prep(sentence, ws)), prep(tags, ts))
            loss.backward()
            opt.step()
    tagger.eval()
    pt('pos_tagger.pt', {'epoch': 3, 'model_state_dict': tagger.state_dict(), 'optimizer_state_dict': opt.state_dict(), 'loss': 0.5})
    with torch.no_grad():
        # the file's first call of the model (before its training loop)
        st('pos_tagger_expected.safetensors', flatten(tagger(prep(ns['training_data'][0][0], ws))))
    case('pos-tagger-checkpoint', 'pos_tagger.py', 'LSTMTagger', 'pos_tagger.pt', None, 'pos_tagger_expected.safetensors',
         "tutorial LSTM tagger; input from dict lookups and torch.tensor(idxs); checkpoint with optimizer_state_dict and epoch")

    # BiLSTM-CRF: features, forward algorithm, Viterbi; DataParallel state_dict inside {'state_dict'}.
    ns = load('bilstm_crf.py', 14)
    crf = ns['model'].eval()
    pt('bilstm_crf.pt', {'state_dict': torch.nn.DataParallel(crf).state_dict()})
    second = ns['prepare_sequence'](ns['training_data'][1][0], ns['word_to_ix']).to(torch.int32)
    st('bilstm_crf_inputs.safetensors', {'sentence': second}, keep_dtype=True)
    with torch.no_grad():
        st('bilstm_crf_file_call_expected.safetensors', flatten(crf(ns['precheck_sent'])))
        st('bilstm_crf_expected.safetensors', flatten(crf(second.long())))
    case('bilstm-crf-file-call', 'bilstm_crf.py', 'model', 'bilstm_crf.pt', None, 'bilstm_crf_file_call_expected.safetensors',
         'tutorial BiLSTM-CRF: log_sum_exp, loops over python lists, .item(), Viterbi backpointers; DataParallel keys in a state_dict dict')
    case('bilstm-crf-i32', 'bilstm_crf.py', 'BiLSTM_CRF', 'bilstm_crf.pt', 'bilstm_crf_inputs.safetensors', 'bilstm_crf_expected.safetensors',
         'the same with a sentence given as I32 token ids')

    # word_language_model RNNModel with tied weights (one storage for encoder.weight and decoder.weight).
    ns = load('word_lm.py', 15)
    lm = ns['model'].eval()
    pt('word_lm.pt', lm.state_dict())
    pt('word_lm_dataparallel.pt', torch.nn.DataParallel(lm).state_dict())
    lm_args = {'input': torch.randint(0, 40, (5, 2), generator=g), 'hidden': torch.randn(2, 2, 24, generator=g)}
    st('word_lm_inputs.safetensors', lm_args)
    with torch.no_grad():
        st('word_lm_file_call_expected.safetensors', flatten(lm(ns['data'], lm.init_hidden(3))))
        st('word_lm_expected.safetensors', flatten(lm(**lm_args)))
    case('word-lm-file-call', 'word_lm.py', 'model', 'word_lm.pt', None, 'word_lm_file_call_expected.safetensors',
         "pytorch/examples word LM: getattr(nn, 'GRU'), tied weights sharing a storage, init_hidden, batchify/get_batch data")
    case('word-lm-dataparallel', 'word_lm.py', 'RNNModel', 'word_lm_dataparallel.pt', 'word_lm_inputs.safetensors', 'word_lm_expected.safetensors',
         'the same with DataParallel keys and a given hidden state')

    # Sentiment bi-LSTM with packed sequences; float16 weights in {'state_dict'}.
    ns = load('sentiment.py', 16)
    sent = ns['model'].eval()
    pt('sentiment_fp16.pt', {'state_dict': rounded(sent, torch.float16)})
    text = torch.randint(2, 60, (4, 7), generator=g)
    lengths = torch.tensor([7, 2, 5, 3])
    for b, n in enumerate(lengths.tolist()):
        text[b, n:] = 1
    st('sentiment_inputs.safetensors', {'text': text, 'text_lengths': lengths})
    with torch.no_grad():
        st('sentiment_expected.safetensors', flatten(sent(text, lengths)))
    case('sentiment-fp16', 'sentiment.py', 'RNN', 'sentiment_fp16.pt', 'sentiment_inputs.safetensors', 'sentiment_expected.safetensors',
         'pack_padded_sequence(enforce_sorted=False) / pad_packed_sequence, hidden[-2] and hidden[-1]; float16 weights')

    # Time-series forecaster; float64 weights under {'model'}; windows of a sine wave built in the file.
    ns = load('forecaster.py', 17)
    fc = ns['model'].eval()
    pt('forecaster_fp64.pt', {'model': {k: v.double() for k, v in fc.state_dict().items()}, 'epoch': 3})
    with torch.no_grad():
        st('forecaster_expected.safetensors', flatten(fc(ns['windows'])))
    case('forecaster-fp64', 'forecaster.py', 'LSTMForecaster', 'forecaster_fp64.pt', None, 'forecaster_expected.safetensors',
         "out[:, -1, :], h0/c0 .to(x.device); the file's sine windows (arange, sin, a list comprehension); float64 weights")

    # Conv1d + BatchNorm + max pooling + bi-GRU; safetensors with trained running statistics.
    ns = load('conv_gru.py', 18)
    cg = ns['model'].eval()
    with torch.no_grad():
        for bn in (cg.bn1, cg.bn2):
            bn.running_mean.copy_(torch.randn(16, generator=g) * 0.2)
            bn.running_var.copy_(torch.rand(16, generator=g) + 0.5)
    st('conv_gru.safetensors', dict(cg.state_dict()))
    x = torch.randn(3, 16, 8, generator=g)
    st('conv_gru_inputs.safetensors', {'x': x})
    with torch.no_grad():
        st('conv_gru_expected.safetensors', flatten(cg(x)))
    case('conv-gru', 'conv_gru.py', 'ConvGRU', 'conv_gru.safetensors', 'conv_gru_inputs.safetensors', 'conv_gru_expected.safetensors',
         'permute to channels-first, Conv1d + BatchNorm1d + ReLU, nn.MaxPool1d and F.max_pool1d, bi-GRU h_n[-2] / h_n[-1]')

    # pytorch/examples time_sequence_prediction in float64; F64 safetensors.
    ns = load('time_sequence.py', 19)
    seq = ns['seq'].eval()
    st('time_sequence_f64.safetensors', dict(seq.state_dict()), keep_dtype=True)
    with torch.no_grad():
        st('time_sequence_expected.safetensors', flatten(seq(ns['data'][:, :-1], future=4)))
    case('time-sequence-f64', 'time_sequence.py', 'Sequence', 'time_sequence_f64.safetensors', None, 'time_sequence_expected.safetensors',
         "two LSTMCells over input.split(1, dim=1), outputs += [output], future=4 from the file's call; F64 weights")

    # Dict of outputs with nested tuples, max(dim) values/indices, masked_fill; DataParallel bare .pt.
    ns = ns_multi = load('multi_output.py', 20)
    mt = ns['model'].eval()
    pt('multi_output_dataparallel.pt', torch.nn.DataParallel(mt).state_dict())
    with torch.no_grad():
        st('multi_output_expected.safetensors', flatten(mt(ns['tokens'])))
    case('multi-output-dict', 'multi_output.py', 'model', 'multi_output_dataparallel.pt', None, 'multi_output_expected.safetensors',
         'a dict return holding nested tuples, .max(dim=-1) values and indices, masked_fill, ~mask, Sequential head')

    # A sub-layer's weight read in forward (F.linear with the embedding matrix); F16 safetensors, I32 ids.
    ns = load('tied_linear.py', 21)
    tl = ns['model'].eval()
    st('tied_linear_f16.safetensors', rounded(tl, torch.float16), keep_dtype=True)
    tokens = torch.randint(0, 25, (3, 6), generator=g).to(torch.int32)
    st('tied_linear_inputs.safetensors', {'tokens': tokens}, keep_dtype=True)
    with torch.no_grad():
        st('tied_linear_expected.safetensors', flatten(tl(tokens.long())))
    case('tied-linear-f16', 'tied_linear.py', 'TiedLM', 'tied_linear_f16.safetensors', 'tied_linear_inputs.safetensors', 'tied_linear_expected.safetensors',
         'F.linear(x, self.emb.weight, bias) and matmul with self.emb.weight.t(); F16 safetensors weights; I32 token ids')

    # Pre-0.4 style: Variable, .data, F.softmax without dim.
    ns = ns_old = load('old_style.py', 22)
    old = ns['model'].eval()
    pt('old_style.pt', old.state_dict())
    with torch.no_grad():
        st('old_style_expected.safetensors', flatten(old(ns['sentence'])))
    case('old-style-variable', 'old_style.py', 'LSTMClassifier', 'old_style.pt', None, 'old_style_expected.safetensors',
         "autograd.Variable, torch.LongTensor([...]), .data, F.softmax / F.log_softmax with the implicit dim, F.tanh / F.sigmoid")

    # Values from the file: torch.tensor([[...]]) ids, torch.arange offsets and positions.
    ns = load('positions.py', 23)
    pos = ns['model'].eval()
    pt('positions.pt', {'model': pos.state_dict(), 'epoch': 3})
    with torch.no_grad():
        st('positions_expected.safetensors', flatten(pos(ns['tokens'], torch.arange(2).view(2, 1) * 3)))
    case('positions-file-values', 'positions.py', 'model', 'positions.pt', None, 'positions_expected.safetensors',
         "token ids from torch.tensor([[...]]) and offsets from torch.arange(2).view(2, 1) * 3 in the file's call; arange in forward")

    # Transformer-era hybrid: a persistent buffer (pos_encoder.pe) in the checkpoint, hidden=None, einsum.
    ns = load('pos_encoding_gru.py', 24)
    enc = ns['model'].eval()
    st('pos_encoding_gru.safetensors', dict(enc.state_dict()))
    pt('pos_encoding_gru.pt', {'model_state_dict': enc.state_dict(), 'optimizer_state_dict': {}, 'epoch': 3})
    src = torch.randint(0, 20, (6, 3), generator=g)
    hid = torch.randn(1, 3, 6, generator=g)
    st('pos_encoding_gru_inputs.safetensors', {'src': src, 'hidden': hid})
    with torch.no_grad():
        st('pos_encoding_gru_expected.safetensors', flatten(enc(src, hid)))
        st('pos_encoding_gru_file_call_expected.safetensors', flatten(enc(torch.tensor([[1, 2], [3, 4], [5, 6], [7, 8], [9, 0]]))))
    case('pos-encoding-buffer', 'pos_encoding_gru.py', 'AttentiveEncoder', 'pos_encoding_gru.safetensors', 'pos_encoding_gru_inputs.safetensors', 'pos_encoding_gru_expected.safetensors',
         "register_buffer('pe') loaded from the checkpoint, einsum attention scores, causal masked_fill_ in place, a given hidden")
    case('pos-encoding-none-hidden', 'pos_encoding_gru.py', 'model', 'pos_encoding_gru.pt', None, 'pos_encoding_gru_file_call_expected.safetensors',
         "hidden=None decided by `if hidden is None`, init_hidden; the file's torch.tensor([[...]]) ids")

    # Stacked residual GRUs over a list of sequences; DataParallel keys under 'model'.
    ns = load('stacked_residual.py', 25)
    sr = ns['model'].eval()
    pt('stacked_residual.pt', {'model': torch.nn.DataParallel(sr).state_dict(), 'epoch': 3})
    seqs = [torch.randn(4, 8, generator=g), torch.randn(6, 8, generator=g), torch.randn(2, 8, generator=g)]
    st('stacked_residual_inputs.safetensors', {f'seqs.{i}': s for i, s in enumerate(seqs)})
    with torch.no_grad():
        st('stacked_residual_expected.safetensors', flatten(sr(seqs)))
    case('stacked-residual-list-input', 'stacked_residual.py', 'StackedResidual', 'stacked_residual.pt', 'stacked_residual_inputs.safetensors', 'stacked_residual_expected.safetensors',
         "a list argument as seqs.0, seqs.1, ...; pad_sequence, ModuleList zip/enumerate, gather, flip, cumsum, setattr/getattr heads; DataParallel under 'model'")

    # Kim-CNN + sorted-by-length LSTM: pooling, sort / index_select / argsort, topk, cumprod, einsum.
    ns = load('cnn_lstm_text.py', 26)
    cl = ns['model'].eval()
    pt('cnn_lstm_text.pt', cl.state_dict())
    x = torch.randint(1, 40, (4, 9), generator=g)
    lengths = torch.tensor([6, 9, 3, 5])
    for b, n in enumerate(lengths.tolist()):
        x[b, n:] = 0
    st('cnn_lstm_text_inputs.safetensors', {'x': x, 'lengths': lengths})
    with torch.no_grad():
        st('cnn_lstm_text_expected.safetensors', flatten(cl(x, lengths)))
    case('cnn-lstm-sorted-pack', 'cnn_lstm_text.py', 'CNN_LSTM', 'cnn_lstm_text.pt', 'cnn_lstm_text_inputs.safetensors', 'cnn_lstm_text_expected.safetensors',
         'Kim-CNN convs in a ModuleList with max_pool1d over time, AvgPool1d / adaptive pools, lengths.sort + index_select before packing, perm.sort(0) to restore, topk(largest=False), cumprod, einsum')

    # Hugging Face-style classifier: labels=None / given, CrossEntropyLoss built in forward, bool masks.
    ns = load('hf_classifier.py', 27)
    hf = ns['model'].eval()
    st('hf_classifier.safetensors', dict(hf.state_dict()))
    ids = torch.randint(1, 30, (4, 8), generator=g)
    am = torch.ones(4, 8, dtype=torch.int64)
    for b, n in enumerate([8, 5, 3, 6]):
        ids[b, n:] = 0
        am[b, n:] = 0
    labels = torch.tensor([2, 0, 1, 1])
    st('hf_classifier_inputs.safetensors', {'input_ids': ids, 'attention_mask': am, 'labels': labels})
    with torch.no_grad():
        st('hf_classifier_expected.safetensors', flatten(hf(ids, attention_mask=am, labels=labels)))
        st('hf_classifier_file_call_expected.safetensors', flatten(hf(ns['batch'])))
    case('hf-classifier-labels', 'hf_classifier.py', 'LSTMForSequenceClassification', 'hf_classifier.safetensors', 'hf_classifier_inputs.safetensors', 'hf_classifier_expected.safetensors',
         'HF-style forward(input_ids, attention_mask, labels) -> dict with a CrossEntropyLoss built in forward; lengths .max().item() slicing; h_n.view(layers, 2, B, H)')
    case('hf-classifier-file-call', 'hf_classifier.py', 'model', 'hf_classifier.safetensors', None, 'hf_classifier_file_call_expected.safetensors',
         "the same with attention_mask and labels None: bool masks from (x != pad).sum(-1) and arange < lengths, ~mask, torch.where")

    # bentrevett-style seq2seq with teacher forcing 0; a bare state_dict saved as .pt.
    ns = load('seq2seq_lstm.py', 28)
    s2 = ns['model'].eval()
    pt('seq2seq_lstm.pt', s2.state_dict())
    with torch.no_grad():
        st('seq2seq_lstm_expected.safetensors', flatten(s2(ns['src'], ns['trg'], 0)))
    case('seq2seq-teacher-forcing-0', 'seq2seq_lstm.py', 'Seq2Seq', 'seq2seq_lstm.pt', None, 'seq2seq_lstm_expected.safetensors',
         "outputs[t] = output in a decoding loop, random.random() < 0 is never true, argmax fed back; the file's src / trg / 0")

    # Other checkpoint layouts people save: a Lightning-style checkpoint (the LightningModule's
    # self.model gives keys 'model.…', next to optimizer_states, lr_schedulers and hyper_parameters),
    # and a .pth holding {'net': state_dict, 'acc': …}.
    mt_sd = ns_multi['model'].state_dict()
    opt = torch.optim.Adam(ns_multi['model'].parameters(), lr=1e-3)
    pt('multi_output_lightning.ckpt', {'epoch': 3, 'global_step': 120, 'pytorch-lightning_version': '1.9.0',
                                       'state_dict': {'model.' + k: v for k, v in mt_sd.items()},
                                       'optimizer_states': [opt.state_dict()], 'lr_schedulers': [],
                                       'hyper_parameters': {'lr': 1e-3, 'hidden': 14, 'tags': ['a', 'b'], 'dropout': None}})
    case('multi-output-lightning-ckpt', 'multi_output.py', 'MultiTask', 'multi_output_lightning.ckpt', None, 'multi_output_expected.safetensors',
         "a Lightning-style .ckpt: state_dict with the LightningModule's 'model.' prefix, optimizer_states, hyper_parameters")
    pt('old_style_net.pth', {'net': ns_old['model'].state_dict(), 'acc': 91.5, 'epoch': 7})
    case('old-style-pth-net', 'old_style.py', 'model', 'old_style_net.pth', None, 'old_style_expected.safetensors',
         "a .pth holding {'net': state_dict, 'acc', 'epoch'} (keys under 'net.')")

    # LSTM from scratch with a ModuleDict and a Sequential(OrderedDict); a bare .pth.
    ns = load('scratch_lstm.py', 29)
    sl = ns['model'].eval()
    pt('scratch_lstm.pth', sl.state_dict())
    x = torch.randn(3, 6, 28, generator=g)
    st('scratch_lstm_inputs.safetensors', {'x': x})
    with torch.no_grad():
        st('scratch_lstm_expected.safetensors', flatten(sl(x)))
    case('scratch-lstm-moduledict', 'scratch_lstm.py', 'ScratchLSTMModel', 'scratch_lstm.pth', 'scratch_lstm_inputs.safetensors', 'scratch_lstm_expected.safetensors',
         "gates from chunk(4, 1) and torch.mul, nn.ModuleDict heads by key, Sequential(OrderedDict) names in the state_dict, unbind")

    # Recurrent VAE-style encoder: pack_sequence, F.pad, Softplus, repeat_interleave, masked_select.
    ns = load('vrnn.py', 30)
    vr = ns['model'].eval()
    pt('vrnn.pt', {'model_state_dict': vr.state_dict(), 'epoch': 3})
    seqs = [torch.randn(3, 6, generator=g), torch.randn(5, 6, generator=g), torch.randn(1, 6, generator=g), torch.randn(4, 6, generator=g)]
    st('vrnn_inputs.safetensors', {f'seqs.{i}': s for i, s in enumerate(seqs)})
    with torch.no_grad():
        st('vrnn_expected.safetensors', flatten(vr(seqs)))
    case('vrnn-pack-sequence', 'vrnn.py', 'VRNN', 'vrnn.pt', 'vrnn_inputs.safetensors', 'vrnn_expected.safetensors',
         'pack_sequence(enforce_sorted=False), view(B, T, 2, H).sum(2), self.training branch, Softplus / Identity, F.pad, nn.Softmax, repeat_interleave, clamp(min=), masked_select')

    # A main()-driven script: sizes from argparse defaults, the call inside main() under __main__.
    ns = load('lm_main.py', 31)
    torch.manual_seed(31)
    net = ns['Net']('LSTM', 33, 12, 10, 2).eval()  # as main() builds it with the argparse defaults
    pt('lm_main.pt', net.state_dict())
    with torch.no_grad():
        st('lm_main_expected.safetensors', flatten(net(torch.arange(12).view(4, 3) % 33)))
    case('main-argparse-defaults', 'lm_main.py', 'Net', 'lm_main.pt', None, 'lm_main_expected.safetensors',
         "sizes from argparse defaults; the model built and called in main() under if __name__ == '__main__'; arange(...).view(...) % ntokens")


if __name__ == '__main__':
    sys.exit(main())
