// A pickle (protocol 2) reader that runs nothing: it accepts only the opcodes and globals a torch
// state_dict needs (torch._utils._rebuild_tensor_v2, collections.OrderedDict, the storage types) and
// refuses anything else with a message naming the opcode or global.

export type PickleValue = null | boolean | number | bigint | string | PList | PTuple | PDict | PGlobal | PStorage | PTensor;
export type DictKey = string | number | bigint | boolean | null;

export class PList { constructor(readonly items: PickleValue[]) {} }
export class PTuple { constructor(readonly items: readonly PickleValue[]) {} }
export class PDict { readonly map = new Map<DictKey, PickleValue>(); }
export class PGlobal { constructor(readonly module: string, readonly name: string) {} get qualified(): string { return `${this.module}.${this.name}`; } }
/** A storage named by a persistent id: its bytes are the archive's `data/<key>` record. */
export class PStorage { constructor(readonly dtype: string, readonly key: string, readonly numel: number) {} }
/** A tensor as `_rebuild_tensor_v2` describes it: a view of a storage. */
export class PTensor { constructor(readonly storage: PStorage, readonly offset: number, readonly shape: number[], readonly stride: number[]) {} }

/** torch's storage classes and the safetensors-style dtype name of their elements. */
export const STORAGE_DTYPES: Readonly<Record<string, string>> = {
  FloatStorage: 'F32', HalfStorage: 'F16', BFloat16Storage: 'BF16', DoubleStorage: 'F64',
  LongStorage: 'I64', IntStorage: 'I32', ShortStorage: 'I16', CharStorage: 'I8', ByteStorage: 'U8', BoolStorage: 'BOOL',
};

const ALLOWED_CALLABLES = new Set(['collections.OrderedDict', 'torch._utils._rebuild_tensor_v2', 'torch._utils._rebuild_parameter']);

function allowedGlobal(module: string, name: string): boolean {
  return ALLOWED_CALLABLES.has(`${module}.${name}`) || (module === 'torch' && name in STORAGE_DTYPES);
}

/** Opcode names, for messages about the ones refused. */
const OPCODE_NAMES: Record<number, string> = {
  0x28: 'MARK', 0x2e: 'STOP', 0x30: 'POP', 0x31: 'POP_MARK', 0x32: 'DUP', 0x46: 'FLOAT', 0x49: 'INT', 0x4a: 'BININT', 0x4b: 'BININT1',
  0x4c: 'LONG', 0x4d: 'BININT2', 0x4e: 'NONE', 0x50: 'PERSID', 0x51: 'BINPERSID', 0x52: 'REDUCE', 0x53: 'STRING', 0x54: 'BINSTRING',
  0x55: 'SHORT_BINSTRING', 0x56: 'UNICODE', 0x58: 'BINUNICODE', 0x61: 'APPEND', 0x62: 'BUILD', 0x63: 'GLOBAL', 0x64: 'DICT',
  0x7d: 'EMPTY_DICT', 0x65: 'APPENDS', 0x67: 'GET', 0x68: 'BINGET', 0x69: 'INST', 0x6a: 'LONG_BINGET', 0x6c: 'LIST', 0x5d: 'EMPTY_LIST',
  0x6f: 'OBJ', 0x70: 'PUT', 0x71: 'BINPUT', 0x72: 'LONG_BINPUT', 0x73: 'SETITEM', 0x74: 'TUPLE', 0x29: 'EMPTY_TUPLE', 0x75: 'SETITEMS',
  0x47: 'BINFLOAT', 0x80: 'PROTO', 0x81: 'NEWOBJ', 0x82: 'EXT1', 0x83: 'EXT2', 0x84: 'EXT4', 0x85: 'TUPLE1', 0x86: 'TUPLE2',
  0x87: 'TUPLE3', 0x88: 'NEWTRUE', 0x89: 'NEWFALSE', 0x8a: 'LONG1', 0x8b: 'LONG4', 0x42: 'BINBYTES', 0x43: 'SHORT_BINBYTES',
  0x8c: 'SHORT_BINUNICODE', 0x8d: 'BINUNICODE8', 0x8e: 'BINBYTES8', 0x8f: 'EMPTY_SET', 0x90: 'ADDITEMS', 0x91: 'FROZENSET',
  0x92: 'NEWOBJ_EX', 0x93: 'STACK_GLOBAL', 0x94: 'MEMOIZE', 0x95: 'FRAME', 0x96: 'BYTEARRAY8', 0x97: 'NEXT_BUFFER', 0x98: 'READONLY_BUFFER',
};

const MARK = Symbol('mark');
type StackItem = PickleValue | typeof MARK;

export function describe(v: PickleValue): string {
  if (v === null) return 'None';
  if (v instanceof PGlobal) return v.qualified;
  if (v instanceof PList) return 'a list';
  if (v instanceof PTuple) return 'a tuple';
  if (v instanceof PDict) return 'a dict';
  if (v instanceof PStorage) return 'a storage';
  if (v instanceof PTensor) return 'a tensor';
  return typeof v === 'string' ? 'a str' : typeof v === 'boolean' ? 'a bool' : typeof v === 'bigint' || Number.isInteger(v) ? 'an int' : 'a float';
}

/**
 * Reads a torch.save `data.pkl`. `storage(dtype, key, numel)` resolves a persistent id (it must check the
 * record exists); nothing in the pickle is executed and no name outside the allowed set is looked up.
 */
export function unpickle(bytes: Uint8Array, source: string, storage: (dtype: string, key: string, numel: number) => PStorage): PickleValue {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const stack: StackItem[] = [];
  const memo = new Map<number, PickleValue>();
  let pos = 0, at = 0;
  const fail = (why: string): never => { throw new Error(`${source}: refusing to load the pickle: ${why} (at byte ${at}); rnnlens never executes pickle code`); };
  const need = (n: number): number => {
    if (pos + n > bytes.length) fail('it ends early (truncated)');
    const p = pos;
    pos += n;
    return p;
  };
  const line = (): string => {
    const end = bytes.indexOf(0x0a, pos);
    if (end < 0 || end - pos > 256) fail('a malformed GLOBAL name');
    const s = new TextDecoder('utf-8').decode(bytes.subarray(pos, end));
    pos = end + 1;
    return s;
  };
  const pop = (): PickleValue => {
    const v = stack.pop();
    if (v === undefined || v === MARK) return fail('the stack is empty');
    return v;
  };
  const top = (): PickleValue => {
    const v = stack[stack.length - 1];
    if (v === undefined || v === MARK) return fail('the stack is empty');
    return v;
  };
  const popMark = (): PickleValue[] => {
    const i = stack.lastIndexOf(MARK);
    if (i < 0) fail('no MARK');
    const items = stack.splice(i) as PickleValue[];
    items.shift();
    return items;
  };
  const key = (k: PickleValue): DictKey => (k === null || typeof k !== 'object' ? k : fail(`a dict key that is ${describe(k)}`));
  const setItems = (d: PickleValue, kv: PickleValue[]): void => {
    if (!(d instanceof PDict)) return fail(`SETITEM on ${describe(d)}`);
    if (kv.length % 2 !== 0) fail('SETITEMS with a key and no value');
    for (let i = 0; i + 1 < kv.length; i += 2) d.map.set(key(kv[i]!), kv[i + 1]!);
  };
  const appendItems = (l: PickleValue, items: PickleValue[]): void => {
    if (!(l instanceof PList)) return fail(`APPEND on ${describe(l)}`);
    l.items.push(...items);
  };
  const int = (v: PickleValue | undefined, what: string): number => (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : fail(`${what} must be a non-negative int, got ${v === undefined ? 'nothing' : describe(v)}`));
  const ints = (v: PickleValue | undefined, what: string): number[] => (v instanceof PTuple ? v.items.map((x) => int(x, what)) : fail(`${what} must be a tuple, got ${v === undefined ? 'nothing' : describe(v)}`));

  const reduce = (fn: PickleValue, args: PickleValue): PickleValue => {
    if (!(fn instanceof PGlobal)) return fail(`REDUCE on ${describe(fn)}`);
    if (!(args instanceof PTuple)) return fail(`REDUCE of ${fn.qualified} with ${describe(args)} for arguments`);
    const a = args.items;
    switch (fn.qualified) {
      case 'collections.OrderedDict':
        if (a.length !== 0) fail('collections.OrderedDict with arguments');
        return new PDict();
      case 'torch._utils._rebuild_tensor_v2': {
        // (storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])
        const st = a[0];
        if (!(st instanceof PStorage)) return fail(`_rebuild_tensor_v2 of ${st === undefined ? 'nothing' : describe(st)} instead of a storage`);
        const shape = ints(a[2], 'a tensor size'), stride = ints(a[3], 'a tensor stride');
        if (shape.length !== stride.length) fail(`a tensor of size (${shape.join(', ')}) with stride (${stride.join(', ')})`);
        if (a.length < 6 || a.length > 7 || typeof a[4] !== 'boolean') fail('_rebuild_tensor_v2 with unexpected arguments');
        return new PTensor(st, int(a[1], 'a storage offset'), shape, stride);
      }
      case 'torch._utils._rebuild_parameter': {
        // (data, requires_grad, backward_hooks): an nn.Parameter is its tensor here
        if (!(a[0] instanceof PTensor) || typeof a[1] !== 'boolean' || a.length !== 3) fail('_rebuild_parameter with unexpected arguments');
        return a[0]!;
      }
      default:
        return fail(`REDUCE calling ${fn.qualified}, which is not a function a state_dict needs`);
    }
  };

  while (true) {
    at = pos;
    const op = bytes[need(1)]!;
    switch (op) {
      case 0x80: { // PROTO
        const v = bytes[need(1)]!;
        if (v > 2) fail(`pickle protocol ${v}; torch.save writes protocol 2 (re-save without pickle_protocol)`);
        break;
      }
      case 0x2e: { // STOP
        const v = pop();
        if (stack.length !== 0) fail('values left on the stack at STOP');
        return v;
      }
      case 0x63: { // GLOBAL
        const module = line(), name = line();
        if (!allowedGlobal(module, name)) {
          fail(`global '${module}.${name}' is not allowed: a checkpoint may only use torch._utils._rebuild_tensor_v2 / _rebuild_parameter, collections.OrderedDict and torch's storage types` +
            (/^(__main__|torch\.nn\.)/.test(module) ? ' (the file pickles a whole model object: save model.state_dict() instead)' : ''));
        }
        stack.push(new PGlobal(module, name));
        break;
      }
      case 0x28: stack.push(MARK); break; // MARK
      case 0x29: stack.push(new PTuple([])); break; // EMPTY_TUPLE
      case 0x74: stack.push(new PTuple(popMark())); break; // TUPLE
      case 0x85: stack.push(new PTuple([pop()])); break; // TUPLE1
      case 0x86: { const b = pop(), a = pop(); stack.push(new PTuple([a, b])); break; } // TUPLE2
      case 0x87: { const c = pop(), b = pop(), a = pop(); stack.push(new PTuple([a, b, c])); break; } // TUPLE3
      case 0x5d: stack.push(new PList([])); break; // EMPTY_LIST
      case 0x61: { const v = pop(); appendItems(top(), [v]); break; } // APPEND
      case 0x65: { const items = popMark(); appendItems(top(), items); break; } // APPENDS
      case 0x7d: stack.push(new PDict()); break; // EMPTY_DICT
      case 0x73: { const v = pop(), k = pop(); setItems(top(), [k, v]); break; } // SETITEM
      case 0x75: { const kv = popMark(); setItems(top(), kv); break; } // SETITEMS
      case 0x4e: stack.push(null); break; // NONE
      case 0x88: stack.push(true); break; // NEWTRUE
      case 0x89: stack.push(false); break; // NEWFALSE
      case 0x4b: stack.push(bytes[need(1)]!); break; // BININT1
      case 0x4d: stack.push(view.getUint16(need(2), true)); break; // BININT2
      case 0x4a: stack.push(view.getInt32(need(4), true)); break; // BININT
      case 0x8a: { // LONG1: little-endian two's complement of n bytes
        const n = bytes[need(1)]!;
        const p = need(n);
        let v = 0n;
        for (let i = n - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[p + i]!);
        if (n > 0 && bytes[p + n - 1]! & 0x80) v -= 1n << BigInt(8 * n);
        stack.push(v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v);
        break;
      }
      case 0x47: stack.push(view.getFloat64(need(8), false)); break; // BINFLOAT (big-endian)
      case 0x58: { // BINUNICODE
        const n = view.getUint32(need(4), true);
        const p = need(n);
        stack.push(new TextDecoder('utf-8').decode(bytes.subarray(p, p + n)));
        break;
      }
      case 0x71: memo.set(bytes[need(1)]!, top()); break; // BINPUT
      case 0x72: memo.set(view.getUint32(need(4), true), top()); break; // LONG_BINPUT
      case 0x68: case 0x6a: { // BINGET, LONG_BINGET
        const i = op === 0x68 ? bytes[need(1)]! : view.getUint32(need(4), true);
        const v = memo.get(i);
        if (v === undefined) fail(`memo entry ${i} is not defined`);
        stack.push(v!);
        break;
      }
      case 0x30: pop(); break; // POP
      case 0x52: { const args = pop(), fn = pop(); stack.push(reduce(fn, args)); break; } // REDUCE
      case 0x62: { // BUILD: only an OrderedDict's attributes (a state_dict's _metadata), which are dropped
        const state = pop(), obj = top();
        if (!(obj instanceof PDict) || !(state === null || state instanceof PDict)) fail(`BUILD on ${describe(obj)}`);
        break;
      }
      case 0x51: { // BINPERSID: ('storage', storage type, key, location, numel)
        const pid = pop();
        const items = pid instanceof PTuple ? pid.items : [];
        const [tag, type, k, , n] = items;
        if (items.length !== 5 || tag !== 'storage' || !(type instanceof PGlobal) || typeof k !== 'string' || typeof items[3] !== 'string') {
          fail(`a persistent id that is not a torch storage (${pid instanceof PTuple ? pid.items.map(describe).join(', ') : describe(pid)})`);
        }
        const dtype = (type as PGlobal).module === 'torch' ? STORAGE_DTYPES[(type as PGlobal).name] : undefined;
        if (dtype === undefined) fail(`a storage of type ${(type as PGlobal).qualified}`);
        stack.push(storage(dtype!, k as string, int(n, 'a storage size')));
        break;
      }
      default:
        fail(`opcode ${OPCODE_NAMES[op] ?? 'unknown'} (0x${op.toString(16).padStart(2, '0')}) is not allowed in a tensor checkpoint`);
    }
  }
}
