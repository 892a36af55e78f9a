// Compiles the AssemblyScript kernels in engine/assembly/ to WebAssembly in engine/build/.
// (Kernels arrive with the engine issue; until then there is nothing to build.)
import * as fs from 'node:fs';
if (!fs.existsSync('engine/assembly/index.ts')) process.exit(0);
