import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createKeyRing } from "./key-ring.js";
import { mergeSecretUpdate, SecretMarkerError } from "./merge-secret-update.js";
import { REDACTED_MARKER } from "./redact.js";
import { openSecrets, SecretSealError, sealSecrets } from "./seal.js";
import { sealConfig, unsealConfig } from "./sealed-config.js";

const keyRing = createKeyRing({ keys: [{ id: "k1", key: randomBytes(32) }], primaryKeyId: "k1" });
const context = { keyRing, organizationId: "org_1", connectionId: "conn_AAAAAAAAAAAAAAA" };
const paths = ["credentials.secret_access_key", "credentials.session_token", "auth.private_key"];
const config = {
  bucket: "b",
  credentials: { access_key_id: "AKIA", secret_access_key: "s3cr3t-value" },
  options: { tags: ["a"] },
};

describe("sealConfig / unsealConfig", () => {
  it("stores the config redacted beside one envelope, and puts the secrets back", () => {
    const stored = sealConfig(config, paths, context);
    expect(stored.config).toEqual({
      bucket: "b",
      credentials: { access_key_id: "AKIA", secret_access_key: REDACTED_MARKER },
      options: { tags: ["a"] },
    });
    expect(JSON.stringify(stored)).not.toContain("s3cr3t-value");
    expect(openSecrets(stored.sealed, context)).toEqual({ "credentials.secret_access_key": "s3cr3t-value" });
    expect(unsealConfig(stored, paths, context)).toEqual(config);
    expect(config.credentials.secret_access_key).toBe("s3cr3t-value");
    expect(stored.config).not.toBe(config);
  });

  it("seals object-valued secrets whole", () => {
    const withObject = { auth: { type: "key", private_key: { pem: "-----BEGIN…", passphrase: "pp" } } };
    const stored = sealConfig(withObject, paths, context);
    expect(stored.config).toEqual({ auth: { type: "key", private_key: REDACTED_MARKER } });
    expect(unsealConfig(stored, paths, context)).toEqual(withObject);
  });

  it("restores a sealed secret whose field is missing from the stored config", () => {
    const stored = sealConfig(config, paths, context);
    const stripped = { ...(stored.config as object), credentials: { access_key_id: "AKIA" } };
    expect(unsealConfig({ config: stripped, sealed: stored.sealed }, paths, context)).toEqual(config);
  });

  it("fails loudly for an envelope of another connection, and for a marker with no sealed value", () => {
    const stored = sealConfig(config, paths, context);
    expect(() => unsealConfig(stored, paths, { ...context, connectionId: "conn_other" })).toThrow(
      SecretSealError,
    );
    const emptyEnvelope = sealSecrets({}, context);
    expect(() => unsealConfig({ config: stored.config, sealed: emptyEnvelope }, paths, context)).toThrow(
      /credentials\.secret_access_key/,
    );
    const notARecord = sealSecrets(["x"], context);
    expect(() => unsealConfig({ config: stored.config, sealed: notARecord }, paths, context)).toThrow(
      SecretSealError,
    );
  });
});

describe("mergeSecretUpdate", () => {
  const incoming = {
    bucket: "c",
    credentials: { access_key_id: "AKIA2", secret_access_key: REDACTED_MARKER },
  };

  it("keeps the stored secret where the update sends back the marker, without mutating either side", () => {
    expect(mergeSecretUpdate(config, incoming, paths)).toEqual({
      bucket: "c",
      credentials: { access_key_id: "AKIA2", secret_access_key: "s3cr3t-value" },
    });
    expect(incoming.credentials.secret_access_key).toBe(REDACTED_MARKER);
    expect(config.credentials.secret_access_key).toBe("s3cr3t-value");
  });

  it("takes a new value as sent", () => {
    const changed = {
      ...incoming,
      credentials: { ...incoming.credentials, secret_access_key: "new-secret" },
    };
    expect(mergeSecretUpdate(config, changed, paths)).toEqual(changed);
  });

  it("refuses a marker with nothing stored behind it, naming the path", () => {
    const marker = { ...incoming, credentials: { ...incoming.credentials, session_token: REDACTED_MARKER } };
    let thrown: unknown;
    try {
      mergeSecretUpdate(config, marker, paths);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(SecretMarkerError);
    expect((thrown as SecretMarkerError).path).toBe("credentials.session_token");
    expect((thrown as Error).message).toMatch(/^credentials\.session_token: /);
    // A stored config that is itself redacted has nothing to keep either.
    const redactedStore = { credentials: { secret_access_key: REDACTED_MARKER } };
    expect(() => mergeSecretUpdate(redactedStore, incoming, paths)).toThrow(SecretMarkerError);
  });

  it("leaves a marker at a non-secret path for validation to report", () => {
    const odd = { bucket: REDACTED_MARKER, credentials: { access_key_id: "A", secret_access_key: "x" } };
    expect(mergeSecretUpdate(config, odd, paths)).toEqual(odd);
  });
});
