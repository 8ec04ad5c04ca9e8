import { type CheckContext, defineProvider, ProviderCheckError } from "@plugboard/core";
import { type GoogleDriveConfig, googleDriveConfigSchema } from "./google-drive-schema.js";
import { driveFailure, tokenFailure } from "./google-errors.js";
import { fetchGoogleToken, gaxiosOptions, tokenCacheKey } from "./google-token.js";

const FOLDER_MIME_TYPE = "application/vnd.google-apps.folder";

/** The Drive v3 client of `@googleapis/drive`, driven through the egress guard with retries off. */
async function driveClient(ctx: CheckContext) {
  const { drive } = await import("@googleapis/drive");
  return drive({ version: "v3", ...gaxiosOptions(ctx) });
}

type DriveClient = Awaited<ReturnType<typeof driveClient>>;

/** Runs one Drive call, mapping its documented errors; a 401 also drops the cached token. */
async function driveCall<T>(
  ctx: CheckContext,
  config: GoogleDriveConfig,
  what: string,
  call: () => Promise<T>,
) {
  try {
    return await call();
  } catch (error) {
    const failure = driveFailure(error, what);
    if (failure instanceof ProviderCheckError && failure.category === "auth_failed")
      ctx.tokens.invalidate(tokenCacheKey(config));
    throw failure;
  }
}

async function openSharedDrive(
  ctx: CheckContext,
  config: GoogleDriveConfig,
  drive: DriveClient,
  headers: Record<string, string>,
) {
  const driveId = config.shared_drive_id as string;
  const what = `shared drive "${driveId}"`;
  const response = await driveCall(ctx, config, what, () =>
    drive.drives.get({ driveId, fields: "id,name" }, { headers, signal: ctx.signal }),
  );
  return `shared drive "${response.data.name ?? driveId}"`;
}

async function openFolder(
  ctx: CheckContext,
  config: GoogleDriveConfig,
  drive: DriveClient,
  headers: Record<string, string>,
) {
  const fileId = config.folder_id as string;
  const what = `folder "${fileId}"`;
  const response = await driveCall(ctx, config, what, () =>
    drive.files.get(
      { fileId, fields: "id,name,mimeType,driveId,trashed", supportsAllDrives: true },
      { headers, signal: ctx.signal },
    ),
  );
  if (response.data.mimeType !== FOLDER_MIME_TYPE || response.data.trashed)
    throw new ProviderCheckError(
      "not_found",
      `"${fileId}" is ${response.data.trashed ? "in the trash" : "a file, not a folder"}: use the id of a folder.`,
    );
  if (config.shared_drive_id && response.data.driveId !== config.shared_drive_id)
    throw new ProviderCheckError(
      "not_found",
      `Folder "${fileId}" is not in shared drive "${config.shared_drive_id}": check both ids.`,
    );
  return `folder "${response.data.name ?? fileId}"`;
}

async function listRoot(
  ctx: CheckContext,
  config: GoogleDriveConfig,
  drive: DriveClient,
  headers: Record<string, string>,
) {
  const response = await driveCall(ctx, config, "the drive root", () =>
    drive.files.list(
      { pageSize: 1, fields: "files(id,name)", corpora: "user" },
      { headers, signal: ctx.signal },
    ),
  );
  return `the drive root (${response.data.files?.length ? "not empty" : "empty"})`;
}

/**
 * `google_drive`: Google Drive folders and shared drives, with a service account key (optionally
 * impersonating a Workspace user) or an OAuth user grant.
 */
export default defineProvider({
  type: "google_drive",
  displayName: "Google Drive",
  description: "Files in Google Drive: My Drive, a folder, or a shared drive.",
  docsUrl: "https://plugboard.dev/docs/providers/google_drive",
  configSchema: googleDriveConfigSchema,
  secretFields: ["credentials.private_key", "credentials.client_secret", "credentials.refresh_token"],
  minimalRoundTrips: 2,
  async check(config, ctx) {
    if (config.subject && config.credentials.type !== "service_account")
      throw new ProviderCheckError(
        "invalid_config",
        "subject (domain-wide delegation) needs service account credentials: remove it or use a service account key.",
      );
    const { token, cached } = await ctx.step("authenticate", async () => {
      try {
        return await ctx.tokens.getOrFetch(tokenCacheKey(config), () => fetchGoogleToken(config, ctx));
      } catch (error) {
        throw tokenFailure(error);
      }
    });
    const drive = await driveClient(ctx);
    const headers: Record<string, string> = { Authorization: `Bearer ${token}` };
    // As Google's auth libraries do for a user grant with a quota project (gcloud's ADC file).
    if (config.credentials.type === "authorized_user" && config.credentials.quota_project_id)
      headers["x-goog-user-project"] = config.credentials.quota_project_id;
    const opened = await Promise.all([
      config.shared_drive_id
        ? ctx.step("open shared drive", () => openSharedDrive(ctx, config, drive, headers))
        : undefined,
      config.folder_id ? ctx.step("open folder", () => openFolder(ctx, config, drive, headers)) : undefined,
      config.shared_drive_id || config.folder_id
        ? undefined
        : ctx.step("list drive root", () => listRoot(ctx, config, drive, headers)),
    ]);
    const reached = opened.filter((entry) => entry !== undefined).join(" and ");
    return {
      message: `Authenticated with Google and opened ${reached}.`,
      providerResponse: { token_cached: cached },
    };
  },
});
