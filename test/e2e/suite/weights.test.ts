// Extension test of a sample run with a picked weights file: the client reads the file through
// vscode.workspace.fs (so it works on any file system, in the browser too) and sends its bytes.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RunSampleResult } from '../../../server/src/protocol';
import { writeSafetensors } from '../../../engine/src/safetensors';
import { activate, openPython, workspaceUri } from './helpers';

describe('rnnlens weights files', () => {
  it('runs a layer with weights read through vscode.workspace.fs', async () => {
    const api = await activate();
    const doc = await openPython('sample_run.py');
    // GRU(6, 12, num_layers=2) with all-zero weights: n = tanh(0) = 0 and h' = h / 2 from h0 = 0, so every output is 0
    const zeros = (shape: number[]): { shape: number[]; data: Float32Array } => ({ shape, data: new Float32Array(shape.reduce((a, b) => a * b, 1)) });
    const tensors: Record<string, { shape: number[]; data: Float32Array }> = {};
    for (const l of [0, 1]) {
      tensors[`gru.weight_ih_l${l}`] = zeros([36, l === 0 ? 6 : 12]);
      tensors[`gru.weight_hh_l${l}`] = zeros([36, 12]);
      tensors[`gru.bias_ih_l${l}`] = zeros([36]);
      tensors[`gru.bias_hh_l${l}`] = zeros([36]);
    }
    const file = workspaceUri('zeros-fs.safetensors');
    await vscode.workspace.fs.writeFile(file, writeSafetensors(tensors));
    const key = doc.uri.toString();
    await api.weights.set(key, 'gru', { path: 'zeros-fs.safetensors', prefix: 'gru.', uri: file.toString() });
    try {
      const result = await vscode.commands.executeCommand<RunSampleResult | undefined>('rnnlens.runSample', { uri: key, target: 'gru', position: { line: 4, character: 0 } });
      assert.ok(result, 'the command returned a result');
      assert.match(result.weightsSource, /zeros-fs\.safetensors \(prefix 'gru\.'\)/);
      // on the input the code builds, x = torch.randn(3, 9, 6): torch gives output (3, 9, 12) and h_n (2, 3, 12)
      assert.deepEqual(result.outputs.map((o) => [o.name, o.shape, o.min, o.max]), [['output', [3, 9, 12], 0, 0], ['h_n', [2, 3, 12], 0, 0]]);
    } finally {
      await api.weights.set(key, 'gru', undefined);
      await vscode.workspace.fs.delete(file);
    }
  });
});
