import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createKeyRing } from "./key-ring.js";
import {
  needsRotation,
  openSecrets,
  resealSecrets,
  type SealContext,
  SecretSealError,
  sealSecrets,
} from "./seal.js";

const k1 = randomBytes(32).toString("base64");
const k2 = randomBytes(32).toString("base64");
const ring1 = createKeyRing({ keys: [{ id: "k1", key: k1 }], primaryKeyId: "k1" });
const context: SealContext = {
  keyRing: ring1,
  organizationId: "org_1",
  connectionId: "conn_AAAAAAAAAAAAAAA",
};
const PLAINTEXT = "hunter2-very-secret";
const secrets = { password: PLAINTEXT, nested: { token: "t0k3n" }, list: [1, "two", null] };

/** The SecretSealError `run` throws; its message must carry no key material or plaintext. */
function sealError(run: () => unknown): SecretSealError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(SecretSealError);
    const text = `${String(error)} ${JSON.stringify(error)}`;
    for (const material of [k1, k2, PLAINTEXT, Buffer.from(k1, "base64").toString("hex")]) {
      expect(text).not.toContain(material);
    }
    return error as SecretSealError;
  }
  throw new Error("expected a SecretSealError");
}

describe("sealSecrets / openSecrets", () => {
  it("round-trips any JSON value, with a fresh IV every time and no plaintext in the envelope", () => {
    const envelope = sealSecrets(secrets, context);
    expect(envelope).toMatch(/^pbse1\.k1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/);
    expect(envelope).not.toContain(PLAINTEXT);
    expect(envelope).not.toContain(Buffer.from(PLAINTEXT).toString("base64url").slice(0, 8));
    expect(openSecrets(envelope, context)).toEqual(secrets);
    const again = sealSecrets(secrets, context);
    expect(again).not.toBe(envelope);
    expect(again.split(".")[2]).not.toBe(envelope.split(".")[2]);
    for (const value of ["text", 0, false, null, [], { "": "" }, "ü🔑"]) {
      expect(openSecrets(sealSecrets(value, context), context)).toEqual(value);
    }
    expect(openSecrets(sealSecrets(undefined, context), context)).toBeNull();
  });

  it("never opens an envelope with any single character changed", () => {
    const envelope = sealSecrets(secrets, context);
    const alphabet = "Ab0_-.z";
    let checked = 0;
    for (let index = 0; index < envelope.length; index++) {
      for (const replacement of alphabet) {
        if (envelope[index] === replacement) continue;
        const tampered = envelope.slice(0, index) + replacement + envelope.slice(index + 1);
        const error = sealError(() => openSecrets(tampered, context));
        expect(["tampered", "malformed", "unknown_key"]).toContain(error.code);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(envelope.length * 5);
  });

  it("reports each kind of damage with its code", () => {
    const envelope = sealSecrets(secrets, context);
    const [version, keyId, iv, body] = envelope.split(".") as [string, string, string, string];
    const flip = (text: string, at: number) =>
      text.slice(0, at) + (text[at] === "A" ? "B" : "A") + text.slice(at + 1);
    const open = (text: string) => sealError(() => openSecrets(text, context)).code;
    expect(open([version, keyId, flip(iv, 3), body].join("."))).toBe("tampered");
    expect(open([version, keyId, iv, flip(body, 5)].join("."))).toBe("tampered");
    expect(open([version, keyId, iv, flip(body, body.length - 10)].join("."))).toBe("tampered");
    expect(open(["pbse2", keyId, iv, body].join("."))).toBe("malformed");
    expect(open([version, "k1!", iv, body].join("."))).toBe("malformed");
    expect(open([version, keyId, iv.slice(1), body].join("."))).toBe("malformed");
    expect(open([version, keyId, iv, body.slice(0, 20)].join("."))).toBe("malformed");
    expect(open([version, keyId, iv, `${body}=`].join("."))).toBe("malformed");
    expect(open([version, keyId, iv, body, "extra"].join("."))).toBe("malformed");
    expect(open([version, keyId, iv, body.slice(0, -8)].join("."))).toMatch(/tampered|malformed/);
    expect(open("not an envelope")).toBe("malformed");
    expect(open("")).toBe("malformed");
    expect(sealError(() => openSecrets(42 as unknown as string, context)).code).toBe("malformed");
  });

  it("binds the envelope to its organization and connection, unambiguously", () => {
    const envelope = sealSecrets(secrets, context);
    expect(
      sealError(() => openSecrets(envelope, { ...context, connectionId: "conn_BBBBBBBBBBBBBBB" })).code,
    ).toBe("tampered");
    expect(sealError(() => openSecrets(envelope, { ...context, organizationId: "org_2" })).code).toBe(
      "tampered",
    );
    // Swapping the two ids fails too.
    expect(
      sealError(() =>
        openSecrets(envelope, {
          ...context,
          organizationId: context.connectionId,
          connectionId: context.organizationId,
        }),
      ).code,
    ).toBe("tampered");
    // Length-prefixed AAD: moving characters between the fields never collides.
    const split = sealSecrets(secrets, { ...context, organizationId: "a", connectionId: "bc" });
    expect(
      sealError(() => openSecrets(split, { ...context, organizationId: "ab", connectionId: "c" })).code,
    ).toBe("tampered");
    expect(openSecrets(split, { ...context, organizationId: "a", connectionId: "bc" })).toEqual(secrets);
  });

  it("binds the key id: an envelope relabelled with another key id of the ring does not open", () => {
    const ring = createKeyRing({
      keys: [
        { id: "k1", key: k1 },
        { id: "k2", key: k1 },
      ],
      primaryKeyId: "k1",
    });
    const envelope = sealSecrets(secrets, { ...context, keyRing: ring });
    const relabelled = envelope.replace(".k1.", ".k2.");
    expect(sealError(() => openSecrets(relabelled, { ...context, keyRing: ring })).code).toBe("tampered");
  });

  it("fails with unknown_key for a key id missing from the ring, and tampered for other material under that id", () => {
    const envelope = sealSecrets(secrets, context);
    const other = createKeyRing({ keys: [{ id: "k9", key: k2 }], primaryKeyId: "k9" });
    const unknown = sealError(() => openSecrets(envelope, { ...context, keyRing: other }));
    expect(unknown.code).toBe("unknown_key");
    expect(unknown.message).toContain('"k1"');
    expect(unknown.name).toBe("SecretSealError");
    const impostor = createKeyRing({ keys: [{ id: "k1", key: k2 }], primaryKeyId: "k1" });
    expect(sealError(() => openSecrets(envelope, { ...context, keyRing: impostor })).code).toBe("tampered");
  });

  it("names the missing key in keyId for unknown_key, and sets no keyId for the other codes", () => {
    const envelope = sealSecrets(secrets, context);
    const other = createKeyRing({ keys: [{ id: "k9", key: k2 }], primaryKeyId: "k9" });
    const unknown = sealError(() => openSecrets(envelope, { ...context, keyRing: other }));
    expect(unknown).toMatchObject({ code: "unknown_key", keyId: "k1" });
    const tampered = sealError(() => openSecrets(envelope, { ...context, connectionId: "conn_other" }));
    expect(tampered.code).toBe("tampered");
    expect(tampered.keyId).toBeUndefined();
    expect(sealError(() => openSecrets("garbage", context)).keyId).toBeUndefined();
  });

  it("rejects a missing organization or connection id, and a ring not made by createKeyRing", () => {
    expect(() => sealSecrets(secrets, { ...context, organizationId: "" })).toThrow(/organizationId/);
    expect(() => sealSecrets(secrets, { ...context, connectionId: undefined as unknown as string })).toThrow(
      /connectionId/,
    );
    const fake = { primaryKeyId: "k1", has: () => true, ids: () => ["k1"] };
    expect(() => sealSecrets(secrets, { ...context, keyRing: fake })).toThrow(/createKeyRing/);
  });

  it("refuses to seal what JSON cannot represent", () => {
    expect(() => sealSecrets({ big: 1n }, context)).toThrow(TypeError);
  });
});

describe("rotation without downtime", () => {
  it("opens old envelopes after a new primary key is added, re-seals them, then works without the old key", () => {
    const old = sealSecrets(secrets, context);
    const ring2 = createKeyRing({
      keys: [
        { id: "k1", key: k1 },
        { id: "k2", key: k2 },
      ],
      primaryKeyId: "k2",
    });
    const rotated = { ...context, keyRing: ring2 };
    expect(needsRotation(old, ring1)).toBe(false);
    expect(needsRotation(old, ring2)).toBe(true);
    expect(openSecrets(old, rotated)).toEqual(secrets);
    // New envelopes use the new primary key at once.
    expect(sealSecrets(secrets, rotated).split(".")[1]).toBe("k2");

    const resealed = resealSecrets(old, rotated);
    expect(resealed.split(".")[1]).toBe("k2");
    expect(needsRotation(resealed, ring2)).toBe(false);
    expect(openSecrets(resealed, rotated)).toEqual(secrets);

    const ringWithoutOld = createKeyRing({ keys: [{ id: "k2", key: k2 }], primaryKeyId: "k2" });
    expect(openSecrets(resealed, { ...context, keyRing: ringWithoutOld })).toEqual(secrets);
    expect(sealError(() => openSecrets(old, { ...context, keyRing: ringWithoutOld })).code).toBe(
      "unknown_key",
    );
  });

  it("does not re-seal an envelope that fails to open, and reports malformed text when asked about rotation", () => {
    const envelope = sealSecrets(secrets, context);
    expect(sealError(() => resealSecrets(envelope, { ...context, connectionId: "other" })).code).toBe(
      "tampered",
    );
    expect(sealError(() => needsRotation("garbage", ring1)).code).toBe("malformed");
  });
});
