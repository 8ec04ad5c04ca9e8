import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * What bench/catalog-cold-start.mjs measures, kept from regressing by rules rather than timings: listing every
 * provider and exporting every JSON Schema in a fresh process loads none of the Node modules only a test or
 * sealing needs (node:crypto was ~3 ms of that cold start and node:net ~2 ms; TLS, DNS and HTTP are for
 * outbound connections), and through `plugboard/registry` not zod either (most of the cold start when loaded).
 */
const umbrellaDir = fileURLToPath(new URL("../packages/plugboard/", import.meta.url));
const LAZY_BUILTINS = ["crypto", "net", "tls", "dns", "http", "https"];

// A module-resolution hook (it runs on the loader's thread) that reports every file resolved, so the child can
// say which packages it loaded: ESM has no module cache to inspect.
const RECORD_MODULES = `
  import { register } from "node:module";
  import { MessageChannel } from "node:worker_threads";
  const { port1, port2 } = new MessageChannel();
  globalThis.__modules = [];
  port1.on("message", (url) => globalThis.__modules.push(url));
  port1.unref();
  const hooks = "let port; export function initialize(data) { port = data.port; }" +
    "export async function resolve(specifier, context, next) {" +
    "  const resolved = await next(specifier, context); port.postMessage(resolved.url); return resolved; }";
  register("data:text/javascript," + encodeURIComponent(hooks), { data: { port: port2 }, transferList: [port2] });`;

/** The packages among resolved module URLs: installed ones by name, workspace providers by folder. */
function packagesOf(urls: string[]): string[] {
  const names = urls.flatMap((url) => {
    const installed = /.*node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1];
    const provider = /\/packages\/providers\/([^/]+)\//.exec(url)?.[1];
    return [installed, provider && `@plugboard/provider-${provider}`].filter((name) => name !== undefined);
  });
  return [...new Set(names)].sort();
}

/**
 * Runs the catalog in a fresh process through `entry`, then `work`. Recording modules starts a loader thread
 * (which loads node:net itself), so the Node built-ins are read from a run without it.
 */
function catalogIn(entry: string, work = "") {
  const plain = runCatalog(entry, work, false);
  const recorded = runCatalog(entry, work, true);
  return { ready: plain.ready, builtins: plain.builtins, packages: packagesOf(recorded.modules) };
}

function runCatalog(entry: string, work: string, recordModules: boolean) {
  const script = `
    ${recordModules ? RECORD_MODULES : "globalThis.__modules = [];"}
    const { createDefaultRegistry } = await import(${JSON.stringify(entry)});
    const registry = createDefaultRegistry();
    const listing = await registry.list();
    for (const entry of listing) await registry.jsonSchema(entry.type);
    ${work}
    if (${recordModules}) await new Promise((resolve) => setTimeout(resolve, 50)); // the loader thread's last messages
    const builtins = process.moduleLoadList.filter((name) => name.startsWith("NativeModule ")).map((name) => name.slice(13));
    console.log(JSON.stringify({
      ready: listing.filter((entry) => entry.status === "ready").length,
      builtins,
      modules: globalThis.__modules,
    }));`;
  const output = execFileSync(process.execPath, ["--input-type=module", "-e", script], {
    cwd: umbrellaDir,
    encoding: "utf8",
  });
  return JSON.parse(output.trim().split("\n").at(-1) as string) as {
    ready: number;
    builtins: string[];
    modules: string[];
  };
}

describe("catalog cold start (built packages)", () => {
  it("lists every provider and exports every JSON Schema without loading crypto, net, TLS, DNS or HTTP", () => {
    const { ready, builtins, packages } = catalogIn("plugboard");
    expect(ready).toBe(13);
    expect(builtins).toContain("fs"); // the list is real: manifests were read
    expect(builtins.filter((name) => LAZY_BUILTINS.includes(name))).toEqual([]);
    expect(packages).toContain("zod"); // the whole core: its zod-built exports need zod (plugboard/registry does not)
    expect(packages.filter((name) => name.startsWith("@plugboard/provider-"))).toEqual([]);
  });

  it("through plugboard/registry, loads neither zod nor any provider until a provider is used", () => {
    const catalog = catalogIn("plugboard/registry");
    expect(catalog.ready).toBe(13);
    expect(catalog.builtins.filter((name) => LAZY_BUILTINS.includes(name))).toEqual([]);
    expect(catalog.packages).not.toContain("zod");
    expect(catalog.packages.filter((name) => name.startsWith("@plugboard/provider-"))).toEqual([]);

    // The same registry validates once asked: the provider (and with it zod) loads then.
    const validated = catalogIn(
      "plugboard/registry",
      `const verdict = await registry.validate("rss", { feed_url: "not a url" });
       if (verdict.success || verdict.issues[0].path !== "provider_config.feed_url") throw new Error(JSON.stringify(verdict));`,
    );
    expect(validated.packages).toContain("zod");
    expect(validated.packages).toContain("@plugboard/provider-rss");
  });
});

describe("plugboard/registry and plugboard (built packages)", () => {
  it("export the same registry code, so classes and providers agree whichever entry they came through", () => {
    const script = `
      const whole = await import("plugboard");
      const registryOnly = await import("plugboard/registry");
      const shared = Object.keys(registryOnly).filter((name) => whole[name] === registryOnly[name]);
      console.log(JSON.stringify({ names: Object.keys(registryOnly).sort(), shared: shared.sort() }));`;
    const output = execFileSync(process.execPath, ["--input-type=module", "-e", script], {
      cwd: umbrellaDir,
      encoding: "utf8",
    });
    const { names, shared } = JSON.parse(output.trim()) as { names: string[]; shared: string[] };
    expect(names).toEqual(
      expect.arrayContaining(["createDefaultRegistry", "createRegistry", "ProviderLoadError"]),
    );
    expect(shared).toEqual(names);
  });
});
