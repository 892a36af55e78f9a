// Ports of the VS Code server the UI tests start: a free one to listen on, and whether it answers yet.
import * as http from 'node:http';
import * as net from 'node:net';

export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });

export const healthy = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const r = http.get({ host: '127.0.0.1', port, path: '/version', timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    r.on('error', () => resolve(false));
    r.on('timeout', () => {
      r.destroy();
      resolve(false);
    });
  });
