// The .pt / .pth reader against files torch.save wrote (test/engine/make_checkpoints.py): every tensor
// value exactly as torch.load gives it, the state_dict found in checkpoint dicts and under `module.`,
// and every refusal (malicious pickles, whole modules, protocol 4, TorchScript, legacy, bad views).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readCheckpoint, readCheckpointTensors, readWeights, readSafetensors, writeSafetensors, runSample, type LayerSpec } from '../../engine/src/index';

const dir = path.join(__dirname, 'checkpoints');
const read = (name: string): Uint8Array => fs.readFileSync(path.join(dir, name));
const expectedFiles = fs.readdirSync(dir).filter((f) => f.endsWith('.expected.safetensors')).sort();

test('the fixtures are there (a runner with nothing to compare must fail)', () => {
  assert.equal(expectedFiles.length, 12, expectedFiles.join(', '));
});

for (const exp of expectedFiles) {
  const pt = exp.replace('.expected.safetensors', '.pt');
  test(`${pt}: every floating-point tensor equals torch.load's, bit for bit`, () => {
    const want = readSafetensors(read(exp), exp);
    const got = readCheckpoint(read(pt), pt);
    const floats = got.keys().filter((k) => got.entries.get(k)!.dtype.startsWith('F') || got.entries.get(k)!.dtype === 'BF16');
    assert.deepEqual(floats, want.keys());
    for (const k of want.keys()) {
      const g = got.tensor(k), w = want.tensor(k);
      assert.deepEqual(g.shape, w.shape, k);
      assert.equal(g.data.length, w.data.length, k);
      for (let i = 0; i < w.data.length; i++) assert.ok(Object.is(g.data[i], w.data[i]), `${pt} ${k}[${i}]: ${g.data[i]} vs ${w.data[i]}`);
    }
    assert.deepEqual(Object.keys(readCheckpointTensors(read(pt), pt)), want.keys());
  });
}

test('dtypes are reported as stored; integer tensors are listed but refused by name', () => {
  assert.equal(readCheckpoint(read('f16_state_dict.pt')).entries.get('weight_ih_l0')!.dtype, 'F16');
  assert.equal(readCheckpoint(read('bf16_state_dict.pt')).entries.get('weight_hh_l0')!.dtype, 'BF16');
  assert.equal(readCheckpoint(read('f64_state_dict.pt')).entries.get('weight_ih')!.dtype, 'F64');
  const ck = readCheckpoint(read('dict_model.pt'), 'dict_model.pt');
  assert.deepEqual(ck.entries.get('2.num_batches_tracked'), { dtype: 'I64', shape: [] });
  assert.throws(() => ck.tensor('2.num_batches_tracked'), /dict_model\.pt: tensor '2\.num_batches_tracked' has dtype I64; rnnlens reads F32, F16, BF16 or F64/);
  assert.throws(() => ck.tensor('nope'), /missing tensor 'nope'/);
});

test('the state_dict is found in checkpoint dicts and under a DataParallel prefix', () => {
  assert.equal(readCheckpoint(read('f32_state_dict.pt')).found, '');
  assert.equal(readCheckpoint(read('dict_model_state_dict.pt')).found, "under 'model_state_dict'");
  assert.equal(readCheckpoint(read('dict_state_dict.pt')).found, "under 'state_dict'");
  assert.equal(readCheckpoint(read('dict_model.pt')).found, "under 'model'");
  assert.equal(readCheckpoint(read('dataparallel.pt')).found, "prefix 'module.' removed");
  const several = readCheckpoint(read('dict_of_state_dicts.pt'));
  assert.equal(several.found, "from 'en', 'de', 'embedding'");
  assert.deepEqual([several.keys()[0], several.keys()[8], several.keys().at(-1)], ['en.weight_ih_l0', 'de.0.weight_ih_l0', 'embedding.weight']);
  assert.equal(readCheckpoint(read('tagger.pt')).found, "under 'model_state_dict', prefix 'module.' removed");
  assert.deepEqual(readCheckpoint(read('tagger.pt')).keys().slice(0, 2), ['gru.weight_ih_l0', 'gru.weight_hh_l0']);
});

test('shared storages and views read the right elements', () => {
  const ck = readCheckpoint(read('shared_storage.pt'));
  assert.deepEqual([...ck.tensor('same').data], [...ck.tensor('w').data]);
  assert.deepEqual([...ck.tensor('row2').data], [...ck.tensor('w').data.subarray(12, 18)]);
  const v = readCheckpoint(read('views.pt'));
  assert.deepEqual(v.tensor('scalar'), { shape: [], data: new Float32Array([3.5]) });
  assert.deepEqual(v.tensor('empty').shape, [0, 3]);
  const t = v.tensor('transposed'), m = v.tensor('offset_block');
  assert.deepEqual([t.shape, m.shape], [[7, 5], [3, 4]]);
});

test('malicious and unsupported pickles are refused, naming the global or opcode, before anything runs', () => {
  const refuse = (name: string, why: RegExp): void => assert.throws(() => readCheckpoint(read(name), name), why, name);
  const never = /rnnlens never executes pickle code/;
  refuse('evil_os_system.pt', /evil_os_system\.pt: refusing to load the pickle: global 'posix\.system' is not allowed: a checkpoint may only use torch\._utils\._rebuild_tensor_v2 \/ _rebuild_parameter, collections\.OrderedDict and torch's storage types \(at byte \d+\)/);
  refuse('evil_os_system.pt', never);
  refuse('evil_eval.pt', /global '__builtin__\.eval' is not allowed/);
  refuse('evil_reduce_storage.pt', /REDUCE calling torch\.FloatStorage, which is not a function a state_dict needs/);
  refuse('evil_inst.pt', /opcode INST \(0x69\) is not allowed in a tensor checkpoint/);
  refuse('whole_module.pt', /global 'torch\.nn\.modules\.rnn\.GRU' is not allowed.*the file pickles a whole model object: save model\.state_dict\(\) instead/);
  refuse('protocol4.pt', /pickle protocol 4; torch\.save writes protocol 2/);
  refuse('torchscript.pt', /a TorchScript archive \(torch\.jit\.save\), not a torch\.save checkpoint/);
  refuse('legacy.pt', /legacy\.pt: a legacy torch\.save file \(written before torch 1\.6 or with _use_new_zipfile_serialization=False\), which rnnlens does not read; re-save it/);
  refuse('bad_view.pt', /tensor 'w' of size \(3,\), stride \(1,\) and offset 0 reaches past its storage of 2 elements/);
});

test('damaged archives get clear messages, never a crash', () => {
  const good = read('f32_state_dict.pt');
  assert.throws(() => readCheckpoint(good.subarray(0, good.length - 30), 'cut.pt'), /cut\.pt: not a readable torch\.save archive/);
  assert.throws(() => readCheckpoint(good.subarray(0, 3), 'tiny.pt'), /tiny\.pt: not a torch\.save checkpoint/);
  // every prefix of a valid file is refused with a message (or, at full length, read)
  for (let n = 0; n < good.length; n += 97) {
    try {
      readCheckpoint(good.subarray(0, n), 'cut.pt');
      assert.fail(`a file cut at ${n} bytes was accepted`);
    } catch (e) {
      assert.match((e as Error).message, /^cut\.pt: /, `cut at ${n}`);
    }
  }
});

test('single-byte corruptions anywhere are read or refused with a message naming the file, never a crash', () => {
  let seed = 12345;
  const rand = (n: number): number => { seed = (seed * 1103515245 + 12345) >>> 0; return seed % n; };
  let refused = 0;
  for (const name of ['f32_state_dict.pt', 'views.pt', 'dict_model_state_dict.pt']) {
    const good = read(name);
    for (let i = 0; i < 400; i++) {
      const bad = Uint8Array.from(good);
      bad[rand(bad.length)] = rand(256);
      try {
        const ck = readCheckpoint(bad, 'x.pt');
        for (const k of ck.keys()) if (ck.entries.get(k)!.dtype.startsWith('F')) ck.tensor(k);
      } catch (e) {
        assert.ok(e instanceof Error && e.message.startsWith('x.pt: '), `${name}: ${String(e)}`);
        refused++;
      }
    }
  }
  assert.ok(refused > 50, `${refused} refused`);
});

test('readWeights chooses the reader by content, and by extension for the message', () => {
  const st = writeSafetensors({ w: { shape: [1], data: new Float32Array([2]) } });
  assert.deepEqual(readWeights(st, 'a.safetensors').keys(), ['w']);
  assert.deepEqual(readWeights(read('dataparallel.pt'), 'model.bin').keys().length, 4);
  assert.deepEqual(readWeights(read('dataparallel.pt'), 'weights.safetensors').keys().length, 4);
  assert.throws(() => readWeights(st, 'model.pth'), /model\.pth: not a torch\.save checkpoint \(a \.pt\/\.pth file is a zip archive/);
  assert.throws(() => readWeights(read('legacy.pt'), 'old.safetensors'), /old\.safetensors: a legacy torch\.save file/);
});

test('a run with .pt weights (checkpoint dict, DataParallel) equals the run with the same weights in .safetensors', async () => {
  const spec: LayerSpec = { kind: 'GRU', inputSize: 5, hiddenSize: 7, numLayers: 1, nonlinearity: 'tanh', bias: true, batchFirst: false, dropout: 0, bidirectional: false, projSize: 0 };
  const cli = path.join(__dirname, 'cli');
  const inputsPath = path.join(cli, 'gru_inputs.safetensors');
  const fromPt = await runSample({ spec, seq: 1, inputsPath, weightsPath: path.join(dir, 'tagger.pt') });
  const fromSt = await runSample({ spec, seq: 1, inputsPath, weightsPath: path.join(cli, 'gru_weights.safetensors') });
  assert.match(fromPt.weightsSource, /tagger\.pt \(state_dict under 'model_state_dict', prefix 'module\.' removed; prefix 'gru\.'\)/);
  for (const k of ['output', 'h_n']) assert.deepEqual([...fromPt.tensors[k]!.data], [...fromSt.tensors[k]!.data], k);
  // a prefix written with DataParallel's `module.` still finds the layer
  const withModule = await runSample({ spec, seq: 1, inputsPath, weightsPath: path.join(dir, 'tagger.pt'), weightsPrefix: 'module.gru.' });
  assert.deepEqual([...withModule.tensors.output!.data], [...fromSt.tensors.output!.data]);
});

test('a safetensors file whose header length starts with 0x80 0x02 (like a pickle) is read as safetensors', () => {
  // pad the header until its length is 0x0280 = 640 bytes: the first two bytes are then 0x80 0x02
  let st = writeSafetensors({ w: { shape: [1], data: new Float32Array([2]) } }, { pad: '' });
  const len = Number(new DataView(st.buffer, st.byteOffset).getBigUint64(0, true));
  st = writeSafetensors({ w: { shape: [1], data: new Float32Array([2]) } }, { pad: 'x'.repeat(640 - len) });
  assert.deepEqual([st[0], st[1]], [0x80, 0x02]);
  assert.deepEqual(readWeights(st, 'weights.safetensors').keys(), ['w']);
});
