import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createKeyRing } from "./key-ring.js";
import { REDACTED_MARKER } from "./redact.js";
import { needsRotation, openSecrets, resealSecrets, SecretSealError, sealSecrets } from "./seal.js";
import { mergeSecretUpdate, SecretMarkerError, sealConfig, unsealConfig } from "./sealed-config.js";

const k1 = randomBytes(32).toString("base64");
const k2 = randomBytes(32).toString("base64");
const ring1 = createKeyRing({ keys: [{ id: "k1", key: k1 }], primaryKeyId: "k1" });
const context = { keyRing: ring1, organizationId: "org_1", connectionId: "conn_AAAAAAAAAAAAAAA" };
const secrets = { password: "hunter2-very-secret", nested: { token: "t0k3n" } };

function sealError(run: () => unknown): SecretSealError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(SecretSealError);
    return error as SecretSealError;
  }
  throw new Error("expected a SecretSealError");
}

describe("sealing at rest", () => {
  it("round-trips any JSON value and never stores the plaintext", () => {
    const envelope = sealSecrets(secrets, context);
    expect(envelope).toMatch(/^pbse1\.k1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/);
    expect(envelope).not.toContain("hunter2");
    expect(openSecrets(envelope, context)).toEqual(secrets);
    expect(sealSecrets(secrets, context)).not.toBe(envelope); // a fresh IV every time
  });

  it("fails loudly on a tampered envelope, whichever part was changed", () => {
    const envelope = sealSecrets(secrets, context);
    const parts = envelope.split(".");
    const flip = (text: string, at: number) =>
      text.slice(0, at) + (text[at] === "A" ? "B" : "A") + text.slice(at + 1);
    expect(
      sealError(() =>
        openSecrets([parts[0], parts[1], flip(parts[2] as string, 3), parts[3]].join("."), context),
      ).code,
    ).toBe("tampered");
    expect(
      sealError(() =>
        openSecrets([parts[0], parts[1], parts[2], flip(parts[3] as string, 5)].join("."), context),
      ).code,
    ).toBe("tampered");
    expect(sealError(() => openSecrets(envelope.slice(0, -30), context)).code).toMatch(/tampered|malformed/);
    expect(sealError(() => openSecrets("pbse2.k1.a.b", context)).code).toBe("malformed");
    expect(sealError(() => openSecrets("not an envelope", context)).code).toBe("malformed");
  });

  it("refuses an envelope moved to another connection or organization (AAD)", () => {
    const envelope = sealSecrets(secrets, context);
    expect(
      sealError(() => openSecrets(envelope, { ...context, connectionId: "conn_BBBBBBBBBBBBBBB" })).code,
    ).toBe("tampered");
    expect(sealError(() => openSecrets(envelope, { ...context, organizationId: "org_2" })).code).toBe(
      "tampered",
    );
    // Length-prefixed AAD: shifting characters between fields does not collide.
    const a = sealSecrets(secrets, { ...context, organizationId: "a", connectionId: "bc" });
    expect(
      sealError(() => openSecrets(a, { ...context, organizationId: "ab", connectionId: "c" })).code,
    ).toBe("tampered");
  });

  it("fails with unknown_key for a key that is not in the ring, and with tampered for a wrong key under the same id", () => {
    const envelope = sealSecrets(secrets, context);
    const other = createKeyRing({ keys: [{ id: "k9", key: k2 }], primaryKeyId: "k9" });
    const unknown = sealError(() => openSecrets(envelope, { ...context, keyRing: other }));
    expect(unknown.code).toBe("unknown_key");
    expect(unknown.message).toContain('"k1"');
    const impostor = createKeyRing({ keys: [{ id: "k1", key: k2 }], primaryKeyId: "k1" });
    expect(sealError(() => openSecrets(envelope, { ...context, keyRing: impostor })).code).toBe("tampered");
  });

  it("rotates without downtime", () => {
    const old = sealSecrets(secrets, context);
    const ring2 = createKeyRing({
      keys: [
        { id: "k1", key: k1 },
        { id: "k2", key: k2 },
      ],
      primaryKeyId: "k2",
    });
    const rotated = { ...context, keyRing: ring2 };
    expect(openSecrets(old, rotated)).toEqual(secrets);
    expect(needsRotation(old, ring2)).toBe(true);
    const resealed = resealSecrets(old, rotated);
    expect(resealed.split(".")[1]).toBe("k2");
    expect(needsRotation(resealed, ring2)).toBe(false);
    const ringWithoutOld = createKeyRing({ keys: [{ id: "k2", key: k2 }], primaryKeyId: "k2" });
    expect(openSecrets(resealed, { ...context, keyRing: ringWithoutOld })).toEqual(secrets);
  });

  it("validates key rings without printing key material", () => {
    const short = randomBytes(16).toString("base64");
    expect(() => createKeyRing({ keys: [{ id: "k1", key: short }], primaryKeyId: "k1" })).toThrow(
      /must be 32 bytes/,
    );
    try {
      createKeyRing({ keys: [{ id: "k1", key: short }], primaryKeyId: "k1" });
    } catch (error) {
      expect(String(error)).not.toContain(short);
    }
    expect(() => createKeyRing({ keys: [{ id: "k1", key: k1 }], primaryKeyId: "k2" })).toThrow(
      /primary key "k2"/,
    );
    expect(() => createKeyRing({ keys: [{ id: "bad id!", key: k1 }], primaryKeyId: "bad id!" })).toThrow(
      /Key id/,
    );
  });
});

describe("sealed configs and updates", () => {
  const paths = ["credentials.secret_access_key", "credentials.session_token"];
  const config = { bucket: "b", credentials: { access_key_id: "AKIA", secret_access_key: "s3cr3t-value" } };

  it("stores the config redacted beside one envelope, and puts the secrets back", () => {
    const stored = sealConfig(config, paths, context);
    expect(stored.config).toEqual({
      bucket: "b",
      credentials: { access_key_id: "AKIA", secret_access_key: REDACTED_MARKER },
    });
    expect(JSON.stringify(stored)).not.toContain("s3cr3t-value");
    expect(unsealConfig(stored, paths, context)).toEqual(config);
  });

  it("keeps the stored secret where an update sends back the marker, and refuses a marker with nothing behind it", () => {
    const incoming = {
      bucket: "c",
      credentials: { access_key_id: "AKIA2", secret_access_key: REDACTED_MARKER },
    };
    expect(mergeSecretUpdate(config, incoming, paths)).toEqual({
      bucket: "c",
      credentials: { access_key_id: "AKIA2", secret_access_key: "s3cr3t-value" },
    });
    const changed = {
      ...incoming,
      credentials: { ...incoming.credentials, secret_access_key: "new-secret" },
    };
    expect(mergeSecretUpdate(config, changed, paths)).toEqual(changed);
    const marker = { ...incoming, credentials: { ...incoming.credentials, session_token: REDACTED_MARKER } };
    expect(() => mergeSecretUpdate(config, marker, paths)).toThrow(SecretMarkerError);
    expect(() => mergeSecretUpdate(config, marker, paths)).toThrow(/credentials.session_token/);
  });
});
