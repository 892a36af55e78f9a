// Entry of dist/server.js, the server the VS Code client starts over Node IPC (also accepts --stdio).
import { startServer } from './server';

startServer();
