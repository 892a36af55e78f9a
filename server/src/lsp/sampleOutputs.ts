// The output tensors of the server's last few sample runs, by run id, so the client can save a run it
// shows as .safetensors (`rnnlens/sampleOutputs`) without every result carrying its tensors.
import { writeSafetensors } from '../../../engine/src/safetensors';
import { toBase64 } from '../base64';
import type { Tensor } from '../../../engine/src/types';
import type { SampleOutputsResult } from '../protocol';

/** How many runs are kept (each within the engine's memory limit). */
const KEEP = 4;

export class RecentRuns {
  private next = 1;
  private readonly runs = new Map<number, Record<string, Tensor>>();

  keep(tensors: Record<string, Tensor>): number {
    const id = this.next++;
    this.runs.set(id, tensors);
    for (const old of this.runs.keys()) {
      if (this.runs.size <= KEEP) break;
      this.runs.delete(old);
    }
    return id;
  }

  /** The run's outputs as a .safetensors file, base64; throws when the run is no longer kept. */
  safetensors(runId: number): SampleOutputsResult {
    const tensors = this.runs.get(runId);
    if (!tensors) throw new Error(`sample run ${runId} is no longer kept (only the last ${KEEP} are); run it again to save its outputs`);
    return { safetensors: toBase64(writeSafetensors(tensors, { producer: 'rnnlens sample run' })) };
  }
}

export const recentRuns = new RecentRuns();
