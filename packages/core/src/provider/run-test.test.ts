import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as z from "zod";
import { createEgressGuard, createEgressPolicy } from "../egress/index.js";
import { ProviderCheckError } from "../result/provider-check-error.js";
import { defineProvider } from "./define-provider.js";
import type { CheckContext } from "./types.js";

const SECRET = "tok_9f8e7d6c5b4a";
const loopbackGuard = createEgressGuard({ policy: createEgressPolicy({ allow: ["127.0.0.0/8"] }) });
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    if (request.url === "/echo") {
      // A careless API that echoes the credentials back in its error body.
      response.writeHead(401, { "content-type": "application/json" });
      response.end(JSON.stringify({ error: "bad token", got: request.headers.authorization }));
      return;
    }
    if (request.url === "/stall") return; // never answers
    response.writeHead(200).end("{}");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await loopbackGuard.close();
});

function providerWith(
  check: (config: { url: string; token: string }, ctx: CheckContext) => Promise<unknown>,
) {
  return defineProvider({
    type: "probe",
    displayName: "Probe",
    description: "Test provider.",
    docsUrl: "https://plugboard.dev/docs/probe",
    configSchema: z.strictObject({ url: z.string(), token: z.string().min(4) }),
    secretFields: ["token"],
    probes: { write: "Writes and deletes a probe object." },
    check: check as never,
  });
}

const fetchUrl = (config: { url: string; token: string }, ctx: CheckContext) =>
  ctx.step("request", () =>
    ctx.fetch(config.url, { headers: { authorization: `Bearer ${config.token}` }, signal: ctx.signal }),
  );

describe("provider.test()", () => {
  it("reports success with steps, hosts and duration", async () => {
    const provider = providerWith(async (config, ctx) => {
      await fetchUrl(config, ctx);
      return { message: "All good." };
    });
    const result = await provider.test({ url: `${baseUrl}/ok`, token: SECRET }, { egress: loopbackGuard });
    expect(result).toMatchObject({
      success: true,
      message: "All good.",
      details: { result: "success", retryable: false, steps: [{ name: "request", ok: true }] },
    });
    expect(result.details.hosts).toEqual([new URL(baseUrl).host]);
  });

  it("reports invalid_config with every issue and never runs check()", async () => {
    let ran = false;
    const provider = providerWith(async () => {
      ran = true;
    });
    const result = await provider.test({ url: 5 });
    expect(ran).toBe(false);
    expect(result.details.result).toBe("invalid_config");
    expect(result.details.issues?.map((issue) => issue.path)).toEqual(["url", "token"]);
    expect(result.message).toMatch(/^Invalid configuration: url: /);
  });

  it("scrubs the secret echoed by the server from message and provider_response", async () => {
    const provider = providerWith(async (config, ctx) => {
      const response = await fetchUrl(config, ctx);
      const body = await response.json();
      throw new ProviderCheckError("auth_failed", `Refused: ${JSON.stringify(body)}`, {
        providerResponse: body,
      });
    });
    const result = await provider.test({ url: `${baseUrl}/echo`, token: SECRET }, { egress: loopbackGuard });
    expect(result.details.result).toBe("auth_failed");
    expect(result.details.steps[0]).toMatchObject({ name: "request", ok: true });
    const text = JSON.stringify(result);
    expect(text).not.toContain(SECRET);
    expect(text).toContain("***REDACTED***");
  });

  it("ends with timeout at the deadline even when check() ignores the signal", async () => {
    const provider = providerWith(async (_config, ctx) => {
      await ctx.step("wait forever", () => new Promise(() => {}));
    });
    const started = performance.now();
    const result = await provider.test({ url: baseUrl, token: SECRET }, { timeoutMs: 150 });
    expect(performance.now() - started).toBeLessThan(1_500);
    expect(result.details).toMatchObject({
      result: "timeout",
      retryable: true,
      steps: [{ name: "wait forever", ok: false, message: "Did not finish before the deadline." }],
    });
  });

  it("honours the caller's AbortSignal against a stalled server", async () => {
    const provider = providerWith(async (config, ctx) => {
      await fetchUrl(config, ctx);
    });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const result = await provider.test(
      { url: `${baseUrl}/stall`, token: SECRET },
      { egress: loopbackGuard, signal: controller.signal, timeoutMs: 10_000 },
    );
    expect(result.details.result).toBe("timeout");
    expect(result.message).toMatch(/cancelled/);
  });

  it("maps a refused connection to network_error and an unexpected throw to provider_error", async () => {
    const refused = providerWith(async (config, ctx) => {
      await fetchUrl(config, ctx);
    });
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const network = await refused.test(
      { url: `http://127.0.0.1:${port}/`, token: SECRET },
      { egress: loopbackGuard },
    );
    expect(network.details).toMatchObject({ result: "network_error", retryable: true });
    expect(network.message).toMatch(/refused/);

    const buggy = providerWith(async (config) => {
      throw new TypeError(`cannot read ${config.token}`);
    });
    const bug = await buggy.test({ url: baseUrl, token: SECRET });
    expect(bug.details.result).toBe("provider_error");
    expect(bug.message).not.toContain(SECRET);
  });

  it("refuses loopback under the default egress policy with blocked_by_policy", async () => {
    const provider = providerWith(async (config, ctx) => {
      await fetchUrl(config, ctx);
    });
    const result = await provider.test({ url: `${baseUrl}/ok`, token: SECRET });
    expect(result.details.result).toBe("blocked_by_policy");
    expect(result.details.retryable).toBe(false);
  });

  it("rejects an unknown probe and passes requested probes to check()", async () => {
    let seen: string[] = [];
    const provider = providerWith(async (_config, ctx) => {
      seen = [...ctx.probes];
    });
    const unknown = await provider.test({ url: baseUrl, token: SECRET }, { probes: ["delete"] });
    expect(unknown.details.result).toBe("invalid_config");
    expect(unknown.message).toMatch(/offers write/);
    await provider.test({ url: baseUrl, token: SECRET }, { probes: ["write"] });
    expect(seen).toEqual(["write"]);
  });

  it("hands check() a token cache that outlives one test", async () => {
    let fetches = 0;
    const provider = providerWith(async (config, ctx) => {
      const { cached } = await ctx.tokens.getOrFetch({ token: config.token }, async () => {
        fetches++;
        return { token: "access", expiresAt: Date.now() + 3_600_000 };
      });
      return { message: cached ? "cached" : "fresh" };
    });
    const first = await provider.test({ url: baseUrl, token: SECRET });
    const second = await provider.test({ url: baseUrl, token: SECRET });
    expect([first.message, second.message, fetches]).toEqual(["fresh", "cached", 1]);
  });

  it("scrubs secrets from the provider's log lines", async () => {
    const lines: string[] = [];
    const provider = providerWith(async (config, ctx) => {
      ctx.log.info(`using token ${config.token}`, { token: config.token });
    });
    await provider.test(
      { url: baseUrl, token: SECRET },
      { logger: { log: (entry) => lines.push(JSON.stringify(entry)) } },
    );
    expect(lines.length).toBe(1);
    expect(lines.join()).not.toContain(SECRET);
  });
});
