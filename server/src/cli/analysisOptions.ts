// The CLI options that bound the analysis of each file (`--max-steps`, `--analysis-memory`,
// `--analysis-timeout`): the same limits as the editor's rnnlens.analysis.* settings, same defaults.
import { DEFAULT_HOST_OPTIONS, type AnalysisHostOptions } from '../node/analysisHost';

export interface AnalysisOptionsCli {
  maxSteps?: number;
  memoryLimitMB?: number;
  timeoutSeconds?: number;
  /** Set when an option's value is not a positive integer. */
  error?: string;
}

const FLAGS: Record<string, 'maxSteps' | 'memoryLimitMB' | 'timeoutSeconds'> = {
  '--max-steps': 'maxSteps',
  '--analysis-memory': 'memoryLimitMB',
  '--analysis-timeout': 'timeoutSeconds',
};

/**
 * If argv[i] is one of these options (`--flag N` or `--flag=N`), record it in `out` and return true
 * (the caller skips the value when it was a separate argument). A bad value sets `out.error`.
 */
export function analysisOption(argv: readonly string[], i: number, out: AnalysisOptionsCli): boolean {
  const a = argv[i]!;
  const eq = a.indexOf('=');
  const flag = eq >= 0 ? a.slice(0, eq) : a;
  const key = FLAGS[flag];
  if (!key) return false;
  const raw = eq >= 0 ? a.slice(eq + 1) : argv[i + 1];
  const n = raw !== undefined && /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(n) || n <= 0) out.error = `${flag} takes a positive integer`;
  else out[key] = n;
  return true;
}

export function hostOptions(o: AnalysisOptionsCli): AnalysisHostOptions {
  return {
    memoryLimitMB: o.memoryLimitMB ?? DEFAULT_HOST_OPTIONS.memoryLimitMB,
    timeoutSeconds: o.timeoutSeconds ?? DEFAULT_HOST_OPTIONS.timeoutSeconds,
  };
}
