import {
  createLoopbackGuard,
  getRefusedPort,
  startFakeHttpServer,
  testProviderConformance,
} from "@plugboard/testkit";
import { describe, expect, it } from "vitest";
// The S3 fake lives with the s3 package, whose test it first was; it verifies SigV4 for virtual-hosted requests.
import { type AwsFakeOptions, startAwsFake } from "../../s3/src/__tests__/aws-fake.js";
import tigris from "./tigris-provider.js";

const BUCKET = "acme-media";
const KEYS = {
  reader: { id: "tid_ReaderKey0000000001", secret: "tsec_reader_secret_4b1c" },
  noList: { id: "tid_NoListKey0000000001", secret: "tsec_nolist_secret_93aa" },
};
const FAKE: AwsFakeOptions = {
  keys: {
    [KEYS.reader.id]: { secret: KEYS.reader.secret },
    [KEYS.noList.id]: { secret: KEYS.noList.secret, list: false },
  },
  buckets: { [BUCKET]: "auto" },
  objects: { [BUCKET]: ["videos/intro.mp4"] },
};

const config = (overrides: Record<string, unknown> = {}, key = KEYS.reader) => ({
  bucket: BUCKET,
  credentials: { access_key_id: key.id, secret_access_key: key.secret },
  ...overrides,
});

/** Tigris's endpoint for a bucket: virtual-hosted, so each bucket is its own origin. */
const bucketOrigin = (bucket: string) => `https://${bucket}.t3.storage.dev`;

/** A scenario against the fake, reached as the bucket's real Tigris origin (an operator origin override). */
const againstTigris =
  (overrides: Record<string, unknown> = {}, key = KEYS.reader) =>
  async () => {
    const fake = await startAwsFake(FAKE);
    const built = config(overrides, key);
    return { config: built, origins: await fake.serve([bucketOrigin(built.bucket)]), cleanup: fake.close };
  };

describe("tigris conformance (S3 fake reached through Tigris's real origin)", () => {
  testProviderConformance({
    provider: tigris,
    validConfigs: [
      config(),
      config({ prefix: "videos/2026/" }),
      // What the dashboard shows next to a new key: the endpoint and region "auto"; and the seed API's extras.
      config({
        endpoint: "https://t3.storage.dev",
        region: "auto",
        description: "Media bucket",
        provider_type: "tigris",
      }),
      config({ endpoint: "https://fly.storage.tigris.dev" }),
    ],
    invalidConfigs: [
      { config: config({ bucket: "x" }), path: "bucket" },
      {
        config: { bucket: BUCKET, credentials: { access_key_id: "tid_x1" } },
        path: "credentials.secret_access_key",
      },
      { config: config({ endpoint: "https://s3.us-east-1.amazonaws.com" }), path: "endpoint" },
      { config: config({ region: "us-east-1" }), path: "region" },
      { config: config({ bucket: "s3://acme-media/videos/" }), path: "bucket" },
    ],
    success: againstTigris(),
    failures: {
      auth_failed: againstTigris({}, { id: KEYS.reader.id, secret: "tsec_wrong_secret_0000" }),
      not_found: againstTigris({ bucket: "no-such-bucket" }),
      permission_denied: againstTigris({}, KEYS.noList),
      network_error: async () => ({
        config: config(),
        origins: { [bucketOrigin(BUCKET)]: `http://127.0.0.1:${await getRefusedPort()}` },
      }),
      // The policy still applies to an override's target.
      blocked_by_policy: () => ({ config: config(), origins: { [bucketOrigin(BUCKET)]: "http://10.0.0.1" } }),
    },
    stalled: async () => {
      const server = await startFakeHttpServer((_request, reply) => reply.stall());
      return { config: config(), origins: { [bucketOrigin(BUCKET)]: server.url }, cleanup: server.close };
    },
  });
});

describe("tigris specifics", () => {
  it("signs for the bucket's virtual-hosted t3.storage.dev host in region auto", async () => {
    const fake = await startAwsFake(FAKE);
    const guard = createLoopbackGuard(await fake.serve([bucketOrigin(BUCKET)]));
    try {
      const result = await tigris.test(config({ prefix: "videos/" }), { egress: guard });
      expect(result.details.result, result.message).toBe("success");
      expect(result.message).toBe(`Listed bucket "${BUCKET}" under "videos/" in auto: at least one object.`);
      const [request] = fake.requests;
      expect(request?.servedAs).toBe(`${BUCKET}.t3.storage.dev`);
      expect(request?.path).toBe("/?list-type=2&max-keys=1&prefix=videos%2F");
      expect(String(request?.headers.authorization)).toMatch(
        /Credential=tid_ReaderKey0000000001\/\d{8}\/auto\/s3\//,
      );
    } finally {
      await guard.close();
      await fake.close();
    }
  });

  it("uses the Fly.io endpoint when the config names it, still calling the service Tigris", async () => {
    const fake = await startAwsFake(FAKE);
    const fly = (bucket: string) => `https://${bucket}.fly.storage.tigris.dev`;
    const guard = createLoopbackGuard(await fake.serve([fly(BUCKET), fly("acme-missing")]));
    try {
      const ok = await tigris.test(config({ endpoint: "https://fly.storage.tigris.dev/" }), {
        egress: guard,
      });
      expect(ok.details.result, ok.message).toBe("success");
      expect(fake.requests[0]?.servedAs).toBe(`${BUCKET}.fly.storage.tigris.dev`);
      const missing = await tigris.test(
        config({ endpoint: "https://fly.storage.tigris.dev", bucket: "acme-missing" }),
        { egress: guard },
      );
      expect(missing.details.result).toBe("not_found");
      expect(missing.message).toContain("at Tigris");
    } finally {
      await guard.close();
      await fake.close();
    }
  });

  it("offers the write probe: puts and deletes an object under the prefix", async () => {
    const fake = await startAwsFake(FAKE);
    const guard = createLoopbackGuard(await fake.serve([bucketOrigin(BUCKET)]));
    try {
      const result = await tigris.test(config({ prefix: "videos/" }), { egress: guard, probes: ["write"] });
      expect(result.details.result, result.message).toBe("success");
      expect(fake.written).toEqual([expect.stringMatching(/^videos\/plugboard-probe-/)]);
      expect([...(fake.objects.get(BUCKET) ?? [])]).toEqual(["videos/intro.mp4"]);
    } finally {
      await guard.close();
      await fake.close();
    }
  });
});
