import { describe, expect, it } from "vitest";
import {
  type BrowserFacts,
  decideBrowser,
  isDebianLike,
  NO_BROWSER_MESSAGE,
  playwrightBrowsersDir,
} from "../scripts/ensure-browser.mjs";

/**
 * The order `pnpm test` picks the forms tests' browser in (scripts/ensure-browser.mjs), decided from a
 * made-up machine: nothing here looks at the real file system, starts a browser or installs anything.
 */
const DEBIAN = 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\nVERSION_ID="12"\n';
const UBUNTU = 'NAME="Ubuntu"\nID=ubuntu\nID_LIKE=debian\n';
const CACHE = "/home/dev/.cache/ms-playwright";

/** A Debian machine, root, playwright-core installed, with these executables and folders (path → entries). */
function machine(
  executables: string[],
  overrides: Partial<BrowserFacts> = {},
  dirs: Record<string, string[]> = {},
): BrowserFacts {
  const files = new Set([...executables, "/usr/bin/apt-get"]);
  return {
    env: { PATH: "/usr/local/bin:/usr/bin:/bin" },
    platform: "linux",
    homedir: "/home/dev",
    cwd: "/repo",
    isRoot: true,
    osRelease: DEBIAN,
    playwrightCli: "/repo/node_modules/playwright-core/cli.js",
    playwrightPackageRoot: "/repo/node_modules/playwright-core",
    isExecutable: (path) => files.has(path),
    listDir: (dir) => dirs[dir] ?? [],
    broken: new Map(),
    attempts: {},
    installAllowed: true,
    ...overrides,
  };
}

describe("choosing the browser for the forms tests", () => {
  it("takes PLUGBOARD_CHROMIUM first, even with a system Chromium present", () => {
    const facts = machine(["/usr/bin/chromium", "/opt/chrome/chrome"], {
      env: { PATH: "/usr/bin", PLUGBOARD_CHROMIUM: "/opt/chrome/chrome" },
    });
    expect(decideBrowser(facts)).toEqual({
      kind: "found",
      path: "/opt/chrome/chrome",
      source: "PLUGBOARD_CHROMIUM",
    });
  });

  it("stops when PLUGBOARD_CHROMIUM is not executable, without looking further or installing", () => {
    const facts = machine(["/usr/bin/chromium"], { env: { PATH: "/usr/bin", PLUGBOARD_CHROMIUM: "/nope" } });
    const decision = decideBrowser(facts);
    expect(decision).toMatchObject({ kind: "fail" });
    expect(decision.kind === "fail" && decision.message).toBe(
      'PLUGBOARD_CHROMIUM is set to "/nope", which is not an executable file: point it at a Chromium or ' +
        "Chrome binary, or unset it to let `pnpm test` find or install one.",
    );
  });

  it("stops when PLUGBOARD_CHROMIUM does not start", () => {
    const facts = machine(["/opt/chrome/chrome"], {
      env: { PLUGBOARD_CHROMIUM: "/opt/chrome/chrome" },
      broken: new Map([["/opt/chrome/chrome", "missing libnss3.so"]]),
    });
    const decision = decideBrowser(facts);
    expect(decision.kind === "fail" && decision.message).toMatch(/does not start \(missing libnss3\.so\)/);
  });

  it("ignores an empty PLUGBOARD_CHROMIUM", () => {
    const facts = machine(["/usr/bin/chromium"], { env: { PATH: "/usr/bin", PLUGBOARD_CHROMIUM: "" } });
    expect(decideBrowser(facts)).toMatchObject({
      kind: "found",
      path: "/usr/bin/chromium",
      source: "system",
    });
  });

  it("looks on PATH before the usual paths", () => {
    const facts = machine(["/usr/local/bin/google-chrome", "/usr/bin/chromium-browser"], {
      env: { PATH: "/usr/local/bin" },
    });
    expect(decideBrowser(facts)).toMatchObject({ path: "/usr/local/bin/google-chrome", source: "system" });
  });

  it("finds the usual paths without PATH, in their order", () => {
    const facts = machine(["/usr/bin/google-chrome-stable", "/usr/bin/chromium-browser"], { env: {} });
    expect(decideBrowser(facts)).toMatchObject({ path: "/usr/bin/chromium-browser", source: "system" });
  });

  it("passes over a system browser that does not start", () => {
    const facts = machine(["/usr/bin/chromium-browser", "/opt/google/chrome/chrome"], {
      env: {},
      broken: new Map([["/usr/bin/chromium-browser", "requires the chromium snap"]]),
    });
    expect(decideBrowser(facts)).toMatchObject({ path: "/opt/google/chrome/chrome", source: "system" });
  });

  it("prefers a system browser to Playwright's cache", () => {
    const facts = machine(
      ["/usr/bin/chromium", `${CACHE}/chromium-1255/chrome-linux64/chrome`],
      {},
      {
        [CACHE]: ["chromium-1255"],
      },
    );
    expect(decideBrowser(facts)).toMatchObject({ path: "/usr/bin/chromium" });
  });

  it("takes the newest Chromium of Playwright's cache, in each layout", () => {
    const executables = [
      `${CACHE}/chromium-1100/chrome-linux/chrome`,
      `${CACHE}/chromium-1255/chrome-linux64/chrome`,
      `${CACHE}/chromium_headless_shell-1255/chrome-headless-shell-linux64/chrome-headless-shell`,
    ];
    const dirs = {
      [CACHE]: ["ffmpeg-1013", "chromium-1100", "chromium_headless_shell-1255", "chromium-1255"],
    };
    expect(decideBrowser(machine(executables, {}, dirs))).toEqual({
      kind: "found",
      path: `${CACHE}/chromium-1255/chrome-linux64/chrome`,
      source: "Playwright cache",
    });
    expect(decideBrowser(machine(executables.slice(0, 1), {}, dirs))).toMatchObject({
      path: `${CACHE}/chromium-1100/chrome-linux/chrome`,
    });
    expect(decideBrowser(machine(executables.slice(2), {}, dirs))).toMatchObject({
      path: `${CACHE}/chromium_headless_shell-1255/chrome-headless-shell-linux64/chrome-headless-shell`,
    });
    expect(
      decideBrowser(
        machine(
          [`${CACHE}/chromium_headless_shell-1000/chrome-linux/headless_shell`],
          {},
          {
            [CACHE]: ["chromium_headless_shell-1000"],
          },
        ),
      ),
    ).toMatchObject({ path: `${CACHE}/chromium_headless_shell-1000/chrome-linux/headless_shell` });
  });

  it("reads Playwright's cache where PLAYWRIGHT_BROWSERS_PATH or XDG_CACHE_HOME put it", () => {
    const at = (env: Record<string, string>) => playwrightBrowsersDir(machine([], { env }));
    expect(at({})).toBe(CACHE);
    expect(at({ XDG_CACHE_HOME: "/cache" })).toBe("/cache/ms-playwright");
    expect(at({ PLAYWRIGHT_BROWSERS_PATH: "/pw" })).toBe("/pw");
    expect(at({ PLAYWRIGHT_BROWSERS_PATH: "pw" })).toBe("/repo/pw");
    expect(at({ PLAYWRIGHT_BROWSERS_PATH: "pw", INIT_CWD: "/elsewhere" })).toBe("/elsewhere/pw");
    expect(at({ PLAYWRIGHT_BROWSERS_PATH: "0" })).toBe("/repo/node_modules/playwright-core/.local-browsers");

    const facts = machine(
      ["/pw/chromium-1255/chrome-linux64/chrome"],
      {
        env: { PLAYWRIGHT_BROWSERS_PATH: "/pw" },
      },
      { "/pw": ["chromium-1255"] },
    );
    expect(decideBrowser(facts)).toMatchObject({ path: "/pw/chromium-1255/chrome-linux64/chrome" });
  });

  it("installs with Playwright first, then with apt, then gives up with the sentence", () => {
    expect(decideBrowser(machine([]))).toEqual({ kind: "install", method: "playwright" });
    const afterPlaywright = machine([], { attempts: { playwright: "failed (exit code 1)" } });
    expect(decideBrowser(afterPlaywright)).toEqual({ kind: "install", method: "apt" });
    const afterBoth = machine([], {
      attempts: { playwright: "failed (exit code 1)", apt: "timed out after 1200 s" },
    });
    expect(decideBrowser(afterBoth)).toEqual({
      kind: "fail",
      message: NO_BROWSER_MESSAGE,
      details: [
        "playwright-core install chromium: failed (exit code 1)",
        "apt-get install chromium: timed out after 1200 s",
      ],
    });
  });

  it("uses what an install put in place", () => {
    const downloaded = machine(
      [`${CACHE}/chromium-1255/chrome-linux64/chrome`],
      { attempts: { playwright: "ok" } },
      {
        [CACHE]: ["chromium-1255"],
      },
    );
    expect(decideBrowser(downloaded)).toMatchObject({ kind: "found", source: "Playwright cache" });
    const fromApt = machine(["/usr/bin/chromium"], {
      attempts: { playwright: "failed (exit code 1)", apt: "ok" },
    });
    expect(decideBrowser(fromApt)).toMatchObject({ kind: "found", path: "/usr/bin/chromium" });
  });

  it("skips apt when not root, not on Debian, or without apt-get", () => {
    const tried = { playwright: "failed (exit code 1)" };
    const notRoot = decideBrowser(machine([], { isRoot: false, attempts: tried }));
    expect(notRoot).toMatchObject({ kind: "fail", message: NO_BROWSER_MESSAGE });
    expect(notRoot.kind === "fail" && notRoot.details).toContain("apt: not root");
    const ubuntu = decideBrowser(machine([], { osRelease: UBUNTU, attempts: tried }));
    expect(ubuntu.kind === "fail" && ubuntu.details).toContain("apt: not a Debian system");
    const mac = decideBrowser(machine([], { platform: "darwin", attempts: tried }));
    expect(mac.kind === "fail" && mac.details).toContain("apt: not a Debian system");
    const noApt = decideBrowser(machine([], { attempts: tried, isExecutable: () => false }));
    expect(noApt.kind === "fail" && noApt.details).toContain("apt: no /usr/bin/apt-get");
  });

  it("goes straight to apt without playwright-core", () => {
    const facts = machine([], { playwrightCli: undefined });
    expect(decideBrowser(facts)).toEqual({ kind: "install", method: "apt" });
  });

  it("installs nothing when installing is not allowed", () => {
    const decision = decideBrowser(machine([], { installAllowed: false }));
    expect(decision).toMatchObject({ kind: "fail", message: NO_BROWSER_MESSAGE });
  });

  it("names the browsers that did not start when giving up", () => {
    const decision = decideBrowser(
      machine(["/usr/bin/chromium"], {
        installAllowed: false,
        broken: new Map([["/usr/bin/chromium", "crashed"]]),
      }),
    );
    expect(decision.kind === "fail" && decision.details[0]).toBe("/usr/bin/chromium does not start: crashed");
  });

  it("tells Debian from Ubuntu and derivatives", () => {
    expect(isDebianLike(DEBIAN)).toBe(true);
    expect(isDebianLike('ID=raspbian\nID_LIKE="debian"\n')).toBe(true);
    expect(isDebianLike(UBUNTU)).toBe(false);
    expect(isDebianLike('ID=linuxmint\nID_LIKE="ubuntu debian"\n')).toBe(false);
    expect(isDebianLike("ID=fedora\n")).toBe(false);
    expect(isDebianLike("")).toBe(false);
  });
});
