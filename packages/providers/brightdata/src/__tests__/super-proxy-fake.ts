import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo, Socket } from "node:net";

/** Proxy zone credentials the fake super-proxy accepts. */
export const PROXY = {
  customerId: "hl_1a2b3c4d",
  zone: "residential_main",
  password: "zone-pass-9c2e",
} as const;
/** A zone whose source-IP allowlist does not include the test machine. */
export const IP_RESTRICTED_ZONE = "isp_allowlisted";

export interface SuperProxyFake {
  port: number;
  /** The `CONNECT` request lines received, with the user each authenticated as. */
  connects: Array<{ target: string; user: string | undefined }>;
  /** Connections still open (a client that closes after the handshake leaves none). */
  openConnections(): number;
  close(): Promise<void>;
}

function proxyUser(request: IncomingMessage): { user?: string; password?: string } {
  const basic = /^Basic (.+)$/.exec(String(request.headers["proxy-authorization"] ?? ""))?.[1];
  if (!basic) return {};
  const decoded = Buffer.from(basic, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/**
 * A fake Bright Data super-proxy: answers `CONNECT` with 200 for the right zone credentials, 407 with
 * `x-brd-err-*` and `Proxy-Status` headers for wrong ones (synthetic code values: Bright Data's full list is
 * not public), and 403 for a zone whose IP allowlist excludes the caller. It never opens the tunnel: the
 * client must close after the status line. A `hostile` one echoes the credentials back in its headers.
 */
export async function startSuperProxyFake(options: { hostile?: boolean } = {}): Promise<SuperProxyFake> {
  const sockets = new Set<Socket>();
  const connects: SuperProxyFake["connects"] = [];
  const server = createServer((_request, response) => {
    response.writeHead(400).end("CONNECT only");
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  server.on("connect", (request: IncomingMessage, socket: Socket) => {
    socket.on("error", () => {});
    // Node's HTTP server keeps half-open sockets; a client's FIN ends the tunnel here.
    socket.on("end", () => socket.destroy());
    const { user, password } = proxyUser(request);
    connects.push({ target: request.url ?? "", user });
    if (options.hostile) {
      // A hostile proxy: every credential it received comes back in its error headers, raw and decoded.
      const raw = String(request.headers["proxy-authorization"]);
      return socket.end(
        `HTTP/1.1 407 Proxy Authentication Required\r\nx-brd-err-code: ${raw}\r\nx-brd-err-msg: ${user}:${password}\r\nProxy-Status: echo; error=${password}; details="${raw} ${user}:${password}"\r\nContent-Length: 0\r\n\r\n`,
      );
    }
    const expectedUser = (zone: string) => `brd-customer-${PROXY.customerId}-zone-${zone}`;
    const answer = (head: string) => socket.end(`${head}\r\nContent-Length: 0\r\n\r\n`);
    if (user === expectedUser(IP_RESTRICTED_ZONE) && password === PROXY.password) {
      return answer(
        [
          "HTTP/1.1 403 Forbidden",
          "x-brd-err-code: test_ip_forbidden",
          "x-brd-err-msg: Source IP is not in the zone allowlist",
        ].join("\r\n"),
      );
    }
    if (user === expectedUser(PROXY.zone) && password === PROXY.password) {
      // Never write into the tunnel: a correct client closes here.
      return void socket.write("HTTP/1.1 200 Connection established\r\n\r\n");
    }
    answer(
      [
        "HTTP/1.1 407 Proxy Authentication Required",
        'Proxy-Authenticate: Basic realm="Bright Data"',
        "x-brd-err-code: test_auth_failed",
        "x-brd-err-msg: Invalid zone credentials",
        'Proxy-Status: brd.superproxy.test; error=http_request_denied; details="test: zone credentials refused"',
      ].join("\r\n"),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    connects,
    openConnections: () => sockets.size,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
