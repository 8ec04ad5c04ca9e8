import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * The example third-party provider (examples/plugboard-provider-webdav, written from the authoring guide and
 * outside the umbrella) used the way a stranger would: @plugboard/core and @plugboard/testkit packed as
 * tarballs, a throwaway host project installing them from npm-style tarballs, the plugin built and packed, then
 * installed by its tarball, loaded by package name through `createRegistry({ plugins })` in the host's own
 * process, and its conformance suite run there with the host's vitest. Needs the workspace built (`pnpm test`
 * builds first) and the npm registry for zod, typescript and vitest.
 */
const root = fileURLToPath(new URL("..", import.meta.url));
const host = mkdtempSync(join(tmpdir(), "plugboard-host-"));
const run = (command: string, args: string[], cwd = host) =>
  execFileSync(command, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 240_000 });
const tarball = (prefix: string) => {
  const name = readdirSync(host).find((file) => file.startsWith(prefix) && file.endsWith(".tgz"));
  if (!name) throw new Error(`No ${prefix}*.tgz was packed into ${host}.`);
  return `file:./${name}`;
};

beforeAll(() => {
  for (const pkg of ["core", "testkit"]) {
    if (!existsSync(join(root, "packages", pkg, "dist/index.js")))
      throw new Error(`packages/${pkg} is not built: run \`pnpm run build\` first.`);
    // pnpm pack turns workspace: ranges into real versions, as publishing does.
    run("pnpm", ["pack", "--pack-destination", host], join(root, "packages", pkg));
  }
  cpSync(join(root, "examples/plugboard-provider-webdav"), join(host, "plugin"), {
    recursive: true,
    filter: (source) => !/node_modules|dist/.test(source),
  });
  writeFileSync(
    join(host, "package.json"),
    JSON.stringify({
      name: "plugboard-host",
      private: true,
      type: "module",
      dependencies: {
        "@plugboard/core": tarball("plugboard-core-"),
        "@plugboard/testkit": tarball("plugboard-testkit-"),
        zod: "^4.1.0",
        "@types/node": "^20.19.0",
        typescript: "~5.9.3",
        vitest: "^4.1.0",
      },
    }),
  );
  const npm = ["--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"];
  run("npm", ["install", ...npm]);
  // Build the plugin against the installed core, pack it, and install it by its tarball.
  run(process.execPath, [join(host, "node_modules/typescript/bin/tsc"), "-p", join(host, "plugin")]);
  run("npm", ["pack", "--ignore-scripts", "--pack-destination", host, "./plugin"]);
  run("npm", ["install", ...npm, tarball("plugboard-provider-webdav-").slice("file:".length)]);
}, 300_000);
afterAll(() => (process.env.KEEP_HOST ? undefined : rmSync(host, { recursive: true, force: true })));

describe("a third-party plugin installed from its tarball", () => {
  it("is loaded by package name in the host and tests a real WebDAV exchange", () => {
    // The host's own process and its own copy of the core: nothing of this repository is on its path.
    const script = `
      import { createServer } from "node:http";
      import { createRegistry } from "@plugboard/core";
      const good = "Basic " + Buffer.from("alice:right-pass").toString("base64");
      const server = createServer((request, response) => {
        if (request.method !== "PROPFIND" || request.headers.depth !== "0") return response.writeHead(400).end();
        if (request.headers.authorization !== good) return response.writeHead(401).end();
        response.writeHead(207, { "content-type": "application/xml" });
        response.end('<d:multistatus xmlns:d="DAV:"><d:response><d:href>/dav/</d:href><d:propstat><d:prop><d:resourcetype><d:collection/></d:resourcetype></d:prop></d:propstat></d:response></d:multistatus>');
      });
      await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
      const registry = createRegistry({ plugins: ["plugboard-provider-webdav"], egress: { allow: ["127.0.0.0/8"] } });
      const config = (password) => ({
        base_url: "http://127.0.0.1:" + server.address().port,
        auth: { type: "basic", username: "alice", password },
        root_path: "/dav/",
      });
      const listing = await registry.list();
      const right = await registry.test("webdav", config("right-pass"));
      const wrong = await registry.test("webdav", config("wrong-pass"));
      console.log(JSON.stringify({ listing, right, wrong, redacted: await registry.redact("webdav", config("right-pass")) }));
      await registry.close();
      server.close();`;
    writeFileSync(join(host, "check.mjs"), script);
    const { listing, right, wrong, redacted } = JSON.parse(run(process.execPath, ["check.mjs"]));
    expect(listing).toEqual([
      expect.objectContaining({ status: "ready", type: "webdav", packageName: "plugboard-provider-webdav" }),
    ]);
    expect(right.details.result, right.message).toBe("success");
    expect(wrong.details.result).toBe("auth_failed");
    expect(redacted.auth.password).toBe("***REDACTED***");
  });

  it("passes the conformance suite in the host project", () => {
    const colored = run(process.execPath, [
      join(host, "node_modules/vitest/vitest.mjs"),
      "run",
      "--root",
      join(host, "plugin"),
      "--reporter=dot",
    ]);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: strips the terminal colours vitest prints
    const output = colored.replace(/\u001b\[[0-9;]*m/g, "");
    expect(output).toMatch(/Tests\s+\d+ passed/);
    expect(output).not.toMatch(/failed/);
  });
});
