import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * What bench/catalog-cold-start.mjs measures, kept from regressing by a rule rather than a timing: listing
 * every provider and exporting every JSON Schema in a fresh process loads none of the Node modules only a test
 * or sealing needs (node:crypto was ~3 ms of that cold start and node:net ~2 ms; TLS, DNS and HTTP are for
 * outbound connections).
 */
const umbrellaDir = fileURLToPath(new URL("../packages/plugboard/", import.meta.url));
const LAZY_BUILTINS = ["crypto", "net", "tls", "dns", "http", "https"];

describe("catalog cold start (built packages)", () => {
  it("lists every provider and exports every JSON Schema without loading crypto, net, TLS, DNS or HTTP", () => {
    const script = `
      const { createDefaultRegistry } = await import("plugboard");
      const registry = createDefaultRegistry();
      const listing = await registry.list();
      for (const entry of listing) await registry.jsonSchema(entry.type);
      const loaded = process.moduleLoadList.filter((name) => name.startsWith("NativeModule ")).map((name) => name.slice(13));
      console.log(JSON.stringify({ ready: listing.filter((entry) => entry.status === "ready").length, loaded }));`;
    const output = execFileSync(process.execPath, ["--input-type=module", "-e", script], {
      cwd: umbrellaDir,
      encoding: "utf8",
    });
    const { ready, loaded } = JSON.parse(output.trim().split("\n").at(-1) as string) as {
      ready: number;
      loaded: string[];
    };
    expect(ready).toBe(13);
    expect(loaded).toContain("fs"); // the list is real: manifests were read
    expect(loaded.filter((name) => LAZY_BUILTINS.includes(name))).toEqual([]);
  });
});
