// Opens a weights file by its content: a torch.save checkpoint (.pt / .pth, a zip archive; a legacy
// pickle gets a clear refusal) or safetensors. Both give keys, dtypes, shapes and float32 tensors.
import type { Tensor } from './types';
import { readSafetensors } from './safetensors';
import { CheckpointFile } from './checkpoint/index';
import { isZip } from './checkpoint/zip';

export interface TensorFile {
  readonly entries: ReadonlyMap<string, { dtype: string; shape: number[] }>;
  keys(): string[];
  has(key: string): boolean;
  tensor(key: string): Tensor;
  /** For checkpoints: where the state_dict was found (empty when the file is a bare state_dict). */
  readonly found?: string;
  /** For checkpoints: a prefix removed from every key (`module.` of DataParallel), else ''. */
  readonly removedPrefix?: string;
}

const CHECKPOINT_EXTENSIONS = /\.(pt|pth|ckpt|bin|tar)$/i;

export function readWeights(bytes: Uint8Array, source: string): TensorFile {
  // A safetensors file starts with its header's length (8 bytes, little-endian) and the header's '{':
  // a length of 0x0280 begins like a protocol-2 pickle (0x80 0x02), so the '{' decides first.
  const view = bytes.length >= 9 ? new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength) : undefined;
  const safetensors = view !== undefined && bytes[8] === 0x7b && view.getBigUint64(0, true) <= BigInt(bytes.length - 8);
  const pickle = !safetensors && bytes.length >= 2 && bytes[0] === 0x80 && bytes[1]! >= 2 && bytes[1]! <= 5;
  if (isZip(bytes) || pickle || CHECKPOINT_EXTENSIONS.test(source)) return new CheckpointFile(bytes, source);
  return readSafetensors(bytes, source);
}
