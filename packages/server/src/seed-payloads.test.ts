import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { createKeyRing, createRegistry, type ProviderRegistry } from "@plugboard/core";
import googleDrive from "@plugboard/provider-google-drive";
import s3 from "@plugboard/provider-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateApiKey, hashApiKey } from "./api-keys.js";
import { createConnectionsApp } from "./app.js";
import type { ConnectionStore } from "./store/connection-store.js";
import { createPgliteStore } from "./store/pglite-store.js";

/**
 * The seed API's own example payloads, sent byte for byte as a client written against its documentation sends
 * them (placeholders included). `provider_config` repeats `provider_type` and carries a `description`, and the
 * S3 keys come without a credentials `type`: all of it must be accepted.
 */
const SEED_S3 = `{
  "name": "Marketing assets",
  "provider_type": "s3",
  "provider_config": { "bucket": "my-bucket", "region": "us-east-1", "credentials": { "access_key_id": "AKIA…", "secret_access_key": "…" }, "description": "S3 configuration" },
  "test_before_save": false
}`;

const SEED_GOOGLE_DRIVE = `{
  "name": "Shared drive",
  "provider_type": "google_drive",
  "description": "Company documents",
  "provider_config": {
    "provider_type": "google_drive",
    "description": "Google Drive service account configuration",
    "credentials": {
      "type": "service_account",
      "project_id": "your-project-id",
      "private_key_id": "your-private-key-id",
      "private_key": "-----BEGIN PRIVATE KEY-----\\nYOUR_PRIVATE_KEY\\n-----END PRIVATE KEY-----\\n",
      "client_email": "your-service-account@your-project-id.iam.gserviceaccount.com",
      "client_id": "your-client-id",
      "auth_uri": "https://accounts.google.com/o/oauth2/auth",
      "token_uri": "https://oauth2.googleapis.com/token",
      "auth_provider_x509_cert_url": "https://www.googleapis.com/oauth2/v1/certs",
      "client_x509_cert_url": "https://www.googleapis.com/robot/v1/metadata/x509/your-service-account%40your-project-id.iam.gserviceaccount.com"
    },
    "shared_drive_id": "0ABcDeFgHiJkLmNoPqRsTuV"
  },
  "test_before_save": false
}`;

describe("the seed API's example payloads", () => {
  const key = generateApiKey();
  let store: ConnectionStore;
  let registry: ProviderRegistry;
  let base = "";
  let close: () => Promise<void>;

  beforeAll(async () => {
    store = await createPgliteStore();
    await store.addApiKey("org_acme", hashApiKey(key));
    // No egress allowed at all: with test_before_save false nothing may be contacted.
    registry = createRegistry({ providers: { s3, google_drive: googleDrive } });
    const app = createConnectionsApp({
      registry,
      store,
      keyRing: createKeyRing({ keys: [{ id: "k1", key: randomBytes(32) }], primaryKeyId: "k1" }),
    });
    const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" });
    await new Promise((resolve) => server.once("listening", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/organizations/connections`;
    close = async () => {
      await new Promise((resolve) => server.close(resolve));
      await registry.close();
      await store.close();
    };
  });
  afterAll(() => close());

  const post = async (body: string) => {
    const response = await fetch(base, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
      body,
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it("accepts the S3 example as written: keys without a type, a description inside provider_config", async () => {
    const created = await post(SEED_S3);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({
      name: "Marketing assets",
      provider_type: "s3",
      status: "ACTIVE",
      provider_config: {
        bucket: "my-bucket",
        region: "us-east-1",
        description: "S3 configuration",
        credentials: { type: "access_key", access_key_id: "AKIA…", secret_access_key: "***REDACTED***" },
      },
    });
    expect(created.body).not.toHaveProperty("test_result");
  });

  it("accepts the Google Drive example as written: provider_type and description repeated inside provider_config", async () => {
    const created = await post(SEED_GOOGLE_DRIVE);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({
      name: "Shared drive",
      provider_type: "google_drive",
      description: "Company documents",
      provider_config: {
        provider_type: "google_drive",
        description: "Google Drive service account configuration",
        shared_drive_id: "0ABcDeFgHiJkLmNoPqRsTuV",
        credentials: { type: "service_account", private_key: "***REDACTED***" },
      },
    });
    expect(JSON.stringify(created.body)).not.toContain("YOUR_PRIVATE_KEY");
  });

  it("still refuses a provider_type inside provider_config that contradicts the connection's, naming the field", async () => {
    const contradicting = SEED_GOOGLE_DRIVE.replace(
      '"name": "Shared drive"',
      '"name": "Other drive"',
    ).replace(
      '"provider_type": "google_drive",\n    "description"',
      '"provider_type": "s3",\n    "description"',
    );
    expect(contradicting).not.toBe(SEED_GOOGLE_DRIVE);
    const refused = await post(contradicting);
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({
      code: "invalid_request",
      issues: [
        {
          path: "provider_config.provider_type",
          message: 'Must be "google_drive", this provider\'s type, or be left out.',
        },
      ],
    });
  });
});
