// Compiles the AssemblyScript kernels in engine/assembly/ to WebAssembly in engine/build/: a plain
// SIMD build (always loaded) and a relaxed-SIMD build (used only where WebAssembly.validate accepts it).
import * as fs from 'node:fs';
import asc from 'assemblyscript/asc';

if (!fs.existsSync('engine/assembly/index.ts')) process.exit(0);
fs.mkdirSync('engine/build', { recursive: true });

const builds = [
  { out: 'engine/build/rnnlens-engine.wasm', features: ['simd'] },
  { out: 'engine/build/rnnlens-engine-relaxed.wasm', features: ['simd', 'relaxed-simd'] },
];
for (const b of builds) {
  const args = [
    'engine/assembly/index.ts', '--outFile', b.out,
    '-O3', '--runtime', 'stub', '--noAssert', '--initialMemory', '2', '--maximumMemory', '65536',
    ...b.features.flatMap((f) => ['--enable', f]),
  ];
  const { error, stderr } = await asc.main(args);
  if (error) {
    process.stderr.write(stderr.toString());
    throw new Error(`asc failed for ${b.out}: ${error.message}`);
  }
}
