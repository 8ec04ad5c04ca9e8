import { generateKeyPairSync } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createSecretScrubber } from "./scrubber.js";

const SECRET = 'p@ss w0rd/+=&"quoted"\\n';
const USER = "alice";
const b64 = (text: string) => Buffer.from(text).toString("base64");

// Each way the secret can come back from a server or a client library; built here independently.
const LEAKS: Record<string, string> = {
  raw: `error: ${SECRET} refused`,
  urlEncoded: `GET /login?password=${encodeURIComponent(SECRET)}&next=1`,
  formEncoded: `body: password=${encodeURIComponent(SECRET).replaceAll("%20", "+")}`,
  jsonEscaped: JSON.stringify({ echo: SECRET }),
  base64: `token=${b64(SECRET)}`,
  base64url: `token=${Buffer.from(SECRET).toString("base64url")}`,
  basicHeader: `Authorization: Basic ${b64(`${USER}:${SECRET}`)}`,
  embeddedBase64Offset1: `blob=${b64(`x${SECRET}yz`)}`,
  embeddedBase64Offset2: `blob=${b64(`xy${SECRET}z`)}`,
  connectionUri: `could not connect to postgres://${USER}:${encodeURIComponent(SECRET)}@db.example:5432/app`,
  connectionUriRaw: `postgres://${USER}:${SECRET}@db.example/app`,
};

describe("createSecretScrubber", () => {
  const scrubber = createSecretScrubber([SECRET], { companions: [USER] });

  it.each(Object.entries(LEAKS))("removes the %s form and keeps the surrounding text", (_form, text) => {
    const scrubbed = scrubber.scrubText(text);
    expect(scrubbed).toContain("***REDACTED***");
    expect(scrubbed).not.toContain(SECRET);
    expect(scrubbed).not.toContain(encodeURIComponent(SECRET));
    expect(scrubbed).not.toContain(b64(SECRET).slice(4, 20));
    expect(scrubbed.slice(0, 4)).toBe(text.slice(0, 4));
  });

  it("scrubs a PEM private key whole, line by line, and as one base64 body", () => {
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 1024 });
    const pem = privateKey.export({ format: "pem", type: "pkcs8" }).toString();
    const pemScrubber = createSecretScrubber([pem]);
    const lines = pem.split("\n").filter((line) => line.length > 20 && !line.startsWith("-----"));
    expect(pemScrubber.scrubText(`key: ${pem}`)).not.toMatch(/[A-Za-z0-9+/]{40,}/);
    expect(pemScrubber.scrubText(`partial: ${lines[3]}`)).toBe("partial: ***REDACTED***");
    expect(pemScrubber.scrubText(`joined: ${lines.join("")}`)).not.toContain(lines[2]);
    expect(pemScrubber.scrubText(JSON.stringify({ key: pem }))).not.toContain(lines[1]);
  });

  it("scrubs nested values, keys, errors and cycles without mutating the input", () => {
    const input: Record<string, unknown> = {
      message: `bad ${SECRET}`,
      [SECRET]: "as a key",
      list: [`x${SECRET}`, 42, null],
      error: Object.assign(new Error(`boom ${SECRET}`), { code: "E_BAD" }),
    };
    input.self = input;
    const output = scrubber.scrubValue(input) as Record<string, unknown>;
    const text = JSON.stringify(output);
    expect(text).not.toContain(SECRET);
    expect(output.self).toBe("[Circular]");
    expect(output.error).toEqual({ name: "Error", message: "boom ***REDACTED***", code: "E_BAD" });
    expect(input.message).toBe(`bad ${SECRET}`);
  });

  it("treats the password inside a secret connection URI as a secret of its own", () => {
    const uri = createSecretScrubber(["postgres://app:s%40fe-pass-77@db.example:5432/app"]);
    expect(uri.scrubText('password authentication failed for "s@fe-pass-77"')).toBe(
      'password authentication failed for "***REDACTED***"',
    );
    expect(uri.scrubText("url=s%40fe-pass-77")).toBe("url=***REDACTED***");
  });

  it("removes overlapping secrets completely, longest first", () => {
    const overlapping = createSecretScrubber(["abcd1234", "abcd1234efgh"]);
    expect(overlapping.scrubText("x abcd1234efgh y abcd1234 z")).toBe("x ***REDACTED*** y ***REDACTED*** z");
  });

  it("scrubs secrets under 4 characters only as whole tokens", () => {
    const short = createSecretScrubber(["ab1"]);
    expect(short.scrubText("password ab1 refused")).toBe("password ***REDACTED*** refused");
    expect(short.scrubText("tab1e stays")).toBe("tab1e stays");
  });

  it("leaves text alone when there are no secrets", () => {
    expect(createSecretScrubber([]).scrubText("hello")).toBe("hello");
  });

  it("never lets a random secret survive in any encoding (property)", () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 6, maxLength: 40, unit: "binary" }),
        fc.string({ maxLength: 20 }),
        fc.string({ maxLength: 20 }),
        fc.constantFrom("raw", "url", "json", "base64", "basic", "embedded"),
        (secret, before, after, form) => {
          const encoded = {
            raw: secret,
            url: encodeURIComponent(secret),
            json: JSON.stringify(secret).slice(1, -1),
            base64: b64(secret),
            basic: b64(`user:${secret}`),
            embedded: b64(`${before}${secret}${after}`),
          }[form];
          const text = `${before}|${encoded}|${after}`;
          const scrubbed = createSecretScrubber([secret], { companions: ["user"] }).scrubText(text);
          expect(scrubbed.includes(encoded)).toBe(false);
        },
      ),
      { numRuns: 400 },
    );
  });
});
