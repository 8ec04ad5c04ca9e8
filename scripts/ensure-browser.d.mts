// Types for ensure-browser.mjs, imported by the forms demo's harness and test-fixtures/ensure-browser.test.ts.

/** What the machine looks like, as far as finding a browser goes. */
export interface BrowserFacts {
  env: Record<string, string | undefined>;
  platform: string;
  homedir: string;
  cwd: string;
  isRoot: boolean;
  /** The text of /etc/os-release, "" when there is none. */
  osRelease: string;
  /** playwright-core's cli.js, when installed. */
  playwrightCli: string | undefined;
  playwrightPackageRoot: string | undefined;
  /** An executable regular file. */
  isExecutable(path: string): boolean;
  /** A folder's entries, [] when it does not exist. */
  listDir(dir: string): string[];
  /** Executables that did not start, with why. */
  broken: Map<string, string>;
  /** Outcomes of the installs tried so far: "ok" or why it failed. */
  attempts: { playwright?: string; apt?: string };
  installAllowed: boolean;
}

export type BrowserDecision =
  | { kind: "found"; path: string; source: "PLUGBOARD_CHROMIUM" | "system" | "Playwright cache" }
  | { kind: "install"; method: "playwright" | "apt" }
  | { kind: "fail"; message: string; details: string[] };

export const SYSTEM_BROWSER_COMMANDS: string[];
export const SYSTEM_BROWSER_PATHS: Record<string, string[]>;
export const NO_BROWSER_MESSAGE: string;

export function parseOsRelease(text: string): Record<string, string>;
export function isDebianLike(osRelease: string): boolean;
export function playwrightBrowsersDir(facts: BrowserFacts): string | undefined;
export function playwrightCandidates(facts: BrowserFacts): string[];
export function systemCandidates(facts: BrowserFacts): string[];
export function decideBrowser(facts: BrowserFacts): BrowserDecision;

export function machineFacts(options?: {
  env?: Record<string, string | undefined>;
  attempts?: BrowserFacts["attempts"];
  broken?: Map<string, string>;
  installAllowed?: boolean;
}): BrowserFacts;
export function findBrowser(env?: Record<string, string | undefined>): string;
export function ensureBrowser(options?: {
  env?: Record<string, string | undefined>;
  installAllowed?: boolean;
  log?: (line: string) => void;
}): Promise<
  | { kind: "found"; path: string; source: string; version: string }
  | { kind: "fail"; message: string; details: string[] }
>;
