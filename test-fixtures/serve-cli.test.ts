import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type FakeHttpServer, startFakeHttpServer } from "@plugboard/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * `plugboard serve` as an operator runs it: the built CLI in its own process, an API key created with
 * `--create-api-key`, the sealing key from PLUGBOARD_SECRET_KEYS, data kept in a directory, and an http_api
 * connection created and tested over HTTP against a local API.
 */
const cli = fileURLToPath(new URL("../packages/plugboard/dist/cli.js", import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), "plugboard-serve-"));
const env = { ...process.env, PLUGBOARD_SECRET_KEYS: `k1:${randomBytes(32).toString("base64")}` };
let child: ChildProcess;
let url = "";
let api: FakeHttpServer;
let apiKey = "";
const output: string[] = [];

beforeAll(async () => {
  api = await startFakeHttpServer((request, reply) =>
    request.headers.authorization === "Bearer token-0f9e"
      ? reply.json(200, { ok: true })
      : reply.json(401, { error: "unauthorized" }),
  );
  const created = execFileSync(
    process.execPath,
    [cli, "serve", "--create-api-key", "org_a", "--data-dir", dataDir],
    {
      encoding: "utf8",
      env,
    },
  );
  apiKey = /sk_[A-Za-z0-9_-]+/.exec(created)?.[0] ?? "";
  child = spawn(
    process.execPath,
    [cli, "serve", "--data-dir", dataDir, "--port", "0", "--allow", "127.0.0.0/8"],
    {
      env,
    },
  );
  url = await new Promise<string>((resolve, reject) => {
    child.stdout?.on("data", (chunk) => {
      output.push(String(chunk));
      const found = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output.join(""))?.[1];
      if (found) resolve(found);
    });
    child.stderr?.on("data", (chunk) => output.push(String(chunk)));
    child.once("exit", (code) => reject(new Error(`serve exited with ${code}: ${output.join("")}`)));
  });
});
afterAll(async () => {
  child?.kill("SIGKILL");
  await api?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("plugboard serve", () => {
  it("refuses to start without sealing keys outside --dev", () => {
    const { PLUGBOARD_SECRET_KEYS: _omitted, ...withoutKeys } = env;
    let status = 0;
    let stderr = "";
    try {
      execFileSync(process.execPath, [cli, "serve", "--port", "0"], {
        encoding: "utf8",
        env: withoutKeys,
        stdio: "pipe",
      });
    } catch (error) {
      status = (error as { status: number }).status;
      stderr = String((error as { stderr: string }).stderr);
    }
    expect(status).toBe(2);
    expect(stderr).toMatch(/PLUGBOARD_SECRET_KEYS is not set/);
  });

  it("creates and tests a connection with a key made by --create-api-key, then stops on SIGTERM", async () => {
    expect(apiKey).toMatch(/^sk_/);
    const headers = { authorization: `Bearer ${apiKey}`, "content-type": "application/json" };
    const created = await fetch(`${url}/v1/organizations/connections`, {
      method: "POST",
      headers,
      body: JSON.stringify({
        name: "Local API",
        provider_type: "http_api",
        provider_config: { base_url: api.url, auth: { type: "bearer", token: "token-0f9e" } },
      }),
    });
    expect(created.status, await created.clone().text()).toBe(201);
    const tested = await fetch(`${url}/v1/organizations/connections/Local%20API/test`, {
      method: "POST",
      headers,
    });
    expect(await tested.json()).toMatchObject({ success: true });
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(output.join("")).not.toContain("token-0f9e");
  });
});
