/** Why a provider could not be made available. */
export type ProviderLoadErrorCode =
  | "unknown_type"
  | "not_installed"
  | "import_failed"
  | "invalid_shape"
  | "incompatible_api_version"
  | "duplicate_type"
  | "type_mismatch"
  | "invalid_manifest";

/**
 * A provider that could not be loaded. The message names the package and says how to fix it; one broken
 * plugin produces one of these and never breaks the other providers.
 */
export class ProviderLoadError extends Error {
  override readonly name = "ProviderLoadError";
  constructor(
    readonly code: ProviderLoadErrorCode,
    message: string,
    readonly type?: string,
    readonly packageName?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
