import { formatListing, formatTestResult } from "../cli/format.js";
import { type CliIo, EXIT } from "../cli/io.js";
import { createDefaultRegistry } from "../default-registry.js";
import { DEMO_API_KEY, demoConnection, startDemoServer } from "./demo-server.js";

/**
 * `plugboard demo`: lists the providers, starts a local API, and tests two `http_api` connections to it (a
 * right key and a wrong one), printing what a backend would store. Exit 0 when both behave as expected.
 */
export async function runDemo(io: CliIo): Promise<number> {
  const server = await startDemoServer();
  // The demo API is on loopback, which the default egress policy refuses: allow it explicitly.
  const registry = createDefaultRegistry({
    egress: { allow: ["127.0.0.1/32"] },
  });
  try {
    io.stdout("Providers:");
    io.stdout(formatListing(await registry.list()));
    io.stdout(`\nLocal demo API at ${server.url}\n`);
    const good = await registry.test("http_api", demoConnection(server.url, DEMO_API_KEY));
    io.stdout(formatTestResult("http_api (right key)", good));
    const bad = await registry.test("http_api", demoConnection(server.url, "wrong-key-0000"));
    io.stdout(formatTestResult("http_api (wrong key)", bad));
    io.stdout("\nThe wrong key was echoed by the API and scrubbed by the core: no secret is ever printed.");
    return good.success && bad.details.result === "auth_failed" ? EXIT.ok : EXIT.testFailed;
  } finally {
    await registry.close();
    await server.close();
  }
}
