// `npm run bench` (project part): a generated workspace of 1,000 Python files (model modules, training
// scripts that import them with argparse sizes, YAML configs). Times the cold index and check of every
// file, and the re-analysis after a one-character edit in a model file that 20 scripts import (the file
// and every file that imports it), as wall ms and as multiples of a bare tree-sitter parse of the same
// files timed in the same run; reports the process's memory after the cold check.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileId } from '../../server/src/analysis/analyze';
import { Workspace } from '../../server/src/analysis/project/workspace';
import { pythonParser } from '../../server/src/analysis/parse';
import { grammarWasmFromDisk, loadAnalyzer } from '../../server/src/node/analyzer';

const MODELS = 50;
const SCRIPTS = 900;
const CONFIGS = 50;

function modelFile(i: number): string {
  return `import torch
import torch.nn as nn


class Encoder${i}(nn.Module):
    def __init__(self, vocab, emb, hidden, layers=1, bidirectional=False):
        super().__init__()
        self.emb = nn.Embedding(vocab, emb)
        self.rnn = nn.LSTM(emb, hidden, layers, batch_first=True, bidirectional=bidirectional)
        d = 2 if bidirectional else 1
        self.drop = nn.Dropout(0.1)
        self.fc = nn.Linear(d * hidden, ${5 + (i % 7)})

    def forward(self, x):
        e = self.drop(self.emb(x))
        out, (h, c) = self.rnn(e)
        logits = self.fc(out)
        return logits, h


class Decoder${i}(nn.Module):
    def __init__(self, vocab, hidden):
        super().__init__()
        self.gru = nn.GRU(hidden, hidden)
        self.out = nn.Linear(hidden, vocab)

    def forward(self, y, h):
        o, h = self.gru(y, h)
        return self.out(o), h
`;
}

function scriptFile(j: number): string {
  const m = j < 20 ? 0 : j % MODELS;
  return `import argparse

import torch
import yaml
from models_${m} import Encoder${m}, Decoder${m}

parser = argparse.ArgumentParser()
parser.add_argument("--emb", type=int, default=${16 + (j % 5) * 8})
parser.add_argument("--hidden", type=int, default=${32 + (j % 3) * 16})
parser.add_argument("--batch-size", type=int, default=${4 + (j % 4)})
args = parser.parse_args()

with open("config_${j % CONFIGS}.yaml") as f:
    cfg = yaml.safe_load(f)

model = Encoder${m}(cfg["vocab"], args.emb, args.hidden, cfg["layers"], cfg["bidirectional"])
x = torch.randint(0, cfg["vocab"], (args.batch_size, cfg["seq_len"]))
logits, h = model(x)
loss = logits.mean()


def evaluate(model, batches):
    total = 0.0
    for b in batches:
        out, _ = model(b)
        total += out.sum().item()
    return total
`;
}

function configFile(k: number): string {
  return `vocab: ${100 + k}\nlayers: ${1 + (k % 2)}\nbidirectional: ${k % 3 === 0 ? 'true' : 'false'}\nseq_len: ${10 + k}\n`;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function main(): Promise<void> {
  await loadAnalyzer();
  const parser = await pythonParser(grammarWasmFromDisk());
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rnnlens-bench-ws-'));
  const files: string[] = [];
  for (let i = 0; i < MODELS; i++) files.push(path.join(dir, `models_${i}.py`)), fs.writeFileSync(files[files.length - 1]!, modelFile(i));
  for (let j = 0; j < SCRIPTS; j++) files.push(path.join(dir, `train_${j}.py`)), fs.writeFileSync(files[files.length - 1]!, scriptFile(j));
  for (let k = 0; k < CONFIGS; k++) fs.writeFileSync(path.join(dir, `config_${k}.yaml`), configFile(k));
  const texts = files.map((f) => fs.readFileSync(f, 'utf8'));
  const read = (p: string) => {
    try {
      return fs.readFileSync(p, 'utf8');
    } catch {
      return undefined;
    }
  };

  // A bare parse of every file, timed alongside.
  const parseAll = () => {
    const t0 = performance.now();
    for (const t of texts) parser.parse(t)?.delete();
    return performance.now() - t0;
  };
  parseAll();
  const bare = median([parseAll(), parseAll(), parseAll()]);

  const rss0 = process.memoryUsage().rss;
  const t0 = performance.now();
  const ws = new Workspace(read, [dir]);
  for (const f of files) ws.addFile(fileId(f), f);
  let shapes = 0;
  let concrete = 0;
  let errors = 0;
  for (const f of files) {
    const r = ws.analyze(fileId(f));
    shapes += r.shapes.length;
    concrete += r.shapes.filter((s) => s.concrete || s.dims.every((d) => typeof d.value === 'number')).length;
    errors += r.diagnostics.filter((d) => d.severity === 'error').length;
  }
  const cold = performance.now() - t0;
  const rss = process.memoryUsage().rss;

  // One-character edits in models_0.py (imported by 20 scripts): the file and its importers re-analysed.
  const model0 = files[0]!;
  const importers = ws.importersOf(fileId(model0));
  const edits: number[] = [];
  let text = texts[0]!;
  for (let i = 0; i < 21; i++) {
    text = text.replace(/Dropout\(0\.\d\)/, `Dropout(0.${1 + (i % 2)})`);
    const e0 = performance.now();
    ws.setText(fileId(model0), model0, text);
    ws.analyze(fileId(model0));
    for (const imp of importers) ws.analyze(imp);
    edits.push(performance.now() - e0);
  }
  const edit = median(edits.slice(1));
  const bareOne = median([0, 1, 2].map(() => {
    const s = performance.now();
    parser.parse(text)?.delete();
    return performance.now() - s;
  }));

  console.log(`\n### Project: ${files.length} Python files (${MODELS} model modules, ${SCRIPTS} scripts), ${CONFIGS} YAML configs`);
  console.log('| measure | wall ms | × bare parse | target |');
  console.log('| --- | --- | --- | --- |');
  console.log(`| cold index + check of every file | ${cold.toFixed(0)} | ${(cold / bare).toFixed(1)} (bare parse of all ${bare.toFixed(0)} ms) | < 5,000 ms |`);
  console.log(`| edit in a model file imported by ${importers.length}: the file and its importers re-analysed (median of 20) | ${edit.toFixed(1)} | ${(edit / bareOne).toFixed(1)} (bare parse of the file ${bareOne.toFixed(2)} ms) | < 50 ms |`);
  console.log(`| memory (RSS) after the cold check | ${(rss / 1048576).toFixed(0)} MB (+${((rss - rss0) / 1048576).toFixed(0)} MB) | | < 400 MB |`);
  console.log(`shapes ${shapes}, concrete ${concrete} (${((100 * concrete) / Math.max(1, shapes)).toFixed(0)} %), errors ${errors}`);
  fs.rmSync(dir, { recursive: true, force: true });
}

void main();
