// Binds the app to a port: @hono/node-server on Node, Deno.serve on Deno. Both answer with the
// port actually bound (PORT=0 picks a free one) and a close() that stops accepting and lets
// requests in flight finish, cutting them after a grace period.
import type { AddressInfo } from 'node:net';

export type FetchHandler = (request: Request) => Response | Promise<Response>;

export interface Listening {
  port: number;
  close(graceMs?: number): Promise<void>;
}

interface DenoServer {
  finished: Promise<void>;
  shutdown(): Promise<void>;
  addr: { port: number };
}
interface DenoGlobal {
  serve(options: { port: number; hostname: string; onListen?: (addr: { port: number }) => void }, handler: FetchHandler): DenoServer;
}

export const runtime: 'deno' | 'node' = typeof (globalThis as { Deno?: unknown }).Deno !== 'undefined' ? 'deno' : 'node';

export async function listen(fetch: FetchHandler, port: number, hostname: string): Promise<Listening> {
  if (runtime === 'deno') {
    const Deno = (globalThis as unknown as { Deno: DenoGlobal }).Deno;
    // onListen may fire before Deno.serve returns, so it only signals; the server is the return value.
    let listened!: () => void;
    const ready = new Promise<void>((resolve) => (listened = resolve));
    const server = Deno.serve({ port, hostname, onListen: () => listened() }, fetch);
    await ready;
    return {
      port: server.addr.port,
      async close(graceMs = 5000) {
        await Promise.race([server.shutdown(), new Promise((r) => setTimeout(r, graceMs))]);
      },
    };
  }
  const { serve } = await import('@hono/node-server');
  const { server, port: bound } = await new Promise<{ server: ReturnType<typeof serve>; port: number }>((resolve, reject) => {
    const s = serve({ fetch, port, hostname }, (info: AddressInfo) => resolve({ server: s, port: info.port }));
    s.once('error', reject);
  });
  const http = server as import('node:http').Server;
  // Long-polls hold sockets for up to a minute; keep-alive sockets must not outlive that.
  http.keepAliveTimeout = 65_000;
  http.headersTimeout = 66_000;
  http.requestTimeout = 120_000;
  return {
    port: bound,
    close(graceMs = 5000) {
      return new Promise<void>((resolve) => {
        const cut = setTimeout(() => http.closeAllConnections(), graceMs);
        // Connections go idle as their last response is written (long-polls answer on shutdown):
        // close each as soon as it does, not after the grace period.
        const sweep = setInterval(() => http.closeIdleConnections(), 50);
        http.close(() => {
          clearTimeout(cut);
          clearInterval(sweep);
          resolve();
        });
        http.closeIdleConnections();
      });
    },
  };
}
