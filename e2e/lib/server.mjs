// Waiting for the app and picking ports. Also a tiny CLI that e2e/run uses:
//   node lib/server.mjs free-ports N          prints N free loopback ports
//   node lib/server.mjs wait URL [SECONDS]    waits until URL answers 2xx
import net from 'node:net';
import { fileURLToPath } from 'node:url';

/** Ports the OS says are free on 127.0.0.1 now (all distinct). */
export async function freePorts(count) {
  const servers = [];
  try {
    for (let i = 0; i < count; i++) {
      const server = net.createServer();
      await new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', resolve);
      });
      servers.push(server);
    }
    return servers.map((s) => s.address().port);
  } finally {
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  }
}

/**
 * Polls `url` until it answers 2xx (e.g. `${base}/health/ready`).
 * @param {{timeout?: number, interval?: number, isAlive?: () => boolean}} [opts]
 *   `isAlive`: return false to give up early (the server process died).
 */
export async function waitForServer(url, { timeout = 60_000, interval = 200, isAlive } = {}) {
  const deadline = Date.now() + timeout;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    if (isAlive && !isAlive()) throw new Error(`server for ${url} exited before it was ready (${last})`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000), redirect: 'manual' });
      if (res.ok) return;
      last = `HTTP ${res.status}: ${(await res.text()).slice(0, 200)}`;
    } catch (e) {
      last = e.cause?.code ?? e.message;
    }
    await new Promise((r) => setTimeout(r, interval));
  }
  throw new Error(`${url} not ready after ${timeout} ms (${last})`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [cmd, ...args] = process.argv.slice(2);
  try {
    if (cmd === 'free-ports') {
      console.log((await freePorts(Number(args[0] || 1))).join(' '));
    } else if (cmd === 'wait') {
      await waitForServer(args[0], { timeout: Number(args[1] || 60) * 1000 });
    } else {
      console.error('usage: server.mjs free-ports N | wait URL [SECONDS]');
      process.exit(2);
    }
  } catch (e) {
    console.error(e.message);
    process.exit(1);
  }
}
