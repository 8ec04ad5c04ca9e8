import { type OriginOverrides, overrideOrigin } from "./origin-overrides.js";

/**
 * Where a request really goes: `url` with the origin overrides applied, refused unless http or https, and
 * reported to `onRequest` (the guard's record of hosts). Every hop of the guarded fetch and every guarded request
 * passes through here.
 */
export function requestTarget(url: URL, origins: OriginOverrides, onRequest: (target: URL) => void): URL {
  const target = overrideOrigin(url, origins);
  if (target.protocol !== "http:" && target.protocol !== "https:") {
    throw new TypeError(`Refusing to request a ${target.protocol} URL; only http and https are allowed.`);
  }
  onRequest(target);
  return target;
}
