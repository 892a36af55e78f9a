// The `rnnlens.*` settings as the server sees them, read per document from the client
// (workspace/configuration) when it supports that, cached until the client says they changed.
import type { Connection } from 'vscode-languageserver';
import { DEFAULT_LIMITS, DEFAULT_MAX_FILE_SIZE_KB } from '../analysis/limits';
import { DEFAULT_ANALYSIS_OPTIONS } from './analysisBackend';

export interface Settings {
  diagnostics: { enabled: boolean };
  inlayHints: { enabled: boolean };
  sample: { batchSize: number; sequenceLength: number; seed: number };
  engine: { memoryLimitMB: number };
  analysis: { maxSteps: number; maxFileSizeKB: number; memoryLimitMB: number; timeoutSeconds: number };
}

export const defaultSettings: Settings = {
  diagnostics: { enabled: true },
  inlayHints: { enabled: true },
  sample: { batchSize: 2, sequenceLength: 5, seed: 0 },
  engine: { memoryLimitMB: 512 },
  analysis: {
    maxSteps: DEFAULT_LIMITS.maxSteps,
    maxFileSizeKB: DEFAULT_MAX_FILE_SIZE_KB,
    memoryLimitMB: DEFAULT_ANALYSIS_OPTIONS.memoryLimitMB,
    timeoutSeconds: DEFAULT_ANALYSIS_OPTIONS.timeoutSeconds,
  },
};

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function pick<T>(obj: unknown, key: string, fallback: T, ok: (v: unknown) => v is T): T {
  return isRecord(obj) && ok(obj[key]) ? (obj[key] as T) : fallback;
}
const isBool = (v: unknown): v is boolean => typeof v === 'boolean';
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isPositive = (v: unknown): v is number => isNum(v) && v > 0;

/** Reads a settings object as sent by a client (unknown JSON), falling back to defaults per field. */
export function parseSettings(raw: unknown): Settings {
  const r = isRecord(raw) ? raw : {};
  return {
    diagnostics: { enabled: pick(r.diagnostics, 'enabled', defaultSettings.diagnostics.enabled, isBool) },
    inlayHints: { enabled: pick(r.inlayHints, 'enabled', defaultSettings.inlayHints.enabled, isBool) },
    sample: {
      batchSize: pick(r.sample, 'batchSize', defaultSettings.sample.batchSize, isNum),
      sequenceLength: pick(r.sample, 'sequenceLength', defaultSettings.sample.sequenceLength, isNum),
      seed: pick(r.sample, 'seed', defaultSettings.sample.seed, isNum),
    },
    engine: { memoryLimitMB: pick(r.engine, 'memoryLimitMB', defaultSettings.engine.memoryLimitMB, isNum) },
    analysis: {
      maxSteps: pick(r.analysis, 'maxSteps', defaultSettings.analysis.maxSteps, isPositive),
      maxFileSizeKB: pick(r.analysis, 'maxFileSizeKB', defaultSettings.analysis.maxFileSizeKB, isPositive),
      memoryLimitMB: pick(r.analysis, 'memoryLimitMB', defaultSettings.analysis.memoryLimitMB, isPositive),
      timeoutSeconds: pick(r.analysis, 'timeoutSeconds', defaultSettings.analysis.timeoutSeconds, isPositive),
    },
  };
}

export class SettingsCache {
  private readonly cache = new Map<string, Promise<Settings>>();
  /** Settings pushed with didChangeConfiguration by clients that cannot be asked. */
  private pushed: Settings = defaultSettings;

  constructor(private readonly connection: Connection, private canPull: () => boolean) {}

  get(scopeUri: string): Promise<Settings> {
    if (!this.canPull()) return Promise.resolve(this.pushed);
    let s = this.cache.get(scopeUri);
    if (!s) {
      s = this.connection.workspace.getConfiguration({ scopeUri, section: 'rnnlens' }).then(parseSettings, () => defaultSettings);
      this.cache.set(scopeUri, s);
    }
    return s;
  }

  /** Called on workspace/didChangeConfiguration. */
  changed(pushedSettings: unknown): void {
    this.cache.clear();
    if (isRecord(pushedSettings) && isRecord(pushedSettings.rnnlens)) this.pushed = parseSettings(pushedSettings.rnnlens);
  }

  forget(uri: string): void {
    this.cache.delete(uri);
  }
}
