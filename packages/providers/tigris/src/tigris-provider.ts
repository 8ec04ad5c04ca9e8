import { createS3CompatibleProvider } from "@plugboard/provider-s3";
import { tigrisConfigSchema } from "./tigris-schema.js";

/** Tigris's global S3 endpoint. */
export const TIGRIS_ENDPOINT = "https://t3.storage.dev";

/**
 * The `tigris` provider: a Tigris bucket through its S3-compatible API, addressed virtual-host style
 * (buckets created since February 2025 accept nothing else), region `auto`.
 */
export default createS3CompatibleProvider({
  type: "tigris",
  displayName: "Tigris",
  description: "A Tigris object storage bucket (S3-compatible); the test lists the bucket under the prefix.",
  docsUrl: "https://plugboard.dev/docs/providers/tigris",
  configSchema: tigrisConfigSchema,
  secretFields: ["credentials.secret_access_key"],
  defaults: { endpoint: TIGRIS_ENDPOINT, region: "auto", forcePathStyle: false },
});
