import { randomBytes } from "node:crypto";
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { createKeyRing, type KeyRing } from "./key-ring.js";
import { openSecrets, sealSecrets } from "./seal.js";

const bytes = randomBytes(32);
const key = bytes.toString("base64");

/** The message of what `build` throws, which must never contain `material`. */
function thrownMessage(build: () => unknown, material: string): string {
  try {
    build();
  } catch (error) {
    expect(error).toBeInstanceOf(TypeError);
    const message = String((error as Error).message);
    expect(message).not.toContain(material);
    return message;
  }
  throw new Error("expected createKeyRing to throw");
}

describe("createKeyRing", () => {
  it("accepts 32 bytes as a Uint8Array, base64 or base64url text (whitespace trimmed)", () => {
    const context = { organizationId: "org", connectionId: "conn" };
    const encodings = [new Uint8Array(bytes), `${key}\n`, bytes.toString("base64url")];
    const rings = encodings.map((material) =>
      createKeyRing({ keys: [{ id: "k", key: material }], primaryKeyId: "k" }),
    );
    const sealed = sealSecrets("v", { ...context, keyRing: rings[0] as KeyRing });
    for (const ring of rings) expect(openSecrets(sealed, { ...context, keyRing: ring })).toBe("v");

    const ring = createKeyRing({
      keys: [
        { id: "2025-01", key },
        { id: "2026_11", key: randomBytes(32) },
      ],
      primaryKeyId: "2026_11",
    });
    expect(ring.ids()).toEqual(["2025-01", "2026_11"]);
    expect(ring.primaryKeyId).toBe("2026_11");
    expect(ring.has("2025-01")).toBe(true);
    expect(ring.has("nope")).toBe(false);
  });

  it("copies a Uint8Array key, so later changes to the caller's array do not reach the ring", () => {
    const mutable = new Uint8Array(bytes);
    const ring = createKeyRing({ keys: [{ id: "k", key: mutable }], primaryKeyId: "k" });
    const context = { keyRing: ring, organizationId: "org", connectionId: "conn" };
    const sealed = sealSecrets({ a: 1 }, context);
    mutable.fill(0);
    expect(openSecrets(sealed, context)).toEqual({ a: 1 });
  });

  it("keeps key material out of the ring's properties, JSON and inspection", () => {
    const ring = createKeyRing({ keys: [{ id: "k", key }], primaryKeyId: "k" });
    for (const text of [JSON.stringify(ring), inspect(ring, { showHidden: true, depth: 5 })]) {
      expect(text).not.toContain(key);
      expect(text).not.toContain(bytes.toString("hex"));
    }
    expect(Object.isFrozen(ring)).toBe(true);
  });

  it("rejects wrong lengths, bad text, bad and duplicate ids and a missing primary, without printing keys", () => {
    const short = randomBytes(16).toString("base64");
    expect(
      thrownMessage(() => createKeyRing({ keys: [{ id: "k1", key: short }], primaryKeyId: "k1" }), short),
    ).toMatch(/Key "k1" must be 32 bytes.*decodes to 16/);
    const hexKey = bytes.toString("hex");
    expect(
      thrownMessage(() => createKeyRing({ keys: [{ id: "k1", key: hexKey }], primaryKeyId: "k1" }), hexKey),
    ).toMatch(/looks like hex/);
    const notBase64 = `${key.slice(0, 20)}!!${key.slice(22)}`;
    expect(
      thrownMessage(
        () => createKeyRing({ keys: [{ id: "k1", key: notBase64 }], primaryKeyId: "k1" }),
        notBase64,
      ),
    ).toMatch(/not base64/);
    expect(
      thrownMessage(
        () => createKeyRing({ keys: [{ id: "k1", key: new Uint8Array(31) }], primaryKeyId: "k1" }),
        key,
      ),
    ).toMatch(/got 31/);
    // Swapped fields: the "id" is key material and must not be echoed.
    expect(
      thrownMessage(() => createKeyRing({ keys: [{ id: key, key: "k1" }], primaryKeyId: key }), key),
    ).toMatch(/keys\[0\]\.id must be/);
    expect(
      thrownMessage(
        () =>
          createKeyRing({
            keys: [
              { id: "k1", key },
              { id: "k1", key },
            ],
            primaryKeyId: "k1",
          }),
        key,
      ),
    ).toMatch(/appears twice/);
    expect(
      thrownMessage(() => createKeyRing({ keys: [{ id: "k1", key }], primaryKeyId: "k2" }), key),
    ).toMatch(/primary key "k2" is not in the key ring \(ids: k1\)/);
    expect(thrownMessage(() => createKeyRing({ keys: [{ id: "k1", key }], primaryKeyId: key }), key)).toMatch(
      /primary key id is not in the key ring/,
    );
    expect(thrownMessage(() => createKeyRing({ keys: [], primaryKeyId: "k1" }), key)).toMatch(
      /at least one key/,
    );
  });
});
