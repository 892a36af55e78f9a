// `npm run bench` (language-server part): load over the LSP against the bundled server. A burst (5,000
// one-character edits sent at once, with 2,000 hover and inlay requests among them) and steady typing
// (an edit every 2 ms, a hover every 10 edits) on a 1,000-line flat script. Reports when the last answer
// arrives, hover latencies and how many analyses ran, and times as multiples of a bare tree-sitter parse
// of the same text timed alongside (ratios hold when other jobs slow the machine down).
import { performance } from 'node:perf_hooks';
import { HoverRequest, InlayHintRequest } from 'vscode-languageserver-protocol';
import { pythonParser } from '../../server/src/analysis/parse';
import { grammarWasmFromDisk } from '../../server/src/node/analyzer';
import { ServerStatusRequest } from '../../server/src/protocol';
import { startServer, type ServerUnderTest } from '../lsp/lspClient';
import { generateFlatScript } from './generateScript';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function load(server: ServerUnderTest, uri: string, text: string, edits: number, requests: number, gapMs: number) {
  const line = 4;
  const col0 = text.split('\n')[line]!.length;
  const before = (await server.connection.sendRequest(ServerStatusRequest)).analysesRun ?? 0;
  const latencies: number[] = [];
  const pending: Promise<unknown>[] = [];
  const t0 = performance.now();
  let version = 100;
  const sent: Promise<void>[] = [];
  for (let i = 0; i < edits; i++) {
    sent.push(server.change(uri, ++version, [{ range: { start: { line, character: col0 + i }, end: { line, character: col0 + i } }, text: i === 0 ? '#' : 'x' }]));
    // `requests` requests spread evenly over the edits, hovers and inlay hints in turn.
    if (Math.floor(((i + 1) * requests) / edits) > Math.floor((i * requests) / edits)) {
      const s = performance.now();
      const kind = pending.length % 2 === 0;
      pending.push(
        (kind
          ? server.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 9, character: 1 } })
          : server.connection.sendRequest(InlayHintRequest.type, { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 60, character: 0 } } })
        ).then(() => latencies.push(performance.now() - s)),
      );
    }
    if (gapMs > 0) await sleep(gapMs);
  }
  // The client's writer sends one message at a time: when the last one left, the server has the whole load.
  await Promise.all(sent);
  const tSent = performance.now();
  await Promise.all(pending);
  const tDone = performance.now();
  const total = tDone - t0;
  const afterSent = tDone - tSent;
  const ran = ((await server.connection.sendRequest(ServerStatusRequest)).analysesRun ?? 0) - before;
  latencies.sort((a, b) => a - b);
  // Undo the typing (one full replacement) so the next run starts from the same text.
  await server.change(uri, ++version, [{ text }]);
  return { total, afterSent, ran, requests: latencies.length, median: latencies[Math.floor(latencies.length / 2)]!, max: latencies[latencies.length - 1]! };
}

async function main(): Promise<void> {
  const text = generateFlatScript(1000);
  const parser = await pythonParser(grammarWasmFromDisk());
  const parses: number[] = [];
  for (let i = 0; i < 15; i++) {
    const t = performance.now();
    parser.parse(text)?.delete();
    parses.push(performance.now() - t);
  }
  const parse = parses.sort((a, b) => a - b)[7]!;
  // RNNLENS_BENCH_PROFILE=dir writes the server's CPU profile there.
  const profile = process.env.RNNLENS_BENCH_PROFILE;
  const server = await startServer({ debounceMs: 150, nodeArgs: profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : [] });
  try {
    const uri = 'file:///bench/flat.py';
    await server.open(uri, text);
    await server.waitForDiagnostics(uri, () => true, 60_000);
    console.log(`\nLSP load, 1,000-line flat script (bare parse ${parse.toFixed(1)} ms)\n`);
    console.log('| load | last answer after, ms (× parse) | of which after the last message was sent, ms (× parse) | hover/inlay median / max, ms | analyses run | requests |');
    console.log('| --- | --- | --- | --- | --- | --- |');
    for (const [name, edits, every, gap] of [
      ['burst: 5,000 edits at once, 2,000 requests', 5000, 2000, 0],
      ['steady typing: an edit every 2 ms, 2,000 edits, 200 requests', 2000, 200, 2],
    ] as const) {
      const r = await load(server, uri, text, edits, every, gap);
      console.log(`| ${name} | ${r.total.toFixed(0)} (${(r.total / parse).toFixed(0)}×) | ${r.afterSent.toFixed(0)} (${(r.afterSent / parse).toFixed(1)}×) | ${r.median.toFixed(0)} / ${r.max.toFixed(0)} | ${r.ran} | ${r.requests} |`);
    }
  } finally {
    await server.stop();
  }
}

void main();
