// A real HTTP proxy in front of the approval server that breaks requests on purpose:
// answers 5xx without forwarding, forwards and then loses the answer, or cuts the connection.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Breakage =
  /** Answer this status without forwarding. */
  | { kind: 'status'; status: number }
  /** Forward (the server acts on it), then answer 502 as a failing load balancer would. */
  | { kind: 'lose-answer' }
  /** Close the connection without an answer. */
  | { kind: 'reset' }
  /** Forward, but cut the connection if the answer takes longer than `ms` (a proxy's idle timeout). */
  | { kind: 'idle-timeout'; ms: number }
  /** Answer 200 with this body without forwarding (a sign-in page of a proxy in between). */
  | { kind: 'body'; contentType: string; body: string };

export interface Rule {
  method: string;
  /** Matches the path (without query). */
  path: RegExp;
  breakage: Breakage;
  /** How many matching requests to break. */
  times: number;
}

export class FlakyProxy {
  readonly seen: { method: string; path: string; broken: boolean }[] = [];
  private rules: Rule[] = [];

  private constructor(
    private readonly server: Server,
    readonly url: string,
    private readonly target: string,
  ) {}

  static async start(target: string): Promise<FlakyProxy> {
    let proxy: FlakyProxy | undefined;
    const server = createServer((req, res) => void proxy!.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    proxy = new FlakyProxy(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`, target);
    return proxy;
  }

  break(rule: Omit<Rule, 'times'> & { times?: number }): void {
    this.rules.push({ times: 1, ...rule });
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0]!;
    const rule = this.rules.find((r) => r.times > 0 && r.method === req.method && r.path.test(path));
    this.seen.push({ method: req.method ?? '', path, broken: !!rule });
    if (rule) rule.times--;
    if (rule?.breakage.kind === 'status') {
      res.writeHead(rule.breakage.status, { 'content-type': 'text/html' }).end('<html>upstream trouble</html>');
      return;
    }
    if (rule?.breakage.kind === 'body') {
      res.writeHead(200, { 'content-type': rule.breakage.contentType }).end(rule.breakage.body);
      return;
    }
    if (rule?.breakage.kind === 'reset') {
      req.socket.destroy();
      return;
    }
    if (rule?.breakage.kind === 'idle-timeout') {
      const timer = setTimeout(() => req.socket.destroy(), rule.breakage.ms);
      res.on('close', () => clearTimeout(timer));
    }
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const headers = Object.fromEntries(
      Object.entries(req.headers).filter(([k]) => !['host', 'connection', 'content-length'].includes(k)),
    ) as Record<string, string>;
    let upstream: Response;
    let body: Buffer;
    try {
      upstream = await fetch(this.target + req.url, {
        method: req.method,
        headers,
        body: chunks.length ? Buffer.concat(chunks) : undefined,
      });
      body = Buffer.from(await upstream.arrayBuffer());
    } catch {
      req.socket.destroy();
      return;
    }
    if (req.socket.destroyed) return;
    if (rule?.breakage.kind === 'lose-answer') {
      res.writeHead(502).end('bad gateway');
      return;
    }
    res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' }).end(body);
  }
}
