import { mkdtemp, rm } from "node:fs/promises";
import type { Server } from "node:http";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";

interface S3rverInstance {
  run(): Promise<{ port: number }>;
  close(): Promise<void>;
  httpServer?: Server;
}
type S3rverClass = new (options: Record<string, unknown>) => S3rverInstance;
interface AwsAccount {
  createKeyPair(accessKeyId: string, secretAccessKey: string): void;
}

const require = createRequire(import.meta.url);
const S3rver = require("@20minutes/s3rver") as S3rverClass;
const { DUMMY_ACCOUNT } = require("@20minutes/s3rver/lib/models/account") as { DUMMY_ACCOUNT: AwsAccount };

/** Keys the local S3 server accepts. */
export const S3RVER_KEYS = {
  accessKeyId: "AKIAPLUGBOARDTEST01",
  secretAccessKey: "s3rver-secret-9f2c41d7",
} as const;
DUMMY_ACCOUNT.createKeyPair(S3RVER_KEYS.accessKeyId, S3RVER_KEYS.secretAccessKey);

/** A running local S3 server. */
export interface LocalS3 {
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * Starts @20minutes/s3rver (patched to sign path-style bucket requests like SDK v3) on 127.0.0.1: a real S3
 * implementation that verifies SigV4 signatures, so a wrong secret is really refused.
 */
export async function startS3rver(buckets: string[]): Promise<LocalS3> {
  const directory = await mkdtemp(join(tmpdir(), "plugboard-s3rver-"));
  const server = new S3rver({
    port: 0,
    address: "127.0.0.1",
    silent: true,
    directory,
    // Host names that are not IPs are treated as path-style too (origin overrides keep the real Host).
    vhostBuckets: false,
    configureBuckets: buckets.map((name) => ({ name })),
  });
  const { port } = await server.run();
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    port,
    close: async () => {
      server.httpServer?.closeAllConnections();
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
