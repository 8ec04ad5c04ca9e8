import { createRequire } from "node:module";

/**
 * Node built-ins loaded on first use rather than with the core: `node:crypto` (~3 ms) and `node:net` with the
 * streams it pulls in (~2 ms) are most of what a cold start that only lists providers and exports their
 * schemas would spend on built-ins (bench/catalog-cold-start.mjs; test-fixtures/catalog-laziness.test.ts keeps
 * it so). A synchronous require keeps the APIs that need them (sealing, ids, the token cache, the socket
 * connector) synchronous.
 */
const require = createRequire(import.meta.url);

type NodeCrypto = typeof import("node:crypto");
type NodeNet = typeof import("node:net");

let crypto: NodeCrypto | undefined;
let net: NodeNet | undefined;

/** `node:crypto`, loaded on first use. */
export function nodeCrypto(): NodeCrypto {
  crypto ??= require("node:crypto") as NodeCrypto;
  return crypto;
}

/** `node:net`, loaded on first use. */
export function nodeNet(): NodeNet {
  net ??= require("node:net") as NodeNet;
  return net;
}
