import { readFile } from "node:fs/promises";

/** Where the CLI reads and writes; injectable so tests run commands in-process. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  readStdin(): Promise<string>;
}

/** The process's real streams. */
export const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text.endsWith("\n") ? text : `${text}\n`),
  stderr: (text) => process.stderr.write(text.endsWith("\n") ? text : `${text}\n`),
  async readStdin() {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString("utf8");
  },
};

/** Exit codes: 0 ok, 1 the connection test failed, 2 bad usage or invalid config. */
export const EXIT = { ok: 0, testFailed: 1, usage: 2 } as const;

/** A usage or input error: printed on stderr, exit code 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** Reads a JSON config from a file path or `-` (standard input). */
export async function readConfig(source: string | undefined, io: CliIo): Promise<unknown> {
  if (!source) throw new UsageError("Missing --config <file|->.");
  let text: string;
  try {
    text = source === "-" ? await io.readStdin() : await readFile(source, "utf8");
  } catch (error) {
    const code = (error as { code?: string }).code ?? "error";
    throw new UsageError(`Cannot read the config file "${source}" (${code}).`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    // JSON.parse's message can quote the input, which may hold a secret: report only where it failed.
    const position = /position (\d+)/.exec(error instanceof Error ? error.message : "")?.[1];
    throw new UsageError(`The config is not valid JSON${position ? ` (near character ${position})` : ""}.`);
  }
}
