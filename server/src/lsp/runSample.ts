// `rnnlens/listLayers` and `rnnlens/runSample`: pick a declared layer from the facts and run it on
// sample input in the bundled engine (phase 2; until the engine lands, the run reports that it is absent).
import { ResponseError, ErrorCodes, type CancellationToken, type Connection } from 'vscode-languageserver';
import type { AnalysisResult, ModuleFact } from '../analysis/facts';
import { rangeContains } from '../analysis/facts';
import type { LayerSummary, RunSampleParams, RunSampleResult } from '../protocol';
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
  return { target: m.target, kind: m.kind, range: m.statementRange, inDocument, detail: describeModule(m), runnable: m.spec !== undefined };
}

/** The module a run request names: by target, else the declaration containing the position. */
export function findModule(result: AnalysisResult, params: Pick<RunSampleParams, 'target' | 'position'>): ModuleFact | undefined {
  if (params.target !== undefined) {
    const t = params.target;
    return result.modules.find((m) => m.target === t || m.aliases.includes(t));
  }
  const pos = params.position;
  if (pos) return result.modules.find((m) => rangeContains(m.statementRange, pos) || rangeContains(m.range, pos));
  return undefined;
}

export async function runSampleHandler(
  _connection: Connection,
  view: DocumentView | undefined,
  params: RunSampleParams,
  _settings: Settings,
  _token: CancellationToken,
): Promise<RunSampleResult> {
  if (!view) throw new ResponseError(ErrorCodes.InvalidParams, `rnnlens: ${params.uri} is not open`);
  const m = findModule(view.result, params);
  if (!m) throw new ResponseError(ErrorCodes.InvalidParams, 'rnnlens: no recurrent layer declared there');
  throw new ResponseError(ErrorCodes.InternalError, 'rnnlens: the sample engine is not part of this build yet');
}
