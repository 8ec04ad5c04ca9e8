import { spawn } from "node:child_process";

/** What one run of the built CLI printed, how it ended, and how long it lingered after its last output. */
export interface CliRun {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  /** Milliseconds from the start to the last byte written. */
  lastOutputMs: number;
  /** Milliseconds from the start to the process's exit. */
  exitMs: number;
}

/**
 * Runs `node <cli> ...args` in its own process with `stdin` as standard input. The process must exit by
 * itself (nothing may keep it alive): after `limitMs` it is killed and the run is reported as such.
 */
export function runCli(
  cli: string,
  args: readonly string[],
  stdin: string,
  limitMs = 20_000,
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [cli, ...args], { stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let lastOutputMs = 0;
    child.stdout.setEncoding("utf8").on("data", (text: string) => {
      stdout += text;
      lastOutputMs = performance.now() - started;
    });
    child.stderr.setEncoding("utf8").on("data", (text: string) => {
      stderr += text;
      lastOutputMs = performance.now() - started;
    });
    const killer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`The CLI did not exit within ${limitMs} ms: ${args.join(" ")}\n${stdout}\n${stderr}`));
    }, limitMs);
    child.on("error", (error) => {
      clearTimeout(killer);
      reject(error);
    });
    child.on("close", (exitCode) => {
      clearTimeout(killer);
      resolve({ exitCode, stdout, stderr, lastOutputMs, exitMs: performance.now() - started });
    });
    child.stdin.end(stdin);
  });
}
