// Finds — or, failing that, installs — the Chromium the forms browser tests drive, and prints its path.
//
//   node scripts/ensure-browser.mjs [--no-install]
//
// `pnpm test:unit` runs it before vitest and exports the path as PLUGBOARD_CHROMIUM; the path is the only
// thing written to stdout, progress and errors go to stderr. The order, first match wins:
//   a. PLUGBOARD_CHROMIUM, if set (not executable, or does not start: stop, do not look further);
//   b. a system Chromium or Chrome: on PATH, then at the usual paths;
//   c. Playwright's browser cache (PLAYWRIGHT_BROWSERS_PATH, else ~/.cache/ms-playwright), newest revision;
//   d. `playwright-core install chromium` (the CLI in node_modules), with a timeout, then c again;
//   e. as root on Debian: `apt-get update && apt-get install -y chromium`, then b again;
//   f. otherwise stop, before the suite, with one sentence saying how to get a browser.
// A browser found is started once headless (and closed) before it is chosen, so one that cannot start is
// passed over (an explicit PLUGBOARD_CHROMIUM stops the run instead) rather than failing the suite later.
// PLUGBOARD_BROWSER_INSTALL=0 (or --no-install) skips d and e.
//
// Not handled: Ubuntu and its derivatives (their `chromium`/`chromium-browser` packages only install the
// snap, which does not run in containers and cannot read Playwright's temporary profile: install Chrome or
// use Playwright's download there); sudo for a non-root user (it may prompt); other package managers (dnf,
// apk, pacman, brew); Playwright's system dependencies (`install --with-deps`), so a downloaded browser that
// lacks libraries fails its start check and the run stops; the Playwright cache layouts of macOS and Windows.
//
// `decideBrowser` is the whole decision as a pure function of what the machine looks like (test-fixtures/
// ensure-browser.test.ts); `ensureBrowser` gathers those facts, runs the installs it asks for, and repeats.
import { spawn } from "node:child_process";
import { accessSync, constants, readdirSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { homedir } from "node:os";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const REPO_ROOT = fileURLToPath(new URL("..", import.meta.url));

/** Commands looked up on PATH, in order. */
export const SYSTEM_BROWSER_COMMANDS = [
  "chromium",
  "chromium-browser",
  "google-chrome-stable",
  "google-chrome",
];

/** Where packages put Chromium or Chrome when it is not on PATH, in order. */
export const SYSTEM_BROWSER_PATHS = {
  linux: [
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
    "/usr/bin/google-chrome-stable",
    "/usr/bin/google-chrome",
    "/usr/lib/chromium/chromium",
    "/opt/google/chrome/chrome",
  ],
  darwin: [
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
  ],
};

/** Executables inside a Playwright cache entry, per directory prefix: current layouts first, then older. */
const PLAYWRIGHT_LAYOUTS = [
  {
    prefix: "chromium-",
    executables: ["chrome-linux64/chrome", "chrome-linux-arm64/chrome", "chrome-linux/chrome"],
  },
  {
    prefix: "chromium_headless_shell-",
    executables: [
      "chrome-headless-shell-linux64/chrome-headless-shell",
      "chrome-headless-shell-linux-arm64/chrome-headless-shell",
      "chrome-linux/headless_shell",
    ],
  },
];

/** The sentence the run stops with when no browser can be found or installed. */
export const NO_BROWSER_MESSAGE =
  "No Chromium or Chrome for the forms browser tests: set PLUGBOARD_CHROMIUM to a Chromium or Chrome binary, " +
  "or install one (as root on Debian: `apt-get install chromium`; with internet access: " +
  "`pnpm --filter @plugboard/forms-demo exec playwright-core install chromium`).";

/** Reads `KEY=value` lines of /etc/os-release. */
export function parseOsRelease(text) {
  const fields = {};
  for (const line of text.split("\n")) {
    const match = /^([A-Z_]+)=(.*)$/.exec(line.trim());
    if (match) fields[match[1]] = match[2].replace(/^(["'])(.*)\1$/, "$2");
  }
  return fields;
}

/** Debian or a derivative whose `chromium` package is a real deb (not Ubuntu's snap transition package). */
export function isDebianLike(osRelease) {
  const { ID = "", ID_LIKE = "" } = parseOsRelease(osRelease);
  const family = [ID, ...ID_LIKE.split(/\s+/)];
  return family.includes("debian") && !family.includes("ubuntu");
}

/** Playwright's registry directory, as playwright-core computes it (Linux cache location). */
export function playwrightBrowsersDir(facts) {
  const configured = facts.env.PLAYWRIGHT_BROWSERS_PATH;
  if (configured === "0")
    return facts.playwrightPackageRoot ? join(facts.playwrightPackageRoot, ".local-browsers") : undefined;
  if (configured)
    return isAbsolute(configured) ? configured : resolve(facts.env.INIT_CWD || facts.cwd, configured);
  return join(facts.env.XDG_CACHE_HOME || join(facts.homedir, ".cache"), "ms-playwright");
}

/** Candidate executables in Playwright's cache: newest revision first, full Chromium before headless shell. */
export function playwrightCandidates(facts) {
  const dir = playwrightBrowsersDir(facts);
  if (!dir) return [];
  const entries = [];
  for (const name of facts.listDir(dir)) {
    PLAYWRIGHT_LAYOUTS.forEach((layout, rank) => {
      const revision = name.startsWith(layout.prefix) ? name.slice(layout.prefix.length) : "";
      if (/^\d+$/.test(revision)) entries.push({ name, rank, revision: Number(revision), layout });
    });
  }
  entries.sort((a, b) => b.revision - a.revision || a.rank - b.rank);
  return entries.flatMap(({ name, layout }) => layout.executables.map((file) => join(dir, name, file)));
}

/** System candidates: the commands on PATH, then the usual paths of the platform; each path once. */
export function systemCandidates(facts) {
  const onPath = (facts.env.PATH ?? "")
    .split(":")
    .filter(Boolean)
    .flatMap((dir) => SYSTEM_BROWSER_COMMANDS.map((command) => join(dir, command)));
  return [...new Set([...onPath, ...(SYSTEM_BROWSER_PATHS[facts.platform] ?? [])])];
}

/**
 * The next step, from what the machine looks like. `facts`:
 * - `env`, `platform`, `homedir`, `cwd`, `isRoot`, `osRelease` (the text of /etc/os-release, "" if none);
 * - `playwrightCli` / `playwrightPackageRoot`: playwright-core's CLI and folder, when installed;
 * - `isExecutable(path)`: an executable regular file; `listDir(dir)`: its entries ([] if none);
 * - `broken`: paths that were executable but did not start, with why (a Map);
 * - `attempts`: outcomes of the installs tried so far, `{ playwright?, apt? }` ("ok" or why it failed);
 * - `installAllowed`: false to only look (PLUGBOARD_BROWSER_INSTALL=0, --no-install).
 * Returns `{ kind: "found", path, source }`, `{ kind: "install", method: "playwright" | "apt" }` (run it,
 * record the outcome in `attempts`, ask again), or `{ kind: "fail", message, details }`.
 */
export function decideBrowser(facts) {
  const explicit = facts.env.PLUGBOARD_CHROMIUM;
  if (explicit) {
    if (!facts.isExecutable(explicit))
      return fail(
        `PLUGBOARD_CHROMIUM is set to "${explicit}", which is not an executable file: point it at a Chromium ` +
          "or Chrome binary, or unset it to let `pnpm test` find or install one.",
      );
    const why = facts.broken.get(explicit);
    if (why)
      return fail(
        `PLUGBOARD_CHROMIUM is set to "${explicit}", which does not start (${why}): point it at a working ` +
          "Chromium or Chrome binary, or unset it to let `pnpm test` find or install one.",
      );
    return { kind: "found", path: explicit, source: "PLUGBOARD_CHROMIUM" };
  }
  const usable = (path) => facts.isExecutable(path) && !facts.broken.has(path);

  const system = systemCandidates(facts).find(usable);
  if (system) return { kind: "found", path: system, source: "system" };
  const cached = playwrightCandidates(facts).find(usable);
  if (cached) return { kind: "found", path: cached, source: "Playwright cache" };

  const details = [];
  if (!facts.installAllowed)
    details.push("installing was not allowed (PLUGBOARD_BROWSER_INSTALL=0 or --no-install)");
  else {
    if (!facts.playwrightCli) details.push("playwright-core is not installed (run `pnpm install`)");
    else if (facts.attempts.playwright === undefined) return { kind: "install", method: "playwright" };
    else details.push(`playwright-core install chromium: ${facts.attempts.playwright}`);

    if (facts.platform !== "linux" || !isDebianLike(facts.osRelease))
      details.push("apt: not a Debian system");
    else if (!facts.isRoot) details.push("apt: not root");
    else if (!facts.isExecutable("/usr/bin/apt-get")) details.push("apt: no /usr/bin/apt-get");
    else if (facts.attempts.apt === undefined) return { kind: "install", method: "apt" };
    else details.push(`apt-get install chromium: ${facts.attempts.apt}`);
  }
  const notStarting = [...facts.broken].map(([path, why]) => `${path} does not start: ${why}`);
  return fail(NO_BROWSER_MESSAGE, [...notStarting, ...details]);
}

function fail(message, details = []) {
  return { kind: "fail", message, details };
}

// --- the machine ---------------------------------------------------------------------------------------

function isExecutable(path) {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function listDir(dir) {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function readOsRelease() {
  try {
    return readFileSync("/etc/os-release", "utf8");
  } catch {
    return "";
  }
}

/** playwright-core as the forms demo resolves it (it is the demo's dependency, not the root's). */
function playwrightPackageRoot() {
  try {
    const require = createRequire(join(REPO_ROOT, "docs/forms-demo/package.json"));
    return dirname(require.resolve("playwright-core/package.json"));
  } catch {
    return undefined;
  }
}

/** What `decideBrowser` needs to know about this machine. */
export function machineFacts({
  env = process.env,
  attempts = {},
  broken = new Map(),
  installAllowed = true,
} = {}) {
  const playwrightRoot = playwrightPackageRoot();
  return {
    env,
    platform: process.platform,
    homedir: homedir(),
    cwd: process.cwd(),
    isRoot: process.getuid?.() === 0,
    osRelease: readOsRelease(),
    playwrightCli: playwrightRoot && existingFile(join(playwrightRoot, "cli.js")),
    playwrightPackageRoot: playwrightRoot,
    isExecutable,
    listDir,
    broken,
    attempts,
    installAllowed: installAllowed && env.PLUGBOARD_BROWSER_INSTALL !== "0",
  };
}

function existingFile(path) {
  try {
    return statSync(path).isFile() ? path : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Only looks (no install, no start check): the browser to use, or throws the sentence saying how to get one.
 * For the browser tests when they run without `pnpm test` having exported PLUGBOARD_CHROMIUM.
 */
export function findBrowser(env = process.env) {
  const decision = decideBrowser(machineFacts({ env, installAllowed: false }));
  if (decision.kind === "found") return decision.path;
  throw new Error(decision.message);
}

/** Runs a command with its output on stderr; resolves with "ok" or why it failed (exit code, timeout). */
function run(command, args, { env = process.env, timeoutMs }) {
  return new Promise((resolvePromise) => {
    // Its own process group, so a timeout (or Ctrl-C here) ends the downloader or dpkg children too.
    const child = spawn(command, args, { env, stdio: ["ignore", 2, 2], detached: true });
    const killGroup = (signal) => {
      try {
        process.kill(-child.pid, signal);
      } catch {
        // Already gone.
      }
    };
    const interrupt = (signal) => {
      killGroup(signal);
      process.exit(130);
    };
    const done = (outcome) => {
      clearTimeout(timer);
      process.off("SIGINT", interrupt).off("SIGTERM", interrupt);
      resolvePromise(outcome);
    };
    process.once("SIGINT", interrupt).once("SIGTERM", interrupt);
    const timer = setTimeout(() => {
      killGroup("SIGKILL");
      done(`timed out after ${Math.round(timeoutMs / 1000)} s`);
    }, timeoutMs);
    child.on("error", (error) => done(`could not run ${command}: ${error.message}`));
    child.on("exit", (code, signal) => done(code === 0 ? "ok" : `failed (${signal ?? `exit code ${code}`})`));
  });
}

const INSTALLS = {
  // Gives up on an unreachable download host in seconds (a socket idle for 15 s fails), and on the whole
  // download after 4 minutes.
  playwright: (facts, log) => {
    log(
      `installing Playwright's Chromium: playwright-core install chromium (into ${playwrightBrowsersDir(facts)})`,
    );
    return run(process.execPath, [facts.playwrightCli, "install", "chromium"], {
      env: { PLAYWRIGHT_DOWNLOAD_CONNECTION_TIMEOUT: "15000", ...facts.env },
      timeoutMs: 240_000,
    });
  },
  apt: (facts, log) => {
    log("installing Debian's Chromium: apt-get update && apt-get install -y chromium");
    const apt = "apt-get -qq -o DPkg::Lock::Timeout=120";
    return run("sh", ["-c", `${apt} update && ${apt} install -y chromium`], {
      env: { ...facts.env, DEBIAN_FRONTEND: "noninteractive" },
      timeoutMs: 20 * 60_000,
    });
  },
};

/** Switches that keep the start check off the network, as the tests' own launch does. */
const OFFLINE_ARGS = [
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
  "--host-resolver-rules=MAP * ~NOTFOUND",
];

/** Starts the browser headless through playwright-core and closes it: its version, or throws why not. */
async function startCheck(path, playwrightRoot) {
  const { chromium } = await import(pathToFileURL(join(playwrightRoot, "index.mjs")).href);
  const browser = await chromium.launch({ executablePath: path, args: OFFLINE_ARGS, timeout: 60_000 });
  try {
    return browser.version();
  } finally {
    await browser.close();
  }
}

/**
 * Finds or installs a browser that starts: `{ kind: "found", path, source, version }` or
 * `{ kind: "fail", message, details }`. `log` receives progress lines.
 */
export async function ensureBrowser({ env = process.env, installAllowed = true, log = () => {} } = {}) {
  const attempts = {};
  const broken = new Map();
  for (;;) {
    const facts = machineFacts({ env, attempts, broken, installAllowed });
    const decision = decideBrowser(facts);
    if (decision.kind === "install") {
      attempts[decision.method] = await INSTALLS[decision.method](facts, log);
      log(`${decision.method}: ${attempts[decision.method]}`);
      continue;
    }
    if (decision.kind === "fail") return decision;
    if (!facts.playwrightPackageRoot)
      return fail("playwright-core is not installed, so no browser can be driven: run `pnpm install`.");
    try {
      const version = await startCheck(decision.path, facts.playwrightPackageRoot);
      return { ...decision, version };
    } catch (error) {
      const why = String(error instanceof Error ? error.message : error).split("\n")[0] ?? "";
      log(`${decision.path} does not start: ${why}`);
      broken.set(decision.path, why);
    }
  }
}

if (process.argv[1] && pathToFileURL(process.argv[1]).href === import.meta.url) {
  const log = (line) => console.error(`ensure-browser: ${line}`);
  const result = await ensureBrowser({ installAllowed: !process.argv.includes("--no-install"), log });
  if (result.kind === "found") {
    log(`using ${result.path} (${result.source}, Chromium ${result.version})`);
    console.log(result.path);
  } else {
    for (const detail of result.details) log(detail);
    console.error(result.message);
    process.exitCode = 1;
  }
}
