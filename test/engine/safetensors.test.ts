// Safetensors reader/writer: round trip, F16/BF16 converted exactly as torch converts them, and clear
// errors (naming the key) for truncated files, malformed headers, wrong dtypes and sizes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readSafetensors, writeSafetensors } from '../../engine/src/safetensors';

const dtypes = fs.readFileSync(path.join(__dirname, 'dtypes.safetensors'));

function fileWithHeader(header: string, dataBytes = 0): Uint8Array {
  const hb = new TextEncoder().encode(header);
  const out = new Uint8Array(8 + hb.length + dataBytes);
  new DataView(out.buffer).setBigUint64(0, BigInt(hb.length), true);
  out.set(hb, 8);
  return out;
}

test('F16 and BF16 convert to the float32 values torch gives', () => {
  const st = readSafetensors(dtypes);
  for (const [src, ref] of [['x_f16', 'x_f16_as_f32'], ['x_bf16', 'x_bf16_as_f32']]) {
    const got = st.tensor(src), want = st.tensor(ref);
    assert.deepEqual(got.shape, want.shape);
    for (let i = 0; i < want.data.length; i++) assert.ok(Object.is(got.data[i], want.data[i]), `${src}[${i}]: ${got.data[i]} vs ${want.data[i]}`);
  }
});

test('wrong dtype names the key', () => {
  const st = readSafetensors(dtypes, 'dtypes.safetensors');
  assert.throws(() => st.tensor('ids'), /tensor 'ids' has dtype I64/);
});

test('missing key names the key', () => {
  const st = readSafetensors(dtypes);
  assert.throws(() => st.tensor('weight_ih_l0'), /missing tensor 'weight_ih_l0'/);
});

test('round trip through the writer', () => {
  const a = { shape: [2, 3], data: new Float32Array([1, -2, 3.5, NaN, Infinity, -0]) };
  const b = { shape: [1], data: new Float32Array([7]) };
  const bytes = writeSafetensors({ a, b }, { note: 'x' });
  const st = readSafetensors(bytes);
  assert.deepEqual(st.keys(), ['a', 'b']);
  assert.equal(st.metadata.note, 'x');
  assert.deepEqual([...st.tensor('a').data], [...a.data]);
  assert.deepEqual(st.tensor('a').shape, [2, 3]);
  assert.equal((8 + Number(new DataView(bytes.buffer).getBigUint64(0, true))) % 8, 0);
});

test('truncated files are refused clearly', () => {
  assert.throws(() => readSafetensors(dtypes.subarray(0, 5), 'f'), /f: truncated/);
  assert.throws(() => readSafetensors(dtypes.subarray(0, 40), 'f'), /f: truncated or not safetensors: header length/);
  assert.throws(() => readSafetensors(dtypes.subarray(0, dtypes.length - 3), 'f'), /truncated: data of tensor '\w+' ends at byte/);
});

test('malformed headers are refused clearly', () => {
  assert.throws(() => readSafetensors(fileWithHeader('{"a": '), 'f'), /f: malformed header/);
  assert.throws(() => readSafetensors(fileWithHeader('[1,2]'), 'f'), /malformed header: expected a JSON object/);
  assert.throws(() => readSafetensors(fileWithHeader('{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}}', 8)), /tensor 'w': 4 data bytes do not match shape \(2,\) of F32/);
  assert.throws(() => readSafetensors(fileWithHeader('{"w":{"dtype":"F32","shape":[2]}}', 8)), /tensor 'w': data_offsets/);
  assert.throws(() => readSafetensors(fileWithHeader('{"w":{"dtype":"Q9","shape":[2],"data_offsets":[0,8]}}', 8)), /tensor 'w': unknown dtype Q9/);
});
