import { defineProvider } from "@plugboard/core";
import { S3_WRITE_PROBE, s3CompatibleCheck } from "@plugboard/provider-s3";
import { checkB2Native } from "./b2-native-check.js";
import { type BackblazeS3Config, backblazeConfigSchema } from "./backblaze-schema.js";

/** The S3-compatible endpoint of a B2 region. */
export function backblazeS3Endpoint(region: string): string {
  return `https://s3.${region}.backblazeb2.com`;
}

/** The S3-compatible branch, through the shared S3 factory's check. */
const checkS3Api = s3CompatibleCheck((config: BackblazeS3Config) => ({
  service: "Backblaze B2",
  bucket: config.bucket,
  region: config.region,
  endpoint: backblazeS3Endpoint(config.region),
  forcePathStyle: false,
  prefix: config.prefix ?? "",
  credentials: {
    accessKeyId: config.credentials.application_key_id,
    secretAccessKey: config.credentials.application_key,
  },
}));

/**
 * The `backblaze` provider: a B2 bucket through the native B2 API (authorize, compare the key's
 * restrictions with the config, find the bucket) or through B2's S3-compatible endpoint.
 */
export default defineProvider({
  type: "backblaze",
  displayName: "Backblaze B2",
  description:
    "A Backblaze B2 bucket, through the native B2 API or the S3-compatible API; the test checks the key can list it.",
  docsUrl: "https://plugboard.dev/docs/providers/backblaze",
  configSchema: backblazeConfigSchema,
  secretFields: ["credentials.application_key"],
  probes: {
    write: `${S3_WRITE_PROBE} Native API: b2_upload_file and b2_delete_file_version (writeFiles, deleteFiles).`,
  },
  minimalRoundTrips: 2,
  check(config, ctx) {
    return config.api === "b2" ? checkB2Native(config, ctx) : checkS3Api(config, ctx);
  },
});
