// A TCP proxy on 127.0.0.1 for fault tests: forwards to a real server (Postgres, Redis) until
// cut(), which kills every open connection and refuses new ones, as a stopped server does; or
// stall(), which keeps the connections open but passes no bytes back, as a server paused by
// `CLIENT PAUSE` or a stuck disk does. restore() serves again. The shared servers are never touched.

import net, { type AddressInfo, type Socket } from 'node:net';

interface Pair {
  client: Socket;
  upstream: Socket;
}

export class TcpCutProxy {
  #cut = false;
  #stalled = false;
  readonly #pairs = new Set<Pair>();

  private constructor(
    private readonly server: net.Server,
    readonly port: number,
  ) {}

  static async start(targetHost: string, targetPort: number): Promise<TcpCutProxy> {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const proxy = new TcpCutProxy(server, (server.address() as AddressInfo).port);
    server.on('connection', (client) => proxy.#accept(client, targetHost, targetPort));
    return proxy;
  }

  /** Drop every connection and refuse new ones until restore(). */
  cut(): void {
    this.#cut = true;
    for (const { client, upstream } of this.#pairs) {
      client.destroy();
      upstream.destroy();
    }
    this.#pairs.clear();
  }

  /** Answers stop coming back (requests still reach the server) until restore(). */
  stall(): void {
    this.#stalled = true;
    for (const { upstream } of this.#pairs) upstream.pause();
  }

  restore(): void {
    this.#cut = false;
    this.#stalled = false;
    for (const { upstream } of this.#pairs) upstream.resume();
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  #accept(client: Socket, host: string, port: number): void {
    if (this.#cut) {
      client.destroy();
      return;
    }
    const upstream = net.connect(port, host);
    const pair = { client, upstream };
    this.#pairs.add(pair);
    for (const socket of [client, upstream]) {
      socket.on('error', () => undefined);
      socket.on('close', () => {
        this.#pairs.delete(pair);
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
    if (this.#stalled) upstream.pause();
  }
}
