import { errorChain } from "../util/error-chain.js";

/** A destination the egress policy refused. Found by {@link isEgressBlockedError} even when wrapped. */
export class EgressBlockedError extends Error {
  override readonly name = "EgressBlockedError";
  readonly code = "ERR_EGRESS_BLOCKED";
  constructor(
    readonly host: string,
    readonly reason: string,
    readonly address?: string,
  ) {
    super(`Connection to ${host}${address && address !== host ? ` (${address})` : ""} refused: ${reason}.`);
  }
}

/**
 * Whether `error`, or anything in its `cause` chain (undici wraps connect errors as `TypeError: fetch
 * failed`), is an {@link EgressBlockedError} — also one from another copy of this package, recognised by
 * its code. Not a type guard, since the match may be a cause; use {@link findEgressBlockedError} to get it.
 */
export function isEgressBlockedError(error: unknown): boolean {
  for (const link of errorChain(error)) {
    if (link instanceof EgressBlockedError) return true;
    if (
      typeof link === "object" &&
      link !== null &&
      (link as { code?: unknown }).code === "ERR_EGRESS_BLOCKED"
    )
      return true;
  }
  return false;
}

/** The {@link EgressBlockedError} inside `error`'s cause chain, if any. */
export function findEgressBlockedError(error: unknown): EgressBlockedError | undefined {
  for (const link of errorChain(error)) if (link instanceof EgressBlockedError) return link;
  return undefined;
}
