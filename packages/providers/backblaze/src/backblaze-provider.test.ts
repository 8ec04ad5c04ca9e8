import type { TestOptions } from "@plugboard/core";
import {
  createLoopbackGuard,
  getRefusedPort,
  startFakeHttpServer,
  testOnLoopback,
  testProviderConformance,
} from "@plugboard/testkit";
import { describe, expect, it } from "vitest";
// The S3 fake lives with the s3 package; it verifies SigV4 for B2's virtual-hosted S3 endpoint too.
import { startAwsFake } from "../../s3/src/__tests__/aws-fake.js";
import {
  ALL_CAPABILITIES,
  B2_ORIGINS,
  type B2Fake,
  type FakeB2Key,
  startB2Fake,
} from "./__tests__/b2-fake.js";
import { b2Failure } from "./b2-api.js";
import backblaze from "./backblaze-provider.js";

const BUCKET = "acme-backups";
const READ_ONLY = ["listBuckets", "listFiles", "readFiles"];
const KEYS: Record<string, FakeB2Key & { id: string }> = {
  master: {
    id: "4aa9865d6f00",
    key: "K004masterkeysecret000000000000",
    capabilities: ALL_CAPABILITIES,
    buckets: null,
    namePrefix: null,
  },
  reader: {
    id: "0044aa9865d6f0000000000a1",
    key: "K004readerkeysecret0000000000",
    capabilities: READ_ONLY,
    buckets: [BUCKET],
    namePrefix: null,
  },
  multi: {
    id: "0044aa9865d6f0000000000a2",
    key: "K004multikeysecret00000000000",
    capabilities: [...READ_ONLY, "writeFiles", "deleteFiles"],
    buckets: ["acme-archive", BUCKET],
    namePrefix: null,
  },
  other: {
    id: "0044aa9865d6f0000000000a3",
    key: "K004otherkeysecret00000000000",
    capabilities: READ_ONLY,
    buckets: ["acme-archive"],
    namePrefix: null,
  },
  scoped: {
    id: "0044aa9865d6f0000000000a4",
    key: "K004scopedkeysecret0000000000",
    capabilities: [...READ_ONLY, "writeFiles", "deleteFiles"],
    buckets: [BUCKET],
    namePrefix: "exports/",
  },
  listOnly: {
    id: "0044aa9865d6f0000000000a5",
    key: "K004listonlysecret00000000000",
    capabilities: ["listBuckets"],
    buckets: null,
    namePrefix: null,
  },
};
const FAKE_KEYS = Object.fromEntries(Object.values(KEYS).map(({ id, ...key }) => [id, key]));

type Key = (typeof KEYS)[string];
const native = (key: Key = KEYS.master as Key, overrides: Record<string, unknown> = {}) => ({
  api: "b2",
  bucket: BUCKET,
  credentials: { application_key_id: key.id, application_key: key.key },
  ...overrides,
});

const originsFor = (fake: B2Fake) => ({
  [B2_ORIGINS.authorize]: fake.url,
  [B2_ORIGINS.api]: fake.url,
  [B2_ORIGINS.upload]: fake.uploadUrl,
});

/** A scenario against the B2 fake, reached through B2's real origins (origin overrides). */
const againstB2 =
  (config: Record<string, unknown>, options: Omit<TestOptions, "egress"> = {}) =>
  async () => {
    const fake = await startB2Fake(FAKE_KEYS, [BUCKET, "acme-archive"]);
    return { config, options, origins: originsFor(fake), cleanup: fake.close };
  };

/** B2's authorize endpoint answering one documented error. */
const authorizeAnswering = (status: number, code: string) => async () => {
  const server = await startFakeHttpServer((_request, reply) =>
    reply.json(status, { status, code, message: "" }),
  );
  return { config: native(), origins: { [B2_ORIGINS.authorize]: server.url }, cleanup: server.close };
};

describe("backblaze conformance (fake of the B2 native API)", () => {
  testProviderConformance({
    provider: backblaze,
    validConfigs: [
      native(),
      native(KEYS.scoped as Key, { prefix: "exports/2026/" }),
      { ...native(KEYS.reader as Key), api: "s3", region: "us-west-004" },
      // Without api: read from the fields (region → the S3-compatible API); the seed API's extras.
      {
        bucket: BUCKET,
        credentials: {
          application_key_id: "0051234567890ab0000000001",
          application_key: "K005Zq8v3Kp1Lr5Tx9Wm2Nb6Yc4Hd7J",
        },
      },
      {
        bucket: BUCKET,
        region: "us-west-004",
        credentials: {
          application_key_id: "0051234567890ab0000000001",
          application_key: "K005Zq8v3Kp1Lr5Tx9Wm2Nb6Yc4Hd7J",
        },
        description: "Nightly backups",
        provider_type: "backblaze",
      },
    ],
    invalidConfigs: [
      { config: native(undefined, { bucket: "tiny" }), path: "bucket" },
      { config: { ...native(), api: "s3" }, path: "region" },
      { config: { ...native(), api: "s3", region: "us-west-4" }, path: "region" },
      {
        config: native(undefined, {
          credentials: { application_key_id: "has space", application_key: "K004secretsecret" },
        }),
        path: "credentials.application_key_id",
      },
      { config: native(undefined, { prefix: "../up/" }), path: "prefix" },
      // The master application key (keyID = the account ID) on the S3-compatible API, which B2 refuses.
      { config: { ...native(), api: "s3", region: "us-west-004" }, path: "credentials.application_key_id" },
      { config: native(undefined, { bucket: "b2://acme-backups/exports/" }), path: "bucket" },
    ],
    success: againstB2(native()),
    failures: {
      auth_failed: againstB2(native({ ...(KEYS.master as Key), key: "K004wrongsecret000000000000" })),
      permission_denied: againstB2(native(KEYS.other as Key)),
      not_found: againstB2(native(undefined, { bucket: "no-such-bucket" })),
      rate_limited: authorizeAnswering(403, "transaction_cap_exceeded"),
      provider_error: authorizeAnswering(503, "service_unavailable"),
      network_error: async () => ({
        config: native(),
        origins: { [B2_ORIGINS.authorize]: `http://127.0.0.1:${await getRefusedPort()}` },
      }),
      blocked_by_policy: () => ({ config: native(), origins: { [B2_ORIGINS.authorize]: "http://10.0.0.1" } }),
    },
    stalled: async () => {
      const server = await startFakeHttpServer((_request, reply) => reply.stall());
      return { config: native(), origins: { [B2_ORIGINS.authorize]: server.url }, cleanup: server.close };
    },
  });
});

/** Runs one test against a fresh B2 fake; returns the result and the fake (closed). */
async function runNative(config: Record<string, unknown>, options: Omit<TestOptions, "egress"> = {}) {
  const fake = await startB2Fake(FAKE_KEYS, [BUCKET, "acme-archive"]);
  try {
    return {
      result: await testOnLoopback(backblaze, config, { ...options, origins: originsFor(fake) }),
      fake,
    };
  } finally {
    await fake.close();
  }
}

describe("backblaze native API", () => {
  it("authorizes with Basic auth, then asks b2_list_buckets for the configured bucket with the raw token", async () => {
    const { result, fake } = await runNative(native());
    expect(result.details.result, result.message).toBe("success");
    expect(result.details.steps.map((step) => step.name)).toEqual([
      "authorize account",
      "check key restrictions",
      "open bucket",
    ]);
    const [authorize, list] = fake.requests;
    const basic = Buffer.from(`${KEYS.master?.id}:${KEYS.master?.key}`).toString("base64");
    expect(authorize?.headers.authorization).toBe(`Basic ${basic}`);
    expect(list?.path).toBe("/b2api/v4/b2_list_buckets");
    expect(list?.headers.authorization).toMatch(/^4_[0-9a-f]+$/);
    expect(JSON.parse(list?.body ?? "{}")).toEqual({ accountId: "4aa9865d6f00", bucketName: BUCKET });
    expect(result.message).toBe(
      `Opened bucket "${BUCKET}" (allPrivate) with a key that may list and read its files.`,
    );
  });

  it("reports a bucket B2 lists as absent (200, empty list) as not_found", async () => {
    const { result } = await runNative(native(undefined, { bucket: "no-such-bucket" }));
    expect(result.details.result).toBe("not_found");
    expect(result.message).toContain('Bucket "no-such-bucket" does not exist');
  });

  it("accepts a multi-bucket key that includes the bucket", async () => {
    const { result } = await runNative(native(KEYS.multi as Key));
    expect(result.details.result, result.message).toBe("success");
    expect(result.details.provider_response).toMatchObject({ restricted: true });
  });

  it("refuses a key restricted to other buckets before listing, naming them", async () => {
    const { result, fake } = await runNative(native(KEYS.other as Key));
    expect(result.details.result).toBe("permission_denied");
    expect(result.message).toBe(
      `The application key is restricted to bucket acme-archive, not "${BUCKET}": use a key for "${BUCKET}".`,
    );
    expect(fake.requests.map((request) => request.path)).toEqual(["/b2api/v4/b2_authorize_account"]);
    expect(result.details.steps.at(-1)).toMatchObject({ name: "check key restrictions", ok: false });
  });

  it("checks the key's name prefix against the configured prefix", async () => {
    const outside = await runNative(native(KEYS.scoped as Key));
    expect(outside.result.details.result).toBe("permission_denied");
    expect(outside.result.message).toContain('set prefix to "exports/"');
    const inside = await runNative(native(KEYS.scoped as Key, { prefix: "exports/2026/" }));
    expect(inside.result.details.result, inside.result.message).toBe("success");
  });

  it("names the capabilities a sync needs and the key lacks", async () => {
    const { result } = await runNative(native(KEYS.listOnly as Key));
    expect(result.details.result).toBe("permission_denied");
    expect(result.message).toContain("lacks the listFiles, readFiles capabilities");
  });

  it("uploads and deletes a probe file under the prefix for the write probe", async () => {
    const { result, fake } = await runNative(native(KEYS.scoped as Key, { prefix: "exports/" }), {
      probes: ["write"],
    });
    expect(result.details.result, result.message).toBe("success");
    expect(result.details.steps.map((step) => step.name)).toEqual([
      "authorize account",
      "check key restrictions",
      "open bucket",
      "write probe file",
      "delete probe file",
    ]);
    expect(fake.uploaded).toEqual([expect.stringMatching(/^exports\/plugboard-probe-[0-9a-f-]{36}\.txt$/)]);
    expect(fake.files.get(BUCKET)?.size).toBe(0);
  });

  it("refuses the write probe for a read-only key without uploading", async () => {
    const { result, fake } = await runNative(native(KEYS.reader as Key), { probes: ["write"] });
    expect(result.details.result).toBe("permission_denied");
    expect(result.message).toContain("writeFiles, deleteFiles");
    expect(fake.uploaded).toEqual([]);
  });

  it("maps B2's documented error codes", () => {
    const list = { call: "b2_list_buckets", attempt: "list bucket", capability: "listBuckets" };
    expect(b2Failure(401, { code: "unauthorized" }, list).category).toBe("permission_denied");
    expect(
      b2Failure(401, { code: "unauthorized" }, { call: "b2_authorize_account", attempt: "authorize" })
        .category,
    ).toBe("auth_failed");
    expect(b2Failure(401, { code: "bad_auth_token" }, list).category).toBe("auth_failed");
    expect(b2Failure(401, { code: "expired_auth_token" }, list).category).toBe("auth_failed");
    expect(b2Failure(403, { code: "transaction_cap_exceeded" }, list).category).toBe("rate_limited");
    const busy = b2Failure(429, { code: "too_many_requests" }, list, 12);
    expect([busy.category, busy.retryAfterSeconds]).toEqual(["rate_limited", 12]);
    expect(b2Failure(503, { code: "service_unavailable" }, list).category).toBe("provider_error");
  });
});

describe("backblaze S3-compatible API", () => {
  const s3Config = (secret = "K004readerkeysecret0000000000") => ({
    api: "s3",
    bucket: BUCKET,
    region: "us-west-004",
    prefix: "exports/",
    credentials: { application_key_id: "0044aa9865d6f0000000000a1", application_key: secret },
  });

  async function runS3(config: Record<string, unknown>) {
    const fake = await startAwsFake({
      keys: { "0044aa9865d6f0000000000a1": { secret: "K004readerkeysecret0000000000" } },
      buckets: { [BUCKET]: "us-west-004" },
    });
    const guard = createLoopbackGuard(await fake.serve([`https://${BUCKET}.s3.us-west-004.backblazeb2.com`]));
    try {
      return { result: await backblaze.test(config, { egress: guard }), fake };
    } finally {
      await guard.close();
      await fake.close();
    }
  }

  it("lists the bucket on s3.<region>.backblazeb2.com, virtual-hosted, signed for the B2 region", async () => {
    const { result, fake } = await runS3(s3Config());
    expect(result.details.result, result.message).toBe("success");
    expect(result.details.steps.map((step) => step.name)).toEqual(["list objects"]);
    expect(fake.requests[0]?.servedAs).toBe(`${BUCKET}.s3.us-west-004.backblazeb2.com`);
    expect(String(fake.requests[0]?.headers.authorization)).toContain("/us-west-004/s3/aws4_request");
  });

  it("reports a wrong application key as auth_failed", async () => {
    const { result } = await runS3(s3Config("K004wrongsecret000000000000"));
    expect(result.details.result).toBe("auth_failed");
    expect(result.message).toContain("Backblaze B2 refused the request signature");
  });
});
