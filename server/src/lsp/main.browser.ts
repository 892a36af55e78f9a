// Entry of dist/web/server.js, the server the web client starts in a Web Worker (VS Code for the Web):
// the same server as main.node.ts, but the parser's and the engine's WASM are fetched from the extension's
// URI (initializationOptions.assets) and handed to the core as bytes, analyses run in this worker over the
// project's files the client reads for it (rnnlens/workspaceFiles), and sample runs go to a nested Web Worker.
import { BrowserMessageReader, BrowserMessageWriter, createConnection, ProposedFeatures } from 'vscode-languageserver/browser';
import { initAnalyzer, type GrammarWasm } from '../analysis/analyze';
import { runModelInWebWorker, type ModelWorkerLike } from '../browser/modelRunHost';
import { InProcessAnalysis } from '../browser/inProcessAnalysis';
import { WorkspaceFilesRequest, type BrowserAssets } from '../protocol';
import { runSampleInWebWorker, type KernelBytes, type WebWorkerLike } from '../../../engine/src/webWorkerRun';
import { startServer } from './server';

// The few worker-global APIs used here, typed locally (the project's lib settings carry no DOM types).
interface WorkerGlobals {
  Worker: new (url: string) => WebWorkerLike;
  Blob: new (parts: string[], options: { type: string }) => object;
  URL: { createObjectURL(blob: object): string };
}
const g = globalThis as unknown as WorkerGlobals;
// BrowserMessageReader/Writer take the worker's global scope (a DedicatedWorkerGlobalScope) as the port.
const port = globalThis as unknown as ConstructorParameters<typeof BrowserMessageReader>[0];

async function bytesOf(url: string): Promise<Uint8Array> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`rnnlens: fetching ${url} failed (${res.status})`);
  return new Uint8Array(await res.arrayBuffer());
}

function assetsOf(options: unknown): BrowserAssets {
  const assets = (options as { assets?: BrowserAssets } | undefined)?.assets;
  if (!assets || typeof assets.treeSitterWasm !== 'string') throw new Error('rnnlens: the web client sent no asset URLs (initializationOptions.assets)');
  return assets;
}

let assets: BrowserAssets | undefined;
let grammar: GrammarWasm | undefined;
let engine: Promise<{ workerUrl: string; kernels: KernelBytes }> | undefined;
let modelWorker: Promise<string> | undefined;

/** A worker script as a same-origin blob URL (a worker cannot start a cross-origin script). */
async function workerUrlOf(url: string): Promise<string> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`rnnlens: fetching ${url} failed (${res.status})`);
  return g.URL.createObjectURL(new g.Blob([await res.text()], { type: 'text/javascript' }));
}

/** The engine worker's script and the kernel builds. */
function loadEngine(a: BrowserAssets): Promise<{ workerUrl: string; kernels: KernelBytes }> {
  engine ??= (async () => {
    const workerUrl = await workerUrlOf(a.engineWorker);
    const simd = await bytesOf(a.engineWasm);
    // relaxed SIMD is optional: the engine validates it and falls back to plain SIMD
    const relaxed = await bytesOf(a.engineRelaxedWasm).catch(() => undefined);
    return { workerUrl, kernels: relaxed ? { simd, 'relaxed-simd': relaxed } : { simd } };
  })();
  engine.catch(() => (engine = undefined));
  return engine;
}

const connection = createConnection(ProposedFeatures.all, new BrowserMessageReader(port), new BrowserMessageWriter(port));

startServer(connection, {
  createAnalysis(conn, options, log) {
    const parser = (async () => {
      assets = assetsOf(options);
      const [treeSitter, python] = await Promise.all([bytesOf(assets.treeSitterWasm), bytesOf(assets.pythonWasm)]);
      grammar = { treeSitter, python };
      await initAnalyzer(grammar);
    })();
    parser.catch((err: unknown) => log(`rnnlens: could not load the Python parser: ${String(err)}`));
    return new InProcessAnalysis(parser, (params) => conn.sendRequest(WorkspaceFilesRequest, params), { memoryLimitMB: 0, timeoutSeconds: 0, log });
  },
  async runSample(req, opts) {
    if (!assets) throw new Error('rnnlens: the server is not initialized');
    const { workerUrl, kernels } = await loadEngine(assets);
    return runSampleInWebWorker(req, opts, () => new g.Worker(workerUrl), kernels);
  },
  async runModel(req, opts) {
    if (!assets || !grammar) throw new Error('rnnlens: the server is not initialized');
    const a = assets;
    const { kernels } = await loadEngine(a);
    modelWorker ??= workerUrlOf(a.modelRunWorker);
    modelWorker.catch(() => (modelWorker = undefined));
    const url = await modelWorker;
    return runModelInWebWorker(req, opts, () => new g.Worker(url) as unknown as ModelWorkerLike, grammar, kernels);
  },
  instanceId: Math.floor(Math.random() * 2 ** 31),
});
