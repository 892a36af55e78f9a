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
  const pickle = bytes.length >= 2 && bytes[0] === 0x80 && bytes[1]! >= 2 && bytes[1]! <= 5;
  if (isZip(bytes) || pickle || CHECKPOINT_EXTENSIONS.test(source)) return new CheckpointFile(bytes, source);
  return readSafetensors(bytes, source);
}
