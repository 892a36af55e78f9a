// `rnnlens/runModel`: runs a whole model of the document (its forward, in eval mode) on the arguments the
// file's own call builds, with seeded or given weights, in the host's model runner (a worker of its own),
// with progress and cancellation, and compares each returned tensor with the shape the analysis inferred.
import { ErrorCodes, LSPErrorCodes, ResponseError, type CancellationToken, type Connection } from 'vscode-languageserver';
import type { AnalysisResult, ShapeFact } from '../analysis/facts';
import type { ModuleRunOptions, ModuleRunResult } from '../concrete/moduleRun';
import { summarize } from '../../../engine/src/summary';
import type { Tensor } from '../../../engine/src/types';
import { fromBase64 } from '../base64';
import type { RunModelParams, RunModelResult, SampleTensorStats } from '../protocol';
import type { DocumentView } from './analysisStore';
import { sampleRuns, WORKER_OVERHEAD_MB } from './runQueue';
import { recentRuns } from './sampleOutputs';
import type { Settings } from './settings';

export interface ModelRunRequest {
  /** The program: the document's text (a notebook's cells joined). */
  text: string;
  module: string;
  seed: number;
  batch: number;
  seq: number;
  weightsName?: string;
  weightsBytes?: Uint8Array;
  weightsPrefix?: string;
  memoryLimitMB: number;
}

/** The options of concrete/moduleRun.ts's runModule for a request (the same in every host's worker). */
export function moduleRunOptions(req: ModelRunRequest): ModuleRunOptions {
  return {
    module: req.module,
    seed: req.seed,
    batch: req.batch,
    seq: req.seq,
    memoryLimitMB: req.memoryLimitMB,
    ...(req.weightsBytes ? { weights: req.weightsName ?? 'weights', weightsBytes: req.weightsBytes } : {}),
    ...(req.weightsPrefix !== undefined ? { weightsPrefix: req.weightsPrefix } : {}),
  };
}

/** Runs a model; rejects with `usage` set when the module asked for is not one the file can run. */
export type ModelRunner = (req: ModelRunRequest, opts: { signal?: AbortSignal }) => Promise<ModuleRunResult>;

/** The concrete shape of a fact, when every size of it is known (concrete where the calls agree). */
function knownShape(f: ShapeFact | undefined): number[] | undefined {
  const dims = f?.concrete ?? f?.dims;
  if (!f || f.kind !== 'tensor' || !dims) return undefined;
  const out: number[] = [];
  for (const d of dims) {
    if (typeof d.value !== 'number') return undefined;
    out.push(d.value);
  }
  return out;
}

/**
 * The shapes the analysis gives the names the call's result is bound to (`y = model(x)`: output;
 * `out, h = model(x)`: output.0, output.1), by flattened output name; only fully known shapes.
 */
export function staticOutputShapes(facts: AnalysisResult, callLine: number | undefined): Map<string, number[]> {
  const out = new Map<string, number[]>();
  if (callLine === undefined) return out;
  const bound = facts.shapes.filter((s) => s.range.start.line === callLine).sort((a, b) => a.range.start.character - b.range.start.character);
  if (bound.length === 1) {
    const s = knownShape(bound[0]);
    if (s) out.set('output', s);
  } else {
    bound.forEach((f, i) => {
      const s = knownShape(f);
      if (s) out.set(`output.${i}`, s);
    });
  }
  return out;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

export async function runModelHandler(
  runModel: ModelRunner | undefined,
  connection: Connection,
  view: DocumentView | undefined,
  /** The program the view belongs to: the document's text, or its notebook's cells joined. */
  program: string | undefined,
  params: RunModelParams,
  settings: Settings,
  token: CancellationToken,
): Promise<RunModelResult> {
  if (!view) throw new ResponseError(ErrorCodes.InvalidParams, `${params.uri} is not open`);
  if (!runModel) throw new ResponseError(ErrorCodes.InvalidRequest, 'whole-model runs are not available in this build of rnnlens (run a recurrent layer instead)');
  const model = view.unitResult.models?.find((m) => m.name === params.module);
  const memoryLimitMB = params.memoryLimitMB ?? settings.engine.memoryLimitMB;
  const seed = params.seed ?? settings.sample.seed;
  const progress = connection.window.attachWorkDoneProgress(params.workDoneToken);
  progress.begin(`rnnlens: running ${params.module}`, undefined, 'starting', true);
  const ctrl = new AbortController();
  const onCancel = token.onCancellationRequested(() => ctrl.abort());
  let r: ModuleRunResult;
  try {
    r = await sampleRuns.run(memoryLimitMB + WORKER_OVERHEAD_MB, () => runModel(
      {
        text: program ?? view.text,
        module: params.module,
        seed,
        batch: params.batchSize ?? settings.sample.batchSize,
        seq: params.sequenceLength ?? settings.sample.sequenceLength,
        memoryLimitMB,
        ...(params.weightsBase64 !== undefined ? { weightsName: params.weightsPath ?? 'weights', weightsBytes: fromBase64(params.weightsBase64) } : {}),
        ...(params.weightsPrefix !== undefined ? { weightsPrefix: params.weightsPrefix } : {}),
      },
      { signal: ctrl.signal },
    ), ctrl.signal, (ahead) => progress.report(`waiting for ${ahead} other run${ahead === 1 ? '' : 's'}`));
  } catch (err) {
    if (ctrl.signal.aborted) throw new ResponseError(LSPErrorCodes.RequestCancelled, `the run of ${params.module} was cancelled`);
    const usage = (err as { usage?: boolean }).usage === true;
    throw new ResponseError(usage ? ErrorCodes.InvalidParams : LSPErrorCodes.RequestFailed, err instanceof Error ? err.message : String(err));
  } finally {
    onCancel.dispose();
    progress.done();
  }
  const expected = staticOutputShapes(view.unitResult, r.callLine);
  const outputs: SampleTensorStats[] = r.outputs.map((o) => {
    const want = expected.get(o.name);
    return { ...summarize(o.name, o.tensor), ...(want ? { expectedShape: want, matchesStatic: sameShape(o.tensor.shape, want) } : {}) };
  });
  const tensors: Record<string, Tensor> = {};
  for (const o of r.outputs) tensors[o.name] = { shape: o.tensor.shape, data: o.tensor.data };
  const layers = r.layers.map((l) => ({ name: l.name, kind: l.kind, outputShape: l.shape, params: l.params, millis: l.millis, calls: l.calls }));
  return {
    kind: 'model',
    target: r.label,
    inputs: r.inputs,
    outputs,
    values: r.others,
    layers,
    paramCount: layers.reduce((n, l) => n + l.params, 0),
    millis: r.millis,
    seed,
    weightsSource: r.weightsSource,
    staticShapesMatch: outputs.every((o) => o.matchesStatic !== false),
    runId: recentRuns.keep(tensors),
    line: model?.statementRange.start.line ?? 0,
    ...(r.callLine !== undefined ? { callLine: r.callLine } : {}),
  };
}
