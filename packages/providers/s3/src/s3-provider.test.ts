import type { ConnectionProvider, TestOptions } from "@plugboard/core";
import {
  createLoopbackGuard,
  getRefusedPort,
  startFakeHttpServer,
  testOnLoopback,
  testProviderConformance,
} from "@plugboard/testkit";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { type AwsFakeOptions, startAwsFake } from "./__tests__/aws-fake.js";
import { S3RVER_KEYS, startS3rver } from "./__tests__/s3rver.js";
import s3, { createS3Provider } from "./s3-provider.js";

// Collected for the whole file: the SDK emits its Node version warning at most once per process.
const processWarnings: string[] = [];
process.on("warning", (warning) => processWarnings.push(warning.message));

const BUCKET = "plugboard-data";
const keys = (secret: string = S3RVER_KEYS.secretAccessKey, id: string = S3RVER_KEYS.accessKeyId) => ({
  type: "access_key",
  access_key_id: id,
  secret_access_key: secret,
});

/** A config for a local S3-compatible server (path style, as self-hosted servers are usually addressed). */
const localConfig = (endpoint: string, overrides: Record<string, unknown> = {}) => ({
  bucket: BUCKET,
  region: "us-east-1",
  endpoint,
  force_path_style: true,
  credentials: keys(),
  ...overrides,
});

/** A scenario against s3rver, the real S3 implementation that verifies signatures. */
const againstS3rver =
  (overrides: Record<string, unknown> = {}, options: Omit<TestOptions, "egress"> = {}) =>
  async () => {
    const server = await startS3rver([BUCKET]);
    return { config: localConfig(server.url, overrides), options, cleanup: server.close };
  };

/** The AWS fake: keys, buckets in two regions, a role. */
const FAKE_KEYS = {
  reader: { id: "AKIAREADER0000000001", secret: "reader-secret-5d1f9a" },
  noList: { id: "AKIANOLIST0000000001", secret: "nolist-secret-0c77e2" },
  readOnly: { id: "AKIAREADONLY00000001", secret: "readonly-secret-81b3" },
  temporary: {
    id: "ASIATEMPORARY0000001",
    secret: "temp-secret-4be0c9",
    token: "FQoGZXIvYXdzEPb//////////session",
  },
  assumer: { id: "AKIAASSUMER000000001", secret: "assumer-secret-77aa10" },
};
const ROLE_ARN = "arn:aws:iam::123456789012:role/plugboard-reader";
const ROLE_WITH_EXTERNAL_ID = "arn:aws:iam::123456789012:role/partner-reader";

const fakeOptions = (): AwsFakeOptions => ({
  keys: {
    [FAKE_KEYS.reader.id]: { secret: FAKE_KEYS.reader.secret },
    [FAKE_KEYS.noList.id]: { secret: FAKE_KEYS.noList.secret, list: false },
    [FAKE_KEYS.readOnly.id]: { secret: FAKE_KEYS.readOnly.secret, write: false },
    [FAKE_KEYS.temporary.id]: { secret: FAKE_KEYS.temporary.secret, sessionToken: FAKE_KEYS.temporary.token },
    [FAKE_KEYS.assumer.id]: { secret: FAKE_KEYS.assumer.secret, list: false },
  },
  buckets: { [BUCKET]: "us-east-1", "eu-reports": "eu-west-1" },
  objects: { [BUCKET]: ["exports/2026/a.csv"] },
  roles: {
    [ROLE_ARN]: { trusted: [FAKE_KEYS.assumer.id] },
    [ROLE_WITH_EXTERNAL_ID]: { trusted: [FAKE_KEYS.assumer.id], externalId: "partner-7781" },
  },
});

/** A scenario against the AWS fake, reached through the real AWS origins (origin overrides). */
const againstAws =
  (config: Record<string, unknown>, options: Omit<TestOptions, "egress"> = {}) =>
  async () => {
    const fake = await startAwsFake(fakeOptions());
    const bucket = String(config.bucket);
    const region = String(config.region);
    return {
      config,
      options,
      origins: await fake.serve([
        `https://${bucket}.s3.${region}.amazonaws.com`,
        `https://sts.${region}.amazonaws.com`,
      ]),
      cleanup: fake.close,
    };
  };

const awsConfig = (overrides: Record<string, unknown> = {}) => ({
  bucket: BUCKET,
  region: "us-east-1",
  credentials: keys(FAKE_KEYS.reader.secret, FAKE_KEYS.reader.id),
  ...overrides,
});

/** A server that answers every request with one S3 error body. */
const answering =
  (status: number, code: string, headers: Record<string, string> = {}) =>
  async () => {
    const server = await startFakeHttpServer((_request, reply) =>
      reply.send({
        status,
        headers: { "content-type": "application/xml", ...headers },
        body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${code}</Message><RequestId>REQ1</RequestId></Error>`,
      }),
    );
    return { config: localConfig(server.url), cleanup: server.close };
  };

describe("s3 conformance (s3rver and a fake of S3 and STS)", () => {
  testProviderConformance({
    provider: s3,
    validConfigs: [
      awsConfig(),
      awsConfig({
        prefix: "exports/2026/",
        credentials: {
          type: "assume_role",
          access_key_id: "AKIAIOSFODNN7EXAMPLE",
          secret_access_key: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
          role_arn: ROLE_ARN,
          external_id: "partner-7781",
          session_name: "plugboard-sync",
        },
      }),
      localConfig("https://minio.example.com:9000", {
        credentials: { ...keys("minio-secret", "minio-user"), session_token: "token-123" },
      }),
      // The seed API's example, verbatim; and the IAM console's key pair without a type.
      {
        bucket: "my-bucket",
        region: "us-east-1",
        credentials: { access_key_id: "AKIA…", secret_access_key: "…" },
        description: "S3 configuration",
      },
      awsConfig({
        credentials: {
          access_key_id: "AKIAIOSFODNN7EXAMPLE",
          secret_access_key: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        },
        description: "Nightly exports",
        provider_type: "s3",
      }),
    ],
    invalidConfigs: [
      { config: awsConfig({ bucket: "a" }), path: "bucket" },
      { config: awsConfig({ region: "EU West" }), path: "region" },
      { config: awsConfig({ endpoint: "ftp://files.example.com" }), path: "endpoint" },
      { config: awsConfig({ prefix: "exports/../secrets/" }), path: "prefix" },
      {
        config: awsConfig({ credentials: { type: "access_key", access_key_id: "AKIAIOSFODNN7EXAMPLE" } }),
        path: "credentials.secret_access_key",
      },
      {
        config: awsConfig({
          credentials: { ...keys(), type: "assume_role", role_arn: "plugboard-reader" },
        }),
        path: "credentials.role_arn",
      },
      { config: awsConfig({ bucket: "s3://plugboard-data/exports/" }), path: "bucket" },
      {
        config: awsConfig({
          credentials: { AccessKeyId: "AKIAIOSFODNN7EXAMPLE", SecretAccessKey: "wJalrXUtnFEMI/K7MDENG" },
        }),
        path: "credentials.access_key_id",
      },
    ],
    success: againstS3rver(),
    failures: {
      auth_failed: againstS3rver({ credentials: keys("wrong-secret-0000") }),
      not_found: againstS3rver({ bucket: "no-such-bucket" }),
      permission_denied: againstAws(
        awsConfig({ credentials: keys(FAKE_KEYS.noList.secret, FAKE_KEYS.noList.id) }),
      ),
      invalid_config: againstAws(awsConfig({ bucket: "eu-reports" })),
      rate_limited: answering(503, "SlowDown", { "retry-after": "7" }),
      provider_error: answering(500, "InternalError"),
      network_error: async () => ({ config: localConfig(`http://127.0.0.1:${await getRefusedPort()}`) }),
      blocked_by_policy: () => ({ config: localConfig("http://10.0.0.1:9000") }),
    },
    stalled: async () => {
      const server = await startFakeHttpServer((_request, reply) => reply.stall());
      return { config: localConfig(server.url), cleanup: server.close };
    },
  });
});

const guard = createLoopbackGuard();
afterAll(() => guard.close());

type Setup = {
  config: unknown;
  options?: Omit<TestOptions, "egress">;
  origins?: Record<string, string>;
  cleanup?: () => Promise<void> | void;
};

/** Runs a scenario the way the suite does, returning the result. */
async function run(scenario: () => Promise<Setup>, provider: ConnectionProvider = s3) {
  const setup = await scenario();
  try {
    return await testOnLoopback(provider, setup.config, {
      ...setup.options,
      ...(setup.origins ? { origins: setup.origins } : {}),
    });
  } finally {
    await setup.cleanup?.();
  }
}

describe("s3 against s3rver (real SigV4 verification)", () => {
  it("lists the bucket with one request and reports what it saw", async () => {
    const result = await run(againstS3rver({ prefix: "exports/2026/" }));
    expect(result.details.result, result.message).toBe("success");
    expect(result.details.steps.map((step) => step.name)).toEqual(["list objects"]);
    expect(result.message).toContain(`Listed bucket "${BUCKET}" under "exports/2026/" in us-east-1`);
  });

  it("names the refused signature for a wrong secret", async () => {
    const result = await run(againstS3rver({ credentials: keys("wrong-secret-0000") }));
    expect(result.details.result).toBe("auth_failed");
    expect(result.message).toContain("SignatureDoesNotMatch");
    expect(result.details.provider_response).toMatchObject({ status: 403, code: "SignatureDoesNotMatch" });
  });

  it("reports an unknown access key id as auth_failed", async () => {
    const result = await run(againstS3rver({ credentials: keys("whatever-secret", "AKIAUNKNOWN000000000") }));
    expect(result.details.result).toBe("auth_failed");
    expect(result.message).toContain("InvalidAccessKeyId");
  });

  it("reports a missing bucket as not_found", async () => {
    const result = await run(againstS3rver({ bucket: "no-such-bucket" }));
    expect(result.details.result).toBe("not_found");
    expect(result.message).toContain('Bucket "no-such-bucket" does not exist');
  });

  it("signs a session token into the request", async () => {
    const result = await run(
      againstS3rver({ credentials: { ...keys(), session_token: "session-token-for-s3rver" } }),
    );
    expect(result.details.result, result.message).toBe("success");
  });

  it("signs prefixes with spaces, non-ASCII characters, + and =", async () => {
    const result = await run(againstS3rver({ prefix: "exports/a b/ü+=&/" }));
    expect(result.details.result, result.message).toBe("success");
  });

  it("puts and deletes a probe object when asked for the write probe", async () => {
    const result = await run(againstS3rver({ prefix: "exports" }, { probes: ["write"] }));
    expect(result.details.result, result.message).toBe("success");
    expect(result.details.steps.map((step) => step.name)).toEqual([
      "list objects",
      "write probe object",
      "delete probe object",
    ]);
    expect(result.message).toContain("wrote and deleted a probe object");
  });

  it("refuses a probe it does not offer", async () => {
    const result = await run(againstS3rver({}, { probes: ["delete_everything"] }));
    expect(result.details.result).toBe("invalid_config");
    expect(result.message).toContain("write");
  });
});

describe("s3 against the S3 and STS fake (AWS endpoints through origin overrides)", () => {
  it("sends the request for the bucket's virtual-hosted AWS endpoint through the guarded fetch", async () => {
    const fake = await startAwsFake(fakeOptions());
    const origins = await fake.serve([`https://${BUCKET}.s3.us-east-1.amazonaws.com`]);
    try {
      const result = await run(async () => ({ config: awsConfig({ prefix: "exports/" }), origins }));
      expect(result.details.result, result.message).toBe("success");
      expect(result.message).toContain("at least one object");
      expect(fake.requests).toHaveLength(1);
      // Only the guarded fetch applies origin overrides: the SDK did not open a socket of its own.
      expect(fake.requests[0]?.servedAs).toBe(`${BUCKET}.s3.us-east-1.amazonaws.com`);
      expect(fake.requests[0]?.path).toBe("/?list-type=2&max-keys=1&prefix=exports%2F");
    } finally {
      await fake.close();
    }
  });

  it("encodes the query as SigV4 canonicalises it (RFC 3986: !'()* escaped too)", async () => {
    const result = await run(againstAws(awsConfig({ prefix: "exports/it's (final)*!/ü b/" })));
    expect(result.details.result, result.message).toBe("success");
  });

  it("reports a key without s3:ListBucket as permission_denied, naming the action", async () => {
    const result = await run(
      againstAws(awsConfig({ credentials: keys(FAKE_KEYS.noList.secret, FAKE_KEYS.noList.id) })),
    );
    expect(result.details.result).toBe("permission_denied");
    expect(result.message).toContain("s3:ListBucket");
    expect(result.details.steps).toMatchObject([{ name: "list objects", ok: false }]);
  });

  it("names the bucket's real region after a 301 PermanentRedirect", async () => {
    const result = await run(againstAws(awsConfig({ bucket: "eu-reports" })));
    expect(result.details.result).toBe("invalid_config");
    expect(result.message).toBe(
      'Bucket "eu-reports" is in region eu-west-1, not us-east-1 (PermanentRedirect): set region to "eu-west-1".',
    );
    expect(result.details.provider_response).toMatchObject({ status: 301, bucket_region: "eu-west-1" });
  });

  it("names the bucket's real region after a 400 AuthorizationHeaderMalformed", async () => {
    const result = await run(againstAws(awsConfig({ bucket: "eu-reports", region: "eu-central-1" })));
    expect(result.details.result).toBe("invalid_config");
    expect(result.message).toContain('set region to "eu-west-1"');
    expect(result.message).toContain("AuthorizationHeaderMalformed");
  });

  it("sends the session token of temporary credentials, and reports a wrong one as auth_failed", async () => {
    const temporary = {
      type: "access_key",
      access_key_id: FAKE_KEYS.temporary.id,
      secret_access_key: FAKE_KEYS.temporary.secret,
      session_token: FAKE_KEYS.temporary.token,
    };
    const ok = await run(againstAws(awsConfig({ credentials: temporary })));
    expect(ok.details.result, ok.message).toBe("success");
    const wrong = await run(
      againstAws(awsConfig({ credentials: { ...temporary, session_token: "not-the-token" } })),
    );
    expect(wrong.details.result).toBe("auth_failed");
    expect(wrong.message).toContain("InvalidToken");
  });

  const role = (overrides: Record<string, unknown> = {}) => ({
    type: "assume_role",
    access_key_id: FAKE_KEYS.assumer.id,
    secret_access_key: FAKE_KEYS.assumer.secret,
    role_arn: ROLE_ARN,
    ...overrides,
  });

  it("assumes the role, then lists with the role's temporary credentials", async () => {
    const result = await run(againstAws(awsConfig({ credentials: role() })));
    expect(result.details.result, result.message).toBe("success");
    expect(result.details.steps.map((step) => step.name)).toEqual(["assume role", "list objects"]);
    expect(result.details.provider_response).toMatchObject({ assumed_role: true });
  });

  it("requires the external id the role's trust policy names", async () => {
    const withId = await run(
      againstAws(
        awsConfig({ credentials: role({ role_arn: ROLE_WITH_EXTERNAL_ID, external_id: "partner-7781" }) }),
      ),
    );
    expect(withId.details.result, withId.message).toBe("success");
    const without = await run(
      againstAws(awsConfig({ credentials: role({ role_arn: ROLE_WITH_EXTERNAL_ID }) })),
    );
    expect(without.details.result).toBe("permission_denied");
    expect(without.message).toContain("sts:AssumeRole");
    expect(without.details.steps).toMatchObject([{ name: "assume role", ok: false }]);
  });

  it("reports keys STS does not know as auth_failed in the assume-role step", async () => {
    const result = await run(
      againstAws(awsConfig({ credentials: role({ access_key_id: "AKIANOBODY0000000001" }) })),
    );
    expect(result.details.result).toBe("auth_failed");
    expect(result.message).toContain("InvalidClientTokenId");
  });

  it("writes the probe under the prefix and deletes it", async () => {
    const fake = await startAwsFake(fakeOptions());
    const origins = await fake.serve([`https://${BUCKET}.s3.us-east-1.amazonaws.com`]);
    try {
      const result = await run(async () => ({
        config: awsConfig({ prefix: "exports/2026" }),
        options: { probes: ["write"] },
        origins,
      }));
      expect(result.details.result, result.message).toBe("success");
      expect(fake.written).toHaveLength(1);
      expect(fake.written[0]).toMatch(/^exports\/2026\/plugboard-probe-[0-9a-f-]{36}\.txt$/);
      expect([...(fake.objects.get(BUCKET) ?? [])]).toEqual(["exports/2026/a.csv"]);
    } finally {
      await fake.close();
    }
  });

  it("reports a key that may read but not write as permission_denied in the write step", async () => {
    const result = await run(
      againstAws(awsConfig({ credentials: keys(FAKE_KEYS.readOnly.secret, FAKE_KEYS.readOnly.id) }), {
        probes: ["write"],
      }),
    );
    expect(result.details.result).toBe("permission_denied");
    expect(result.message).toContain("s3:PutObject");
    expect(result.details.steps.map((step) => [step.name, step.ok])).toEqual([
      ["list objects", true],
      ["write probe object", false],
    ]);
  });
});

describe("s3 host (ambient) credentials, only where the operator enables them", () => {
  it("refuses { type: 'ambient' } in the default provider", async () => {
    const result = await s3.test(awsConfig({ credentials: { type: "ambient" } }), { egress: guard });
    expect(result.details.result).toBe("invalid_config");
    expect(result.details.issues?.map((issue) => issue.path)).toContain("credentials.type");
  });

  it("uses the operator's credential provider for { type: 'ambient' }", async () => {
    let calls = 0;
    const withHost = createS3Provider({
      ambientCredentials: async () => {
        calls++;
        return { accessKeyId: S3RVER_KEYS.accessKeyId, secretAccessKey: S3RVER_KEYS.secretAccessKey };
      },
    });
    const server = await startS3rver([BUCKET]);
    try {
      const result = await run(
        async () => ({ config: localConfig(server.url, { credentials: { type: "ambient" } }) }),
        withHost,
      );
      expect(result.details.result, result.message).toBe("success");
      expect(result.details.steps.map((step) => step.name)).toEqual([
        "resolve host credentials",
        "list objects",
      ]);
      expect(calls).toBe(1);
      expect(JSON.stringify(withHost.jsonSchema())).toContain('"ambient"');
      expect(JSON.stringify(s3.jsonSchema())).not.toContain('"ambient"');
      // Static keys still work in the ambient-enabled provider.
      const withKeys = await run(async () => ({ config: localConfig(server.url) }), withHost);
      expect(withKeys.details.result, withKeys.message).toBe("success");
    } finally {
      await server.close();
    }
  });

  it("assumes a role with the host credentials", async () => {
    const withHost = createS3Provider({
      ambientCredentials: async () => ({
        accessKeyId: FAKE_KEYS.assumer.id,
        secretAccessKey: FAKE_KEYS.assumer.secret,
      }),
    });
    const result = await run(
      againstAws(awsConfig({ credentials: { type: "ambient", role_arn: ROLE_ARN } })),
      withHost,
    );
    expect(result.details.result, result.message).toBe("success");
    expect(result.details.steps.map((step) => step.name)).toEqual([
      "resolve host credentials",
      "assume role",
      "list objects",
    ]);
  });

  it("reports a host without credentials as auth_failed", async () => {
    const withHost = createS3Provider({
      ambientCredentials: async () => {
        throw new Error("Could not load credentials from any providers");
      },
    });
    const result = await withHost.test(awsConfig({ credentials: { type: "ambient" } }), { egress: guard });
    expect(result.details.result).toBe("auth_failed");
    expect(result.message).toContain("Could not load credentials from any providers");
  });
});

/** Host settings that would change how a tenant's request is signed or labelled, were the SDK to read them. */
const HOST_AUTH_SETTINGS = {
  AWS_AUTH_SCHEME_PREFERENCE: "sigv4a",
  AWS_SIGV4A_SIGNING_REGION_SET: "*",
  AWS_BEARER_TOKEN_S3: "host-bearer-token",
  AWS_S3_DISABLE_EXPRESS_SESSION_AUTH: "true",
  AWS_SDK_UA_APP_ID: "host-app-7",
};

describe("s3 isolation from the host and from non-S3 servers", () => {
  const saved = { ...process.env };
  afterEach(() => {
    for (const name of [
      "AWS_ENDPOINT_URL_S3",
      "AWS_ENDPOINT_URL",
      "AWS_MAX_ATTEMPTS",
      "AWS_USE_FIPS_ENDPOINT",
      ...Object.keys(HOST_AUTH_SETTINGS),
    ]) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });

  it("ignores the host's AWS endpoint, FIPS and retry settings", async () => {
    const fake = await startAwsFake(fakeOptions());
    process.env.AWS_ENDPOINT_URL_S3 = "http://127.0.0.9:1";
    process.env.AWS_ENDPOINT_URL = "http://127.0.0.9:1";
    process.env.AWS_USE_FIPS_ENDPOINT = "true";
    process.env.AWS_MAX_ATTEMPTS = "5";
    const origins = await fake.serve([`https://${BUCKET}.s3.us-east-1.amazonaws.com`]);
    try {
      const ok = await run(async () => ({ config: awsConfig(), origins }));
      expect(ok.details.result, ok.message).toBe("success");
      expect(ok.details.hosts).toEqual(Object.values(origins).map((url) => new URL(url).host));
    } finally {
      await fake.close();
    }
  });

  it("ignores the host's auth scheme, SigV4a, S3 Express and app id settings", async () => {
    const server = await startFakeHttpServer((_request, reply) =>
      reply.send({
        status: 200,
        headers: { "content-type": "application/xml" },
        body: `<ListBucketResult><Name>${BUCKET}</Name><KeyCount>0</KeyCount><MaxKeys>1</MaxKeys></ListBucketResult>`,
      }),
    );
    Object.assign(process.env, HOST_AUTH_SETTINGS);
    try {
      const result = await run(async () => ({ config: localConfig(server.url) }));
      expect(result.details.result, result.message).toBe("success");
      const [request] = server.requests;
      expect(String(request?.headers.authorization)).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIA/);
      expect(String(request?.headers["user-agent"])).not.toContain("host-app-7");
      expect(request?.headers["x-amz-region-set"]).toBeUndefined();
    } finally {
      await server.close();
    }
  });

  it("makes exactly one attempt, even against a failing server", async () => {
    const server = await startFakeHttpServer((_request, reply) =>
      reply.send({
        status: 500,
        headers: { "content-type": "application/xml" },
        body: "<Error><Code>InternalError</Code></Error>",
      }),
    );
    try {
      const result = await run(async () => ({ config: localConfig(server.url) }));
      expect(result.details.result).toBe("provider_error");
      expect(server.requests).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  it("reports a connection reset mid-request as network_error", async () => {
    const server = await startFakeHttpServer((_request, reply) => reply.reset());
    try {
      const result = await run(async () => ({ config: localConfig(server.url) }));
      expect(result.details.result, result.message).toBe("network_error");
    } finally {
      await server.close();
    }
  });

  it("does not take a web page answering 200 for a bucket listing", async () => {
    const server = await startFakeHttpServer((_request, reply) =>
      reply.send({
        status: 200,
        headers: { "content-type": "text/html" },
        body: "<html><body>Welcome</body></html>",
      }),
    );
    try {
      const result = await run(async () => ({ config: localConfig(server.url) }));
      expect(result.details.result).toBe("provider_error");
      expect(result.message).toContain("S3 API endpoint");
    } finally {
      await server.close();
    }
  });

  it("never printed the SDK's Node version warning in this file's tests", async () => {
    await new Promise((resolve) => setImmediate(resolve));
    expect(processWarnings.some((message) => message.includes("NodeVersionSupportWarning"))).toBe(false);
    expect(process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED).toBe("true");
  });
});
