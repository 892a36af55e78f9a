// The field test's manifest (repository, commit, path per row) and where a repository's snapshot lives,
// shared by run.ts (rnnlens check per file) and concreteShare.ts (files alone and inside their repository).
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface Row { repo: string; commit: string; path: string }

export function readManifest(file: string): Row[] {
  const rows: Row[] = [];
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim() || line.startsWith('#') || line.startsWith('repository\t')) continue;
    const [repo, commit, p] = line.split('\t');
    if (!repo || !commit || !p) throw new Error(`bad manifest line: ${line}`);
    rows.push({ repo, commit, path: p });
  }
  return rows;
}

/** The git directory of a snapshot (`owner+name/repo`, bare or with .git inside), or undefined when the repository is not there. */
export function gitDir(snapshots: string, repo: string): string | undefined {
  const base = path.join(snapshots, repo.replace('/', '+'), 'repo');
  for (const d of [path.join(base, '.git'), base]) if (fs.existsSync(path.join(d, 'HEAD'))) return d;
  return undefined;
}
