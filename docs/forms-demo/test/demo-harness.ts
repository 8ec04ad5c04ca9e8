import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ProviderRegistry } from "@plugboard/core";
import { type Browser, chromium } from "playwright-core";
import { build } from "vite";
import { findBrowser } from "../../../scripts/ensure-browser.mjs";
import { demoBuildConfig } from "../src/build-config.js";
import { startFormsDemoServer } from "../src/server/forms-demo-server.js";

/**
 * The Chromium to drive: PLUGBOARD_CHROMIUM, which `pnpm test` sets to the browser scripts/ensure-browser.mjs
 * found or installed; run on their own, the tests look for one the same way but install nothing, and throw
 * the sentence saying how to get one.
 */
export function chromiumPath(): string {
  return findBrowser(process.env);
}

/**
 * Switches that keep Chromium off the network except for the demo on 127.0.0.1: no background services,
 * updates, sync, metrics or safe-browsing lookups, and every host name but 127.0.0.1 resolves to nothing.
 */
export const OFFLINE_CHROMIUM_ARGS = [
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-domain-reliability",
  "--disable-client-side-phishing-detection",
  "--disable-sync",
  "--disable-default-apps",
  "--disable-extensions",
  "--no-first-run",
  "--no-pings",
  "--metrics-recording-only",
  "--disable-features=Translate,OptimizationHints,MediaRouter,AutofillServerCommunication,CertificateTransparencyComponentUpdater,InterestFeedContentSuggestions",
  "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
];

/** The built demo served on 127.0.0.1, and a headless Chromium to drive it. */
export interface DemoHarness {
  url: string;
  browser: Browser;
  close(): Promise<void>;
}

/** Builds the demo with Vite into a temporary folder, serves it with the registry's API, launches Chromium. */
export async function startDemoHarness(registry: ProviderRegistry): Promise<DemoHarness> {
  const executablePath = chromiumPath();
  const outDir = await mkdtemp(join(tmpdir(), "plugboard-forms-demo-"));
  const cleanups: Array<() => Promise<void>> = [() => rm(outDir, { recursive: true, force: true })];
  const close = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  };
  try {
    await build({ ...demoBuildConfig(outDir), configFile: false });
    const server = await startFormsDemoServer({ registry, staticDir: outDir });
    cleanups.push(server.close);
    const browser = await chromium.launch({ executablePath, args: OFFLINE_CHROMIUM_ARGS });
    cleanups.push(() => browser.close());
    return { url: server.url, browser, close };
  } catch (error) {
    await close();
    throw error;
  }
}
