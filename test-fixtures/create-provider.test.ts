import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { ConnectionProvider } from "@plugboard/core";
import { createLoopbackGuard, type FakeHttpServer } from "@plugboard/testkit";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../packages/plugboard/src/cli/run.js";

/**
 * `plugboard create-provider` writes a package that works as written: its provider passes its own
 * conformance suite (the generated test file is imported here and registers its tests) and really tells a
 * right key from a wrong one against its fake. The package is written inside test-fixtures so its imports
 * resolve to the workspace's @plugboard/core, testkit, zod and vitest.
 */
const scratch = mkdtempSync(join(fileURLToPath(new URL(".", import.meta.url)), ".scaffold-"));
const dir = join(scratch, "plugboard-provider-acme-files");
const output: string[] = [];
const io = {
  stdout: (text: string) => void output.push(text),
  stderr: (text: string) => void output.push(text),
  readStdin: async () => "",
};
const exitCode = await runCli(["create-provider", "acme_files", "--dir", dir], io);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const source = (path: string) => pathToFileURL(join(dir, path)).href;
await import(source("src/acme-files-provider.test.ts"));

describe("plugboard create-provider", () => {
  it("writes the package a third-party author starts from", () => {
    expect(exitCode, output.join("\n")).toBe(0);
    const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
    expect(manifest).toMatchObject({
      name: "plugboard-provider-acme-files",
      keywords: expect.arrayContaining(["plugboard-provider"]),
      plugboard: { type: "acme_files" },
      peerDependencies: { "@plugboard/core": expect.stringMatching(/^>=\d+\.\d+\.\d+ <1\.0\.0$/) },
    });
    expect(output.join("\n")).toMatch(/src\/acme-files-provider\.ts/);
  });

  it("generates a provider that tells a right key from a wrong one against its fake", async () => {
    const provider = (await import(source("src/index.ts"))).default as ConnectionProvider;
    const { start_fake, KEYS } = await import(source("src/__tests__/acme-files-fake.ts")).then((module) => ({
      start_fake: module.startAcmeFilesFake as () => Promise<FakeHttpServer>,
      KEYS: module.KEYS as { valid: string },
    }));
    const fake = await start_fake();
    const egress = createLoopbackGuard();
    try {
      const right = await provider.test({ base_url: fake.url, api_key: KEYS.valid }, { egress });
      expect(right.details.result, right.message).toBe("success");
      const wrong = await provider.test({ base_url: fake.url, api_key: "nope" }, { egress });
      expect(wrong.details.result).toBe("auth_failed");
    } finally {
      await egress.close();
      await fake.close();
    }
  });

  it("refuses a malformed type and a folder that already has files", async () => {
    expect(await runCli(["create-provider", "Acme-Files"], io)).toBe(2);
    expect(await runCli(["create-provider", "acme_files", "--dir", dir], io)).toBe(2);
    expect(output.join("\n")).toMatch(/already exists and is not empty/);
  });
});
