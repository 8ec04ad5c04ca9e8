import type { ConnectionStatus } from "./connection-record.js";

/** The lifecycle actions that can be refused. */
export type LifecycleAction = "suspend" | "reactivate";

/**
 * A lifecycle transition that is not allowed, such as reactivating an ARCHIVED connection (archiving is
 * final). The message names the connection, its status and the action.
 */
export class IllegalTransitionError extends Error {
  override readonly name = "IllegalTransitionError";
  /** A stable code for API error bodies. */
  readonly code = "illegal_transition";
  constructor(
    readonly connectionId: string,
    readonly from: ConnectionStatus,
    readonly action: LifecycleAction,
  ) {
    super(
      `Cannot ${action} connection ${connectionId}: it is ${from}` +
        (from === "ARCHIVED" ? ", and archiving is final." : "."),
    );
  }
}
