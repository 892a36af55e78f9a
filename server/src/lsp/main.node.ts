// Entry of dist/server.js, the server the VS Code desktop client starts over Node IPC (also accepts
// --stdio); what is Node-specific (disk, worker_threads) is in ../node/serverHost.ts.
import { startNodeServer } from '../node/serverHost';

startNodeServer();
