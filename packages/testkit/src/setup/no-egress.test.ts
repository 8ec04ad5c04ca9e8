import dns from "node:dns";
import { connect } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { clearEgressViolations, getEgressViolations } from "../egress-violations.js";
import { startFakeHttpServer } from "../fake-http-server.js";
import { isLoopbackHost } from "../loopback.js";

// The setup file is active in this process (vitest.config.ts setupFiles): these tests provoke refusals on
// purpose, check them, and clear the record so the setup's own afterEach stays green.
afterEach(() => clearEgressViolations());

function connectOutcome(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.on("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? "error"));
    socket.on("connect", () => {
      socket.destroy();
      resolve("connected");
    });
  });
}

describe("no-egress test setup", () => {
  it.each(["10.0.0.1", "93.184.216.34", "2001:db8::1", "example.com", "169.254.169.254"])(
    "refuses a socket to %s before any packet, and records it",
    async (host) => {
      expect(await connectOutcome(host, 80)).toBe("ERR_TEST_EGRESS");
      expect(getEgressViolations()).toEqual([
        expect.objectContaining({ kind: "connect", target: `${host}:80` }),
      ]);
    },
  );

  it("refuses fetch to the outside", async () => {
    const error = await fetch("http://93.184.216.34/").catch((caught: Error) => caught);
    expect(String((error as { cause?: { code?: string } }).cause?.code)).toBe("ERR_TEST_EGRESS");
  });

  it("refuses DNS look-ups of outside names, callback and promise styles", async () => {
    const code = await new Promise((resolve) => dns.lookup("example.com", (error) => resolve(error?.code)));
    expect(code).toBe("ERR_TEST_EGRESS");
    await expect(dns.promises.resolve4("example.com")).rejects.toMatchObject({ code: "ERR_TEST_EGRESS" });
    await expect(new dns.promises.Resolver().resolve6("example.org")).rejects.toMatchObject({
      code: "ERR_TEST_EGRESS",
    });
    expect(getEgressViolations().map((violation) => violation.kind)).toEqual(["dns", "dns", "dns"]);
  });

  it("lets loopback through", async () => {
    const server = await startFakeHttpServer({ "GET /": { body: "ok" } });
    try {
      expect(await (await fetch(`${server.url}/`)).text()).toBe("ok");
      expect(await connectOutcome("127.0.0.1", server.port)).toBe("connected");
      expect(await connectOutcome("localhost", server.port)).toMatch(/connected|ECONNREFUSED/);
    } finally {
      await server.close();
    }
    expect(getEgressViolations()).toEqual([]);
  });

  it("knows what loopback is", () => {
    for (const host of [
      "127.0.0.1",
      "127.9.9.9",
      "::1",
      "[::1]",
      "localhost",
      "LOCALHOST.",
      "::ffff:127.0.0.1",
    ]) {
      expect(isLoopbackHost(host), host).toBe(true);
    }
    for (const host of ["10.0.0.1", "::ffff:10.0.0.1", "example.com", "128.0.0.1", "fe80::1"]) {
      expect(isLoopbackHost(host), host).toBe(false);
    }
  });
});
