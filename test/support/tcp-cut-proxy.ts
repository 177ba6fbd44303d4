// A TCP proxy on 127.0.0.1 for fault tests: forwards to a real server (Postgres) until cut(), which
// kills every open connection and refuses new ones, as a stopped server does; restore() serves again.

import net, { type AddressInfo, type Socket } from 'node:net';

export class TcpCutProxy {
  #cut = false;
  readonly #sockets = new Set<Socket>();

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
    for (const socket of this.#sockets) socket.destroy();
    this.#sockets.clear();
  }

  restore(): void {
    this.#cut = false;
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
    for (const socket of [client, upstream]) {
      this.#sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => {
        this.#sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  }
}
