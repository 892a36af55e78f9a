// The pickle reader on small pickles: plain values come out as Python built them, and every opcode or
// global outside the state_dict set, and every malformed pickle, is refused with a message naming it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { unpickle, PDict, PList, PTuple, PStorage, type PickleValue } from '../../engine/src/checkpoint/pickle';

const hex = (h: string): Uint8Array => Uint8Array.from(Buffer.from(h.replace(/\s+/g, ''), 'hex'));
const load = (b: Uint8Array): PickleValue => unpickle(b, 'p.pkl', (dtype, key, n) => new PStorage(dtype, key, n));

test('plain values come out as Python built them', () => {
  // /usr/bin/python3: pickle.dumps({'a': [1, -2, 300, 2**40, -2**70], 'b': (0.5, None, True, False),
  //                                  'c': 'héllo', 'd': {3: 'x'}}, protocol=2).hex()
  const v = load(hex(`80027d71002858010000006171015d7102284b014afeffffff4d2c018a060000000000018a090000000000000000c0655801000000
    62710328473fe00000000000004e88897471045801000000637105580600000068c3a96c6c6f710658010000006471077d71084b03580100000078710973752e`));
  assert.ok(v instanceof PDict);
  assert.deepEqual([...v.map.keys()], ['a', 'b', 'c', 'd']);
  assert.deepEqual((v.map.get('a') as PList).items, [1, -2, 300, 2 ** 40, -(2n ** 70n)]);
  assert.deepEqual((v.map.get('b') as PTuple).items, [0.5, null, true, false]);
  assert.equal(v.map.get('c'), 'héllo');
  assert.deepEqual([...(v.map.get('d') as PDict).map], [[3, 'x']]);
});

test('globals outside the allowed set are refused by name', () => {
  // pickle.dumps(set([1]), protocol=2) and pickle.dumps(b'ab', protocol=2)
  assert.throws(() => load(hex('8002635f5f6275696c74696e5f5f0a7365740a71005d71014b01618571025271032e')), /p\.pkl: refusing to load the pickle: global '__builtin__\.set' is not allowed.*\(at byte 2\)/);
  assert.throws(() => load(hex('8002635f636f646563730a656e636f64650a710058020000006162710158060000006c6174696e3171028671035271042e')), /global '_codecs\.encode' is not allowed/);
});

test('opcodes outside protocol 2’s state_dict subset are refused by name', () => {
  // pickle.dumps({'a': 1}, protocol=4)
  assert.throws(() => load(hex('8004950a000000000000007d948c0161944b01732e')), /pickle protocol 4; torch\.save writes protocol 2/);
  assert.throws(() => load(hex('8002 81 2e')), /opcode NEWOBJ \(0x81\) is not allowed in a tensor checkpoint \(at byte 2\)/);
  assert.throws(() => load(hex('8002 8c 01 61 2e')), /opcode SHORT_BINUNICODE \(0x8c\)/);
  assert.throws(() => load(hex('8002 93 2e')), /opcode STACK_GLOBAL \(0x93\)/);
  assert.throws(() => load(hex('8002 ff 2e')), /opcode unknown \(0xff\)/);
});

test('a misused allowed global or a malformed pickle is refused, never a crash', () => {
  const cases: [string, RegExp][] = [
    ['8002 29 29 52 2e', /REDUCE on a tuple/], // () () REDUCE
    ['8002 63 636f6c6c656374696f6e730a4f726465726564446963740a 4b01 8552 2e', /collections\.OrderedDict with arguments/],
    ['8002 63746f7263682e5f7574696c730a5f72656275696c645f74656e736f725f76320a 28 4e 4b00 29 29 89 7d 74 52 2e', /_rebuild_tensor_v2 of None instead of a storage/],
    ['8002 5801000000 78 51 2e', /a persistent id that is not a torch storage \(a str\)/],
    ['8002 6805 2e', /memo entry 5 is not defined/],
    ['8002 58ff000000 6162', /it ends early \(truncated\)/],
    ['8002 74 2e', /no MARK/],
    ['8002 2e', /the stack is empty/],
    ['8002 4b01 4b02 2e', /values left on the stack at STOP/],
    ['8002 7d 28 4b01 75 2e', /SETITEMS with a key and no value/],
    ['8002 7d 5d 4b01 73 2e', /a dict key that is a list/],
    ['8002 4b01 4b02 61 2e', /APPEND on an int/],
    ['8002 4b01 7d 62 2e', /BUILD on an int/],
  ];
  for (const [h, why] of cases) assert.throws(() => load(hex(h)), why, h);
});
