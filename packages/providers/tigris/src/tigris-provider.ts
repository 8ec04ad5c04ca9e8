import { defineProvider } from "@plugboard/core";
import { S3_WRITE_PROBE, s3CompatibleCheck, settingsFromConfig } from "@plugboard/provider-s3";
import { type TigrisConfig, tigrisConfigSchema } from "./tigris-schema.js";

/** Tigris's global S3 endpoint. */
export const TIGRIS_ENDPOINT = "https://t3.storage.dev";

/**
 * The `tigris` provider: a Tigris bucket through its S3-compatible API, addressed virtual-host style
 * (buckets created since February 2025 accept nothing else), region `auto`. A config may name the endpoint
 * Tigris showed (`https://fly.storage.tigris.dev` on Fly.io); messages still call the service Tigris.
 */
export default defineProvider({
  type: "tigris",
  displayName: "Tigris",
  description: "A Tigris object storage bucket (S3-compatible); the test lists the bucket under the prefix.",
  docsUrl: "https://plugboard.dev/docs/providers/tigris",
  configSchema: tigrisConfigSchema,
  secretFields: ["credentials.secret_access_key"],
  probes: { write: S3_WRITE_PROBE },
  minimalRoundTrips: 1,
  check: s3CompatibleCheck(({ endpoint, region: _auto, ...config }: TigrisConfig) =>
    settingsFromConfig(config, "Tigris", {
      endpoint: endpoint?.replace(/\/$/, "") ?? TIGRIS_ENDPOINT,
      region: "auto",
      forcePathStyle: false,
    }),
  ),
});
