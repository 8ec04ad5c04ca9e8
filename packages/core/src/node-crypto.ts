import { createRequire } from "node:module";

type NodeCrypto = typeof import("node:crypto");

let lib: NodeCrypto | undefined;

/**
 * `node:crypto`, loaded on first use rather than with the core: it costs ~3 ms of a cold start that only
 * lists providers and exports their schemas (measured by bench/catalog-cold-start.mjs). A synchronous
 * require keeps the sealing, id and token-cache APIs synchronous.
 */
export function nodeCrypto(): NodeCrypto {
  lib ??= createRequire(import.meta.url)("node:crypto") as NodeCrypto;
  return lib;
}
