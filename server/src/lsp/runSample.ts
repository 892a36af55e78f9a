// `rnnlens/listLayers` and `rnnlens/runSample`: pick a declared layer from the facts, run it on random
// input in the bundled engine (a worker the host starts: worker_threads in Node, a Web Worker in a
// browser; progress and cancellation), compare shapes with the static ones.
import { ErrorCodes, LSPErrorCodes, ResponseError, type CancellationToken, type Connection } from 'vscode-languageserver';
import type { AnalysisResult, ModuleFact, RecurrentSpec } from '../analysis/facts';
import { rangeContains } from '../analysis/facts';
import { estimateRunBytes } from '../../../engine/src/limits';
import type { RunOptions, RunRequest, RunResult } from '../../../engine/src/types';
import { fromBase64 } from '../base64';
import { sampleRuns, WORKER_OVERHEAD_MB } from './runQueue';
import type { LayerSummary, RunSampleParams, RunSampleResult, SampleTensorStats } from '../protocol';
import { callOf, evalSize, layerRows, missingNames, prepareInputs, specWithSizes, type PreparedInputs, type Sizes } from './sampleInputs';
import { recentRuns } from './sampleOutputs';
import type { DocumentView } from './analysisStore';
import type { Settings } from './settings';

export function describeModule(m: ModuleFact): string {
  const given = m.args.filter((a) => a.source === 'given').map((a) => `${a.name}=${a.value}`);
  return `${m.kind}(${given.join(', ')})`;
}

/** The layers of a document, then (for a notebook cell) those declared in the notebook's other cells. */
export function listLayers(view: DocumentView): LayerSummary[] {
  const own = view.result.modules.map((m) => summary(m, true));
  const seen = new Set(own.map((l) => l.target));
  const others = view.unitResult === view.result ? [] : view.unitResult.modules.filter((m) => !seen.has(m.target)).map((m) => summary(m, false));
  return [...own, ...others];
}

function summary(m: ModuleFact, inDocument: boolean): LayerSummary {
  return { target: m.target, kind: m.kind, range: m.statementRange, inDocument, detail: describeModule(m), runnable: m.spec !== undefined, missing: missingNames(m) };
}

/**
 * The module a run request names: by target (when several declarations share it, `self.gru` in two
 * classes, the one at the position; without a position, none), else the declaration containing the position.
 */
export function findModule(result: AnalysisResult, params: Pick<RunSampleParams, 'target' | 'position'>): ModuleFact | undefined {
  const pos = params.position;
  const at = (m: ModuleFact) => pos !== undefined && (rangeContains(m.statementRange, pos) || rangeContains(m.range, pos));
  if (params.target !== undefined) {
    const t = params.target;
    const named = result.modules.filter((m) => m.target === t || m.aliases.includes(t));
    return named.length === 1 ? named[0] : named.find(at);
  }
  if (pos) return result.modules.find(at);
  return undefined;
}

/**
 * The static shapes of what a call returns (ModuleFact.returns, e.g. `output (L, N, 40)`), with the run's
 * batch N (dropped for unbatched input) and length L substituted, and the values given for names the code
 * leaves open; an entry is undefined when a dim is not a number after substitution.
 */
export function staticShapes(returns: readonly string[], batch: number | undefined, seq: number, sizes: Readonly<Sizes> = {}): (number[] | undefined)[] {
  return returns.map((r) => {
    const m = /\(([^()]*)\)\s*$/.exec(r);
    if (!m) return undefined;
    const dims = (m[1] ?? '').split(',').map((d) => d.trim()).filter((d) => d.length > 0 && !(d === 'N' && batch === undefined));
    const values = dims.map((d) => (d === 'N' ? batch! : d === 'L' ? seq : (evalSize(d, sizes) ?? NaN)));
    return values.every((v) => Number.isInteger(v)) ? values : undefined;
  });
}

/** The outputs of an engine run with their static shapes (matched by order: output, h_n, c_n / h', c'). */
export function compareWithStatic(result: RunResult, returns: readonly string[], batch: number | undefined, seq: number, sizes: Readonly<Sizes> = {}): SampleTensorStats[] {
  const expected = staticShapes(returns, batch, seq, sizes);
  return result.outputs.map((o, i) => {
    const e = expected[i];
    const stats: SampleTensorStats = { name: o.name, shape: o.shape, min: o.min, max: o.max, mean: o.mean, std: o.std, nanCount: o.nanCount, infCount: o.infCount };
    if (e) {
      stats.expectedShape = e;
      stats.matchesStatic = e.length === o.shape.length && e.every((d, k) => d === o.shape[k]);
    }
    return stats;
  });
}

/** Runs one request in the engine's worker (the host's: engine/src/index.ts in Node, webWorkerRun.ts in a browser). */
export type SampleRunner = (req: RunRequest, opts: RunOptions) => Promise<RunResult>;

export async function runSampleHandler(
  runSample: SampleRunner,
  connection: Connection,
  view: DocumentView | undefined,
  params: RunSampleParams,
  settings: Settings,
  token: CancellationToken,
): Promise<RunSampleResult> {
  if (!view) throw new ResponseError(ErrorCodes.InvalidParams, `${params.uri} is not open`);
  // a notebook cell may run a layer declared in another cell
  let facts = view.result;
  let m = findModule(facts, params);
  if (!m && params.target !== undefined) m = findModule((facts = view.unitResult), params);
  if (!m) throw new ResponseError(ErrorCodes.InvalidParams, params.target ? `no recurrent layer '${params.target}' is declared here` : 'no recurrent layer is declared there');
  const target = m.target;
  const sizes = params.sizes ?? {};
  let spec: RecurrentSpec;
  let prepared: PreparedInputs;
  const batchSetting = params.batchSize ?? settings.sample.batchSize;
  const seqSetting = params.sequenceLength ?? settings.sample.sequenceLength;
  try {
    if (!m.spec && !params.sizes) {
      const missing = missingNames(m);
      throw new Error(`the sizes of ${target} are not known statically (${missing.join(', ') || 'see its arguments'}); give them to run it`);
    }
    spec = specWithSizes(m, sizes);
    // the code's own call decides the input (what the inlay hints show); the settings only where it does not
    const call = callOf(facts, m, facts === view.result ? params.position : undefined);
    // a notebook cell's layer may be called in a later cell: look in the whole notebook (whose lines are
    // not the cell's, so the call's line is not reported)
    const unitModule = !call && facts !== view.unitResult ? findModule(view.unitResult, { target }) : undefined;
    const unitCall = unitModule ? callOf(view.unitResult, unitModule) : undefined;
    const elsewhere = view.result !== view.unitResult && (facts === view.unitResult || unitCall !== undefined);
    prepared = prepareInputs(spec, call ?? unitCall, batchSetting, seqSetting, elsewhere);
  } catch (err) {
    throw new ResponseError(ErrorCodes.InvalidParams, err instanceof Error ? err.message : String(err));
  }
  const { batch, seq } = prepared;
  const seed = params.seed ?? settings.sample.seed;
  const progress = connection.window.attachWorkDoneProgress(params.workDoneToken);
  progress.begin(`rnnlens: running ${target}`, 0, 'starting the engine', true);
  const ctrl = new AbortController();
  const onCancel = token.onCancellationRequested(() => ctrl.abort());
  let result: RunResult;
  try {
    const memoryLimitMB = params.memoryLimitMB ?? settings.engine.memoryLimitMB; // the engine caps it at 4096
    const reserveMB = Math.min(estimateRunBytes(spec, batch, seq) / 2 ** 20, memoryLimitMB) + WORKER_OVERHEAD_MB;
    result = await sampleRuns.run(reserveMB, () => runSample(
      {
        spec, batch, seq, seed, memoryLimitMB,
        inputs: prepared.recipes,
        weightsPath: params.weightsPath,
        weightsBytes: params.weightsBase64 === undefined ? undefined : fromBase64(params.weightsBase64),
        weightsPrefix: params.weightsPrefix,
      },
      { signal: ctrl.signal, onProgress: (f) => progress.report(Math.round(f * 100), `${Math.round(f * 100)} %`) },
    ), ctrl.signal, (ahead) => progress.report(0, `waiting for ${ahead} other run${ahead === 1 ? '' : 's'}`));
  } catch (err) {
    if (ctrl.signal.aborted) throw new ResponseError(LSPErrorCodes.RequestCancelled, `the run of ${target} was cancelled`);
    throw new ResponseError(LSPErrorCodes.RequestFailed, err instanceof Error ? err.message : String(err));
  } finally {
    onCancel.dispose();
    progress.done();
  }
  // `D` is how the analysis names the directions when `bidirectional` is not known statically
  const outputs = compareWithStatic(result, m.returns, batch, seq, { D: spec.bidirectional ? 2 : 1, ...sizes });
  const layers = layerRows(target, spec, batch, seq, result.layers);
  return {
    target,
    kind: m.kind,
    description: describeModule(m),
    batchSize: batch ?? 1,
    sequenceLength: seq,
    inputShape: prepared.info[0]!.shape,
    outputs,
    millis: result.millis,
    gflops: result.gflops,
    seed: result.seed,
    simd: result.simd,
    weightsSource: result.weightsSource,
    staticShapesMatch: outputs.every((o) => o.matchesStatic !== false),
    runId: recentRuns.keep(result.tensors),
    line: m.statementRange.start.line,
    ...(prepared.callLine !== undefined ? { callLine: prepared.callLine } : {}),
    inputs: prepared.info,
    layers,
    paramCount: layers.reduce((n, l) => n + l.params, 0),
    ...(params.sizes ? { sizes: params.sizes } : {}),
  };
}
