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

/** A file from tensors given as [name, begin, end] of F32 data, `dataBytes` long (default: up to the last end). */
function fileWithRanges(ranges: [string, number, number][], dataBytes?: number): Uint8Array {
  const header: Record<string, unknown> = {};
  for (const [name, begin, end] of ranges) header[name] = { dtype: 'F32', shape: [(end - begin) / 4], data_offsets: [begin, end] };
  return fileWithHeader(JSON.stringify(header), dataBytes ?? Math.max(0, ...ranges.map((r) => r[2])));
}

test('the tensors must cover the data exactly: overlap, holes and trailing bytes are refused, naming the key', () => {
  // in any header order, contiguous ranges are fine (the format sorts by offset), zero-size tensors too
  const ok = readSafetensors(fileWithRanges([['b', 8, 16], ['a', 0, 8], ['empty', 16, 16]]));
  assert.deepEqual(ok.keys(), ['b', 'a', 'empty']);
  assert.deepEqual(ok.tensor('empty').shape, [0]);
  assert.throws(() => readSafetensors(fileWithRanges([['a', 0, 8], ['b', 4, 12]]), 'f'), /f: invalid data_offsets of tensor 'b': \[4, 12\] overlaps tensor 'a', which ends at byte 8/);
  assert.throws(() => readSafetensors(fileWithRanges([['a', 0, 8], ['b', 0, 8]]), 'f'), /tensor 'b': \[0, 8\] overlaps tensor 'a'/);
  assert.throws(() => readSafetensors(fileWithRanges([['a', 0, 8], ['z', 4, 4]]), 'f'), /tensor 'z': \[4, 4\] overlaps tensor 'a'/);
  assert.throws(() => readSafetensors(fileWithRanges([['a', 0, 8], ['b', 12, 16]]), 'f'), /tensor 'b': it starts at byte 12, leaving bytes 8\.\.12 of the data to no tensor/);
  assert.throws(() => readSafetensors(fileWithRanges([['a', 4, 8]]), 'f'), /tensor 'a': it starts at byte 4, leaving bytes 0\.\.4/);
  assert.throws(() => readSafetensors(fileWithRanges([['a', 0, 8]], 11), 'f'), /f: 3 trailing bytes after the last tensor 'a'/);
  assert.throws(() => readSafetensors(fileWithHeader('{}', 2), 'f'), /f: 2 trailing bytes after the last tensor \(/);
  assert.throws(() => readSafetensors(fileWithHeader('{"a":{"dtype":"F32","shape":[0],"data_offsets":[8,4]}}', 8), 'f'), /tensor 'a': data_offsets must be \[begin, end\] with begin <= end/);
});

test('header rules: starts with {, only whitespace after the object, no duplicate keys, string metadata', () => {
  const entry = '"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}';
  assert.equal(readSafetensors(fileWithHeader(`{${entry}}    `, 4)).keys()[0], 'a');
  assert.throws(() => readSafetensors(fileWithHeader(` {${entry}}`, 4), 'f'), /f: malformed header: it must start with '\{'/);
  // padding after the object: spaces, as the spec says, and other JSON whitespace, as the reference reader accepts
  assert.equal(readSafetensors(fileWithHeader(`{${entry}}\n  `, 4)).keys()[0], 'a');
  assert.throws(() => readSafetensors(fileWithHeader(`{${entry}}x`, 4), 'f'), /f: malformed header/);
  assert.throws(() => readSafetensors(fileWithHeader(`{${entry},${entry}}`, 4), 'f'), /f: malformed header: duplicate key 'a'/);
  assert.throws(() => readSafetensors(fileWithHeader('{"a":{"dtype":"F32","dtype":"F16","shape":[1],"data_offsets":[0,4]}}', 4), 'f'), /duplicate key 'dtype'/);
  // the same names in different objects, and escaped quotes inside strings, are not duplicates
  const meta = '"__metadata__":{"a":"say \\"a\\"","shape":"x"}';
  assert.equal(readSafetensors(fileWithHeader(`{${meta},${entry}}`, 4)).metadata.a, 'say "a"');
  assert.throws(() => readSafetensors(fileWithHeader(`{"__metadata__":{"n":1},${entry}}`, 4), 'f'), /f: malformed header: __metadata__ must map strings to strings/);
  assert.deepEqual(readSafetensors(fileWithHeader(`{"__metadata__":null,${entry}}`, 4)).metadata, {});
});
