import type { IncomingHttpHeaders } from "node:http";
import { type CheckContext, ProviderCheckError } from "@plugboard/core";
import type { BrightdataConfig } from "./brightdata-schema.js";

/** Bright Data's designated test target: the tunnel is asked for, never used. */
const TUNNEL_TARGET = "geo.brdtest.com:443";

type ProxyConfig = NonNullable<BrightdataConfig["proxy"]>;

interface ProxyAnswer {
  status: number;
  headers: IncomingHttpHeaders;
}

/**
 * Opens a connection to the super-proxy through the egress guard and sends one `CONNECT` with the zone's
 * credentials, read with Node's own HTTP parser. The socket is closed as soon as the status line and headers
 * arrive, so no byte reaches the target. (undici's ProxyAgent hides a 407 and the `x-brd-*` headers behind
 * a generic error, which is why the handshake is done here.)
 */
async function sendConnect(ctx: CheckContext, proxy: ProxyConfig): Promise<ProxyAnswer> {
  const { request } = await import("node:http");
  const socket = await ctx.egress.connect({ host: proxy.host, port: proxy.port, signal: ctx.signal });
  const username = `brd-customer-${proxy.customer_id}-zone-${proxy.zone}`;
  try {
    return await new Promise<ProxyAnswer>((resolve, reject) => {
      const connect = request({
        method: "CONNECT",
        host: proxy.host,
        port: proxy.port,
        path: TUNNEL_TARGET,
        headers: {
          host: TUNNEL_TARGET,
          "proxy-authorization": `Basic ${Buffer.from(`${username}:${proxy.zone_password}`).toString("base64")}`,
        },
        createConnection: () => socket,
        signal: ctx.signal,
      });
      connect.once("connect", (response) =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers }),
      );
      connect.once("error", reject);
      connect.end();
    });
  } finally {
    socket.destroy();
  }
}

const header = (headers: IncomingHttpHeaders, name: string) => {
  const value = headers[name];
  return (Array.isArray(value) ? value[0] : value)?.slice(0, 300);
};

/** The `error=` and `details=` parameters of an RFC 9209 `Proxy-Status` header. */
function proxyStatus(headers: IncomingHttpHeaders) {
  const value = header(headers, "proxy-status");
  if (!value) return {};
  const error = /;\s*error=([^;\s]+)/.exec(value)?.[1];
  const details = /;\s*details="([^"]*)"/.exec(value)?.[1];
  return {
    ...(error ? { proxy_status_error: error } : {}),
    ...(details ? { proxy_status_details: details } : {}),
  };
}

/** Checks proxy zone credentials with one CONNECT handshake; maps 407, 403 and 429 from the super-proxy. */
export async function checkProxyZone(ctx: CheckContext, proxy: ProxyConfig): Promise<string> {
  const { status, headers } = await sendConnect(ctx, proxy);
  if (status === 200) return `proxy zone ${proxy.zone} accepted its credentials`;
  const code = header(headers, "x-brd-err-code");
  const message = header(headers, "x-brd-err-msg");
  const providerResponse = {
    status,
    ...(code ? { brd_err_code: code } : {}),
    ...(message ? { brd_err_msg: message } : {}),
    ...proxyStatus(headers),
  };
  const reason = [code, message].filter(Boolean).join(": ") || `HTTP ${status}`;
  switch (status) {
    case 407:
      throw new ProviderCheckError(
        "auth_failed",
        `The super-proxy refused the credentials of zone ${proxy.zone} (${reason}): check the customer id, zone name and zone password.`,
        { providerResponse },
      );
    case 403:
      throw new ProviderCheckError(
        "permission_denied",
        `The super-proxy refused this connection (${reason}): allow this server's IP address in the zone's settings, or check the zone's target restrictions.`,
        { providerResponse },
      );
    case 429:
      throw new ProviderCheckError(
        "rate_limited",
        `The super-proxy is rate limiting zone ${proxy.zone} (${reason}); the test does not retry.`,
        { providerResponse },
      );
    default:
      throw new ProviderCheckError("provider_error", `The super-proxy answered ${status} (${reason}).`, {
        providerResponse,
      });
  }
}
