// The bounds that keep the analysis of any input finite (steps, call depth, value size, file size), their
// defaults and settings, and the messages that say where and why an analysis stopped short (RL9xx).
import type { DiagnosticFact, Range } from './facts';
import { Codes } from './diagnosticCodes';

export interface AnalysisLimits {
  /** Steps of abstract interpretation per file, on top of STEPS_PER_LINE for each line of it. */
  maxSteps: number;
  /** Nesting of user-function calls followed. */
  maxCallDepth: number;
}

export const DEFAULT_LIMITS: AnalysisLimits = { maxSteps: 400_000, maxCallDepth: 6 };

/** Every line of a file earns this many steps on top of maxSteps, so a long flat file is read to its end. */
export const STEPS_PER_LINE = 20;

/** Items of a tuple, list or dict (counted through nesting) and the most terms of a symbolic size. */
export const MAX_VALUE_SIZE = 10_000;
export const MAX_DIM_TERMS = 64;
export const MAX_DIM_DEGREE = 16;

/** Files larger than this are not analysed (a setting in the editor, `--max-file-size` in the CLI). */
export const DEFAULT_MAX_FILE_SIZE_KB = 2048;

/** Where the settings live, for messages. */
export const SETTING = {
  maxSteps: 'rnnlens.analysis.maxSteps',
  maxFileSizeKB: 'rnnlens.analysis.maxFileSizeKB',
  memoryLimitMB: 'rnnlens.analysis.memoryLimitMB',
  timeoutSeconds: 'rnnlens.analysis.timeoutSeconds',
} as const;

/** The step budget of a file of `lines` lines under `limits`. */
export function stepBudget(limits: AnalysisLimits, lines: number): number {
  return limits.maxSteps + STEPS_PER_LINE * lines;
}

export function stoppedMessage(budget: number, limits: AnalysisLimits): string {
  return (
    `rnnlens stopped analysing here: the budget of ${budget.toLocaleString('en-US')} steps for this file ran out ` +
    `(${limits.maxSteps.toLocaleString('en-US')} plus ${STEPS_PER_LINE} per line), so the code from here on and functions not yet analysed are not checked. ` +
    `Raise ${SETTING.maxSteps} (CLI: --max-steps) to check further.`
  );
}

export function tooDeepMessage(limits: AnalysisLimits): string {
  return `rnnlens does not follow this call: it is nested more than ${limits.maxCallDepth} calls deep, so what it returns is unknown here (a fixed limit).`;
}

export function tooLargeMessage(what: string): string {
  return `rnnlens treats this value as unknown: ${what} is larger than the analysis follows (${MAX_VALUE_SIZE.toLocaleString('en-US')} items, a fixed limit).`;
}

/** The whole-file diagnostic of a file that was not analysed or whose analysis failed. */
export function fileDiagnostic(code: string, message: string): DiagnosticFact {
  const range: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  return { range, severity: 'warning', code, message, fixes: [] };
}

export function fileTooLargeDiagnostic(sizeBytes: number, maxKB: number, cliFlag = '--max-file-size'): DiagnosticFact {
  const kb = Math.ceil(sizeBytes / 1024);
  return fileDiagnostic(
    Codes.fileTooLarge,
    `rnnlens did not analyse this file: it is ${kb.toLocaleString('en-US')} KB, above the limit of ${maxKB.toLocaleString('en-US')} KB. ` +
      `Raise ${SETTING.maxFileSizeKB} (CLI: ${cliFlag}) to analyse it.`,
  );
}

/** Why an analysis in the worker did not finish: out of memory, out of time, or the parser failed. */
export type FailureKind = 'memory' | 'time' | 'parser' | 'crash';

export function analysisFailedDiagnostic(kind: FailureKind, detail: { memoryLimitMB?: number; timeoutSeconds?: number; message?: string }): DiagnosticFact {
  const text =
    kind === 'memory'
      ? `rnnlens stopped analysing this file: it needed more than the ${detail.memoryLimitMB ?? '?'} MB of memory the analysis may use. Raise ${SETTING.memoryLimitMB} (CLI: --analysis-memory) or lower ${SETTING.maxSteps}.`
      : kind === 'time'
        ? `rnnlens stopped analysing this file: it took longer than ${detail.timeoutSeconds ?? '?'} s. Raise ${SETTING.timeoutSeconds} (CLI: --analysis-timeout) or lower ${SETTING.maxSteps}.`
        : kind === 'parser'
          ? `rnnlens stopped analysing this file: the Python parser failed on it (${detail.message ?? 'aborted'}); it was restarted for the next file.`
          : `rnnlens stopped analysing this file: the analysis failed (${detail.message ?? 'unknown error'}); it was restarted for the next file.`;
  return fileDiagnostic(Codes.analysisFailed, text);
}
