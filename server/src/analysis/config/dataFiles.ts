// Configuration files as values: a YAML or JSON file in the workspace (read by the host, parsed here)
// becomes a dict of ints, floats, strings and lists; OmegaConf / hydra configs also allow attribute
// access (`cfg.model.hidden`). Hydra's defaults list composes config groups (`- model: lstm`).
import { load as loadYaml } from 'js-yaml';
import { intV, NONE, UNKNOWN, type Value } from '../values';

/** The last few parses, by extension and text (a config is read again by each script on each analysis). */
const parsed = new Map<string, unknown>();
const KEEP_PARSED = 64;

/** Parse a config file's text by its extension; undefined when it does not parse. Never mutated by callers. */
export function parseConfig(path: string, text: string): unknown {
  const json = /\.json$/i.test(path);
  if (!json && !/\.ya?ml$/i.test(path)) return undefined;
  const key = (json ? 'j' : 'y') + text;
  if (parsed.has(key)) return parsed.get(key);
  let data: unknown;
  try {
    data = json ? (JSON.parse(text) as unknown) : (loadYaml(text, { json: true }) as unknown);
  } catch {
    data = undefined;
  }
  parsed.set(key, data);
  if (parsed.size > KEEP_PARSED) parsed.delete(parsed.keys().next().value!);
  return data;
}

/** A parsed config as an abstract value; `attrs`: keys are attributes too (OmegaConf). */
export function configValue(data: unknown, attrs: boolean, depth = 0): Value {
  if (depth > 32) return UNKNOWN;
  if (data === null || data === undefined) return NONE;
  if (typeof data === 'boolean') return { k: 'bool', v: data };
  if (typeof data === 'number') return Number.isSafeInteger(data) ? intV(data) : Number.isFinite(data) ? { k: 'float', v: data } : UNKNOWN;
  if (typeof data === 'string') return { k: 'str', v: data };
  if (Array.isArray(data)) return { k: 'tuple', list: true, items: data.slice(0, 10_000).map((x) => configValue(x, attrs, depth + 1)) };
  if (typeof data === 'object') {
    const entries = new Map<string, Value>();
    for (const [k, v] of Object.entries(data as Record<string, unknown>).slice(0, 10_000)) entries.set(k, configValue(v, attrs, depth + 1));
    return { k: 'dict', entries, attrs };
  }
  return UNKNOWN;
}

/**
 * A hydra config: `<config_path>/<config_name>.yaml`, with each `group: option` of its defaults list
 * loaded from `<config_path>/<group>/<option>.yaml` under the key `group` (the primary config's own
 * keys win, as with `_self_` last). `read` reads a path relative to the script's folder.
 */
export function hydraConfig(configPath: string, configName: string, read: (path: string) => string | undefined): Value | undefined {
  const join = (...p: string[]) => p.filter((x) => x !== '' && x !== '.').join('/');
  const load = (rel: string): unknown => {
    for (const ext of ['.yaml', '.yml']) {
      const p = join(configPath, rel.endsWith(ext) ? rel : rel + ext);
      const text = read(p);
      if (text !== undefined) return parseConfig(p, text);
    }
    return undefined;
  };
  const primary = load(configName);
  if (!primary || typeof primary !== 'object' || Array.isArray(primary)) return undefined;
  const composed: Record<string, unknown> = {};
  const defaults = (primary as Record<string, unknown>)['defaults'];
  if (Array.isArray(defaults)) {
    for (const d of defaults) {
      if (!d || typeof d !== 'object' || Array.isArray(d)) continue;
      for (const [group, option] of Object.entries(d as Record<string, unknown>)) {
        if (typeof option !== 'string' || group.startsWith('override ')) continue;
        const sub = load(`${group}/${option}`);
        if (sub && typeof sub === 'object') composed[group] = sub;
      }
    }
  }
  for (const [k, v] of Object.entries(primary as Record<string, unknown>)) if (k !== 'defaults') composed[k] = v;
  return configValue(composed, true);
}
