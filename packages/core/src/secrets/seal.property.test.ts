import { randomBytes } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createKeyRing, type KeyRing } from "./key-ring.js";
import { REDACTED_MARKER } from "./redact.js";
import {
  needsRotation,
  openSecrets,
  resealSecrets,
  type SealContext,
  SecretSealError,
  sealSecrets,
} from "./seal.js";
import { sealConfig, unsealConfig } from "./sealed-config.js";

/**
 * Properties of sealing (part 5 of the security suite): whatever is sealed opens to exactly the same JSON,
 * rotation moves envelopes to the new primary key without losing one, and any change to an envelope, a
 * wrong key, or opening it for another organization or connection fails with a SecretSealError that
 * carries no plaintext — never a partial or wrong value.
 */

const ID_A = "2025-01";
const ID_B = "2026-01";
const keyA = randomBytes(32);
const keyB = randomBytes(32);
const ringA = createKeyRing({ keys: [{ id: ID_A, key: keyA }], primaryKeyId: ID_A });
/** The ring after rotation: the new key is primary, the old one still opens old envelopes. */
const ringAB = createKeyRing({
  keys: [
    { id: ID_A, key: keyA },
    { id: ID_B, key: keyB },
  ],
  primaryKeyId: ID_B,
});
const ringBOnly = createKeyRing({ keys: [{ id: ID_B, key: keyB }], primaryKeyId: ID_B });
/** Same id as ring A, different material: what a misconfigured deployment would hold. */
const ringWrongA = createKeyRing({ keys: [{ id: ID_A, key: randomBytes(32) }], primaryKeyId: ID_A });

/** Strings over all of Unicode (astral planes and lone surrogates included), empty ones too. */
const anyText = fc.string({ unit: "binary", maxLength: 64 });
const jsonValue = fc.jsonValue({ maxDepth: 4, stringUnit: "binary" });
/** Organization and connection ids as a deployment may spell them: any non-empty text. */
const anyId = fc.string({ unit: "binary", minLength: 1, maxLength: 40 });
const sealContext = (keyRing: KeyRing) =>
  fc.record({ keyRing: fc.constant(keyRing), organizationId: anyId, connectionId: anyId });

/** JSON's view of a value (`-0` becomes `0`): what any JSON store round-trips. */
const asJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value ?? null));

/** Runs `open`, expecting a SecretSealError whose every rendering is free of the sealed plaintext. */
function expectLoudFailure(open: () => unknown, plaintext: string): SecretSealError {
  let thrown: unknown;
  try {
    open();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(SecretSealError);
  const error = thrown as SecretSealError;
  // The stack's text, not its frames: file paths and line numbers (fast-check.js:2469) could match a short
  // plaintext such as the number 2469 by chance, and frames never carry a value.
  const stackText = (error.stack ?? "").split("\n    at ")[0];
  const rendered = `${String(error)}\n${stackText}\n${JSON.stringify(error)}`;
  // A plaintext shorter than 4 characters would match by chance (e.g. "1" inside a key id).
  if (plaintext.length >= 4) expect(rendered).not.toContain(plaintext);
  return error;
}

describe("sealing properties", () => {
  it("opens every sealed JSON value to exactly that value, under any organization and connection", () => {
    fc.assert(
      fc.property(jsonValue, sealContext(ringA), (value, context) => {
        const envelope = sealSecrets(value, context);
        expect(envelope.startsWith(`pbse1.${ID_A}.`)).toBe(true);
        expect(openSecrets(envelope, context)).toEqual(asJson(value));
      }),
      { numRuns: 500 },
    );
  });

  it("round-trips large and unusual secret strings without a trace of them in the envelope", () => {
    const secret = fc.oneof(
      anyText,
      fc.string({ unit: "grapheme", minLength: 10_000, maxLength: 200_000 }),
      fc.constantFrom("", " ", "\u0000", "\uD800", "🔑".repeat(50_000), REDACTED_MARKER),
    );
    fc.assert(
      fc.property(secret, (text) => {
        const context = { keyRing: ringA, organizationId: "org_1", connectionId: "conn_1" };
        const envelope = sealSecrets({ password: text }, context);
        if (text.length >= 8) expect(envelope).not.toContain(text);
        expect(openSecrets(envelope, context)).toEqual({ password: text });
      }),
      { numRuns: 60 },
    );
  });

  it("splits any config into a redacted part and an envelope, and puts it back together", () => {
    const secretPaths = ["password", "credentials.secret", "credentials.token"];
    const config = fc.record(
      {
        host: anyText,
        port: fc.integer({ min: 1, max: 65_535 }),
        password: anyText,
        credentials: fc.record(
          { id: anyText, secret: fc.oneof(anyText, jsonValue), token: anyText },
          { requiredKeys: ["id"] },
        ),
        options: jsonValue,
      },
      { requiredKeys: ["host"] },
    );
    fc.assert(
      fc.property(config, sealContext(ringA), (plain, context) => {
        // A secret literally equal to the marker is indistinguishable from a redacted one; not a config.
        fc.pre(JSON.stringify(plain).includes(REDACTED_MARKER) === false);
        const stored = sealConfig(plain, secretPaths, context);
        const storedText = JSON.stringify(stored.config);
        // What the clear part may legitimately hold: a non-secret field can equal a secret by chance
        // (fast-check found host "toString" beside secret "toString").
        const clearText = JSON.stringify(withoutPaths(plain, secretPaths));
        for (const path of secretPaths) {
          const value = path.split(".").reduce<unknown>((node, key) => (node as never)?.[key], plain);
          if (typeof value === "string" && value.length >= 8 && !clearText.includes(value))
            expect(storedText).not.toContain(value);
        }
        // Compared as JSON: the clear part is stored as given (a -0 stays -0 until a JSON store sees it).
        expect(asJson(unsealConfig(stored, secretPaths, context))).toEqual(asJson(plain));
      }),
      { numRuns: 300 },
    );
  });

  it("rotates: an envelope sealed under the old key opens after the ring gains a new primary, and reseals under it", () => {
    fc.assert(
      fc.property(jsonValue, sealContext(ringA), (value, { organizationId, connectionId }) => {
        const before = { keyRing: ringA, organizationId, connectionId };
        const after = { keyRing: ringAB, organizationId, connectionId };
        const old = sealSecrets(value, before);
        expect(needsRotation(old, ringA)).toBe(false);
        expect(needsRotation(old, ringAB)).toBe(true);
        expect(openSecrets(old, after)).toEqual(asJson(value));

        const resealed = resealSecrets(old, after);
        expect(resealed.split(".")[1]).toBe(ID_B);
        expect(needsRotation(resealed, ringAB)).toBe(false);
        // Once everything is resealed the old key can go: the new envelope opens without it ...
        expect(openSecrets(resealed, { ...after, keyRing: ringBOnly })).toEqual(asJson(value));
        // ... and an envelope that was missed fails loudly, naming the key id it needs.
        const missed = expectLoudFailure(
          () => openSecrets(old, { ...after, keyRing: ringBOnly }),
          JSON.stringify(value),
        );
        expect(missed.code).toBe("unknown_key");
        expect(missed.message).toContain(ID_A);
      }),
      { numRuns: 200 },
    );
  });

  it("refuses an envelope with any byte of its IV, ciphertext or tag changed", () => {
    const part = fc.constantFrom("iv" as const, "ciphertext" as const, "tag" as const);
    fc.assert(
      fc.property(
        anyText,
        part,
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        (secret, which, position, mask) => {
          const plaintext = `secret:${secret}`;
          const context = { keyRing: ringA, organizationId: "org_1", connectionId: "conn_1" };
          const [version, keyId, ivText, bodyText] = sealSecrets(plaintext, context).split(".");
          const iv = Buffer.from(ivText as string, "base64url");
          const body = Buffer.from(bodyText as string, "base64url");
          // The body is ciphertext followed by the 16-byte tag.
          const target =
            which === "iv" ? iv : which === "tag" ? body.subarray(body.length - 16) : body.subarray(0, -16);
          const index = position % target.length;
          target[index] = (target[index] as number) ^ mask;
          const tampered = [version, keyId, iv.toString("base64url"), body.toString("base64url")].join(".");
          const error = expectLoudFailure(() => openSecrets(tampered, context), plaintext);
          expect(error.code).toBe("tampered");
        },
      ),
      { numRuns: 500 },
    );
  });

  it("refuses an envelope with any character of its text changed, dropped or added", () => {
    const edit = fc.record({
      kind: fc.constantFrom("replace" as const, "delete" as const, "insert" as const),
      position: fc.nat(),
      character: fc.oneof(
        fc.constantFrom(..."AZaz09-_.=+/ "),
        fc.string({ unit: "binary", minLength: 1, maxLength: 1 }),
      ),
    });
    fc.assert(
      fc.property(anyText, edit, (secret, { kind, position, character }) => {
        const plaintext = `secret:${secret}`;
        const context = { keyRing: ringAB, organizationId: "org_1", connectionId: "conn_1" };
        const envelope = sealSecrets(plaintext, context);
        const at = position % (envelope.length + (kind === "insert" ? 1 : 0));
        const changed =
          kind === "insert"
            ? envelope.slice(0, at) + character + envelope.slice(at)
            : envelope.slice(0, at) + (kind === "replace" ? character : "") + envelope.slice(at + 1);
        fc.pre(changed !== envelope);
        // Whatever the damage (format, key id, base64 or authentication), opening fails: never a value.
        expectLoudFailure(() => openSecrets(changed, context), plaintext);
      }),
      { numRuns: 1_000 },
    );
  });

  it("refuses an envelope whose key id was swapped for another key's", () => {
    fc.assert(
      fc.property(anyText, (secret) => {
        const plaintext = `secret:${secret}`;
        const context = { keyRing: ringAB, organizationId: "org_1", connectionId: "conn_1" };
        const envelope = sealSecrets(plaintext, context);
        const relabelled = envelope.replace(`.${ID_B}.`, `.${ID_A}.`);
        const error = expectLoudFailure(() => openSecrets(relabelled, context), plaintext);
        expect(error.code).toBe("tampered");
      }),
      { numRuns: 100 },
    );
  });

  it("refuses to open with a wrong key under the right id", () => {
    fc.assert(
      fc.property(anyText, sealContext(ringA), (secret, context) => {
        const plaintext = `secret:${secret}`;
        const envelope = sealSecrets(plaintext, context);
        const error = expectLoudFailure(
          () => openSecrets(envelope, { ...context, keyRing: ringWrongA }),
          plaintext,
        );
        expect(error.code).toBe("tampered");
      }),
      { numRuns: 200 },
    );
  });

  it("refuses an envelope moved to another organization or connection (AAD)", () => {
    fc.assert(
      fc.property(
        anyText,
        sealContext(ringA),
        anyId,
        fc.constantFrom("organizationId" as const, "connectionId" as const),
        (secret, context, otherId, field) => {
          fc.pre(otherId !== context[field]);
          const plaintext = `secret:${secret}`;
          const envelope = sealSecrets(plaintext, context);
          const moved = { ...context, [field]: otherId };
          const error = expectLoudFailure(() => openSecrets(envelope, moved), plaintext);
          expect(error.code).toBe("tampered");
        },
      ),
      { numRuns: 300 },
    );
  });

  it("binds organization and connection separately: the same text split differently does not open", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 2, maxLength: 30 }), fc.nat(), fc.nat(), (joined, cutA, cutB) => {
        const first = 1 + (cutA % (joined.length - 1));
        const second = 1 + (cutB % (joined.length - 1));
        fc.pre(first !== second);
        const sealedFor: SealContext = {
          keyRing: ringA,
          organizationId: joined.slice(0, first),
          connectionId: joined.slice(first),
        };
        const openedFor: SealContext = {
          keyRing: ringA,
          organizationId: joined.slice(0, second),
          connectionId: joined.slice(second),
        };
        const envelope = sealSecrets("secret-value", sealedFor);
        expect(expectLoudFailure(() => openSecrets(envelope, openedFor), "secret-value").code).toBe(
          "tampered",
        );
      }),
      { numRuns: 300 },
    );
  });
});

/** A copy of `value` without the fields at `paths` (dot paths). */
function withoutPaths(value: unknown, paths: readonly string[]): unknown {
  const copy = structuredClone(value) as Record<string, unknown>;
  for (const path of paths) {
    const keys = path.split(".");
    const last = keys.pop() as string;
    const parent = keys.reduce<unknown>((node, key) => (node as never)?.[key], copy);
    if (typeof parent === "object" && parent !== null) delete (parent as Record<string, unknown>)[last];
  }
  return copy;
}
