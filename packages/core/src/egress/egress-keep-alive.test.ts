import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, it } from "vitest";
import { createEgressGuard } from "./egress-guard.js";
import { createEgressPolicy } from "./egress-policy.js";

/** Client sockets currently keeping the process alive (the server's own sockets are unref'd below). */
const referencedSockets = () =>
  process.getActiveResourcesInfo().filter((resource) => resource === "TCPSocketWrap").length;

async function until(condition: () => boolean): Promise<boolean> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((r) => setTimeout(r, 5));
  return condition();
}

// A backend process must be able to exit while the guard's pool holds idle keep-alive connections, and
// must NOT exit while a request is still waiting for its answer.
it("keeps the process alive during a request but not for an idle pooled connection", async () => {
  const answers: Array<() => void> = [];
  const server = createServer((_request, response) => answers.push(() => response.end("done")));
  server.on("connection", (socket) => socket.unref());
  server.unref();
  const port = await new Promise<number>((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)),
  );
  const guard = createEgressGuard({ policy: createEgressPolicy({ allow: ["127.0.0.1/32"] }) });
  try {
    const baseline = referencedSockets();
    const pending = guard.scope().fetch(`http://127.0.0.1:${port}/slow`);
    expect(await until(() => answers.length === 1)).toBe(true);
    expect(referencedSockets()).toBe(baseline + 1);
    answers[0]?.();
    expect(await (await pending).text()).toBe("done");
    expect(await until(() => referencedSockets() === baseline)).toBe(true);
    // Still pooled (kept alive), only no longer holding the process open.
    const open = await new Promise<number>((resolve) =>
      server.getConnections((_error, count) => resolve(count)),
    );
    expect(open).toBe(1);
  } finally {
    for (const answer of answers) answer();
    await guard.close();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
});
