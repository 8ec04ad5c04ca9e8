import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createDefaultRegistry } from "plugboard";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_BODY_BYTES } from "./forms-api.js";
import { startFormsDemoServer } from "./forms-demo-server.js";

const registry = createDefaultRegistry();
let server: { url: string; close(): Promise<void> };
let staticDir: string;

beforeAll(async () => {
  staticDir = await mkdtemp(join(tmpdir(), "forms-api-test-"));
  await writeFile(join(staticDir, "index.html"), "<!doctype html><title>demo</title>");
  server = await startFormsDemoServer({ registry, staticDir });
});
afterAll(async () => {
  await server.close();
  await registry.close();
  await rm(staticDir, { recursive: true, force: true });
});

const post = (path: string, body: string) =>
  fetch(`${server.url}${path}`, { method: "POST", body, headers: { "content-type": "application/json" } });

describe("the forms demo API", () => {
  it("lists the registry's providers that load", async () => {
    const response = await fetch(`${server.url}/api/providers`);
    const { providers } = (await response.json()) as { providers: Array<{ type: string }> };
    const ready = (await registry.list()).filter((listing) => listing.status === "ready");
    expect(providers.map((provider) => provider.type)).toEqual(ready.map((listing) => listing.type));
    const rss = await registry.get("rss");
    expect(providers).toContainEqual({
      type: "rss",
      displayName: rss.displayName,
      description: rss.description,
    });
  });

  it("hands out a provider's JSON Schema and uiSchema together", async () => {
    const body = (await (await fetch(`${server.url}/api/providers/rss/form`)).json()) as Record<
      string,
      unknown
    >;
    expect(body.schema).toEqual(await registry.jsonSchema("rss"));
    expect(body.uiSchema).toEqual(await registry.uiSchema("rss"));
  });

  it("accepts a valid config and answers it parsed, secrets masked", async () => {
    const response = await post(
      "/api/providers/rss/validate",
      JSON.stringify({
        feed_url: "https://example.com/feed.xml",
        auth: { type: "bearer", token: "s3cr3t-t0ken" },
      }),
    );
    const text = await response.text();
    expect(response.status).toBe(200);
    expect(text).not.toContain("s3cr3t-t0ken");
    expect(JSON.parse(text)).toEqual({
      valid: true,
      config: { feed_url: "https://example.com/feed.xml", auth: { type: "bearer", token: "***REDACTED***" } },
    });
  });

  it("refuses a broken config with paths relative to the form", async () => {
    const response = await post(
      "/api/providers/rss/validate",
      JSON.stringify({ feed_url: "ftp://example.com/f" }),
    );
    const body = (await response.json()) as { valid: boolean; issues: Array<{ path: string }> };
    expect(body.valid).toBe(false);
    expect(body.issues.map((issue) => issue.path)).toEqual(["feed_url"]);
    const root = (await (await post("/api/providers/rss/validate", "[]")).json()) as typeof body;
    expect(root.issues[0]?.path).toBe("");
  });

  it("answers 404 for an unknown provider, 400 for a body that is not JSON, 413 for a huge one", async () => {
    expect((await fetch(`${server.url}/api/providers/ftp/form`)).status).toBe(404);
    expect((await post("/api/providers/ftp/validate", "{}")).status).toBe(404);
    expect((await post("/api/providers/rss/validate", "{not json")).status).toBe(400);
    expect((await post("/api/providers/rss/validate", "x".repeat(MAX_BODY_BYTES + 1))).status).toBe(413);
    expect((await fetch(`${server.url}/api/nothing`)).status).toBe(404);
  });

  it("serves the built page, and nothing outside its folder", async () => {
    expect(await (await fetch(`${server.url}/`)).text()).toContain("<title>demo</title>");
    expect((await fetch(`${server.url}/%2e%2e/%2e%2e/etc/passwd`)).status).toBe(404);
    expect((await fetch(`${server.url}/missing.js`)).status).toBe(404);
    expect((await fetch(`${server.url}/%E0%A4%A`)).status).toBe(400);
  });
});
