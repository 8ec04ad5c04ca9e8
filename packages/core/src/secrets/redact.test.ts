import { describe, expect, it } from "vitest";
import { collectSecretValues, REDACTED_MARKER, redactConfig } from "./redact.js";

const paths = ["credentials.secret_access_key", "credentials.service_account", "auth.token", "password"];

describe("redactConfig", () => {
  it("replaces every present secret, whatever its type, in a deep copy", () => {
    const config = {
      bucket: "b",
      tags: ["x", { y: 1 }],
      credentials: { access_key_id: "AKIA", secret_access_key: "s3cr3t", service_account: { key: "k" } },
      password: 1234,
    };
    const redacted = redactConfig(config, paths) as typeof config;
    expect(redacted).toEqual({
      bucket: "b",
      tags: ["x", { y: 1 }],
      credentials: {
        access_key_id: "AKIA",
        secret_access_key: REDACTED_MARKER,
        service_account: REDACTED_MARKER,
      },
      password: REDACTED_MARKER,
    });
    // A deep copy: changing the result never reaches the input.
    (redacted.tags[1] as { y: number }).y = 2;
    expect(config.tags[1]).toEqual({ y: 1 });
    expect(config.credentials.secret_access_key).toBe("s3cr3t");
    expect(REDACTED_MARKER).toBe("***REDACTED***");
  });

  it("skips paths that this config does not have (another branch of a union)", () => {
    const config = { auth: { type: "basic", username: "u" } };
    expect(redactConfig(config, paths)).toEqual(config);
    expect(redactConfig(undefined, paths)).toBeUndefined();
    expect(redactConfig("text", paths)).toBe("text");
  });
});

describe("collectSecretValues", () => {
  it("collects the string leaves at secret paths, deduplicated, without the marker or empty strings", () => {
    const config = {
      credentials: {
        secret_access_key: "s3cr3t",
        service_account: { private_key: "pem", nested: ["t1", { t2: "t2" }, 7], empty: "" },
      },
      auth: { token: "s3cr3t" },
      password: REDACTED_MARKER,
      user: "not a secret",
    };
    expect(collectSecretValues(config, paths).sort()).toEqual(["pem", "s3cr3t", "t1", "t2"]);
    expect(collectSecretValues({}, paths)).toEqual([]);
  });
});
