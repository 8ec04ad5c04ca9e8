import { createRequire } from "node:module";
import type ipaddr from "ipaddr.js";

/** The ipaddr.js namespace. */
export type IpaddrLib = typeof ipaddr;

let lib: IpaddrLib | undefined;

/**
 * ipaddr.js, loaded on the first address check rather than with the core (~10 ms of a cold start that
 * only lists providers). It is CommonJS, so a synchronous require keeps the policy API synchronous.
 */
export function ipaddrLib(): IpaddrLib {
  lib ??= createRequire(import.meta.url)("ipaddr.js") as IpaddrLib;
  return lib;
}
