import { defineProvider } from "@plugboard/core";
import { createLoopbackGuard, startFakeHttpServer, testOnLoopback } from "@plugboard/testkit";
import { describe, expect, it } from "vitest";
import * as z from "zod";

/** A provider that GETs its configured URL: enough to see where a guard lets requests go. */
const getter = defineProvider({
  type: "getter",
  displayName: "Getter",
  description: "GETs a URL.",
  docsUrl: "https://plugboard.dev/docs/getter",
  configSchema: z.strictObject({ url: z.string() }),
  secretFields: [],
  async check(config, ctx) {
    const response = await ctx.fetch(config.url, { signal: ctx.signal });
    return { message: `HTTP ${response.status}: ${await response.text()}` };
  },
});

describe("testOnLoopback", () => {
  it("reaches a loopback server and sends a real origin to the fake named for it", async () => {
    const server = await startFakeHttpServer((request, reply) => reply.text(200, `at ${request.path}`));
    try {
      const direct = await testOnLoopback(getter, { url: `${server.url}/a` });
      expect(direct.message).toBe("HTTP 200: at /a");
      const overridden = await testOnLoopback(
        getter,
        { url: "https://api.example.com/b?c=1" },
        { origins: { "https://api.example.com": server.url } },
      );
      expect(overridden.message).toBe("HTTP 200: at /b?c=1");
      expect(overridden.details.hosts).toEqual([new URL(server.url).host]); // where it really went
    } finally {
      await server.close();
    }
  });

  it("refuses every other address as the default policy does", async () => {
    const result = await testOnLoopback(getter, { url: "http://10.0.0.1/" });
    expect(result.details.result).toBe("blocked_by_policy");
  });
});

describe("createLoopbackGuard", () => {
  it("allows IPv4 and IPv6 loopback only", () => {
    const { policy } = createLoopbackGuard().scope();
    expect(policy.checkAddress("127.0.0.2").allowed).toBe(true);
    expect(policy.checkAddress("::1").allowed).toBe(true);
    expect(policy.checkAddress("192.168.1.1").allowed).toBe(false);
  });
});
