import { generateKeyPairSync } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { secretLeakForms } from "./leak-forms.js";
import { createSecretScrubber } from "./scrubber.js";

const MARKER = "***REDACTED***";

// Encoders written here from Node built-ins, independently of the scrubber's pattern builders.
const b64 = (text: string): string => Buffer.from(text, "utf8").toString("base64");
const b64url = (text: string): string => Buffer.from(text, "utf8").toString("base64url");
const hex = (text: string): string => Buffer.from(text, "utf8").toString("hex");
const jsonInner = (text: string): string => JSON.stringify(text).slice(1, -1);
const unicodeEscape = (char: string): string => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`;
/** Python's json.dumps (ensure_ascii): every non-ASCII UTF-16 unit as \uXXXX. */
const pythonJson = (text: string): string => jsonInner(text).replace(/[\u0080-\uffff]/g, unicodeEscape);
/** Go's encoding/json: <, > and & as \u003c, \u003e, \u0026. */
const goJson = (text: string): string => jsonInner(text).replace(/[<>&]/g, unicodeEscape);
/** PHP's json_encode: slashes escaped. */
const phpJson = (text: string): string => jsonInner(text).replaceAll("/", "\\/");
const html = (text: string): string =>
  text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
const formEncoded = (text: string): string => new URLSearchParams({ p: text }).toString().slice(2);
const lowerCasePercent = (text: string): string =>
  encodeURIComponent(text).replace(/%[0-9A-F]{2}/g, (sequence) => sequence.toLowerCase());

const SECRETS: Record<string, string> = {
  symbols: `tr0ub4dor&3/x+y=z?"q"<'>~!*()`,
  spaces: "correct horse battery staple",
  unicode: "pässwörd-ünïcødé-🔑-ok",
  backslashes: 'C:\\temp\\\\share"quoted"\\',
};

/** [text before, the secret as it leaks, text after]; the scrubbed text must be before + marker + after. */
type Leak = (secret: string) => [string, string, string];

const LEAKS: Record<string, Leak> = {
  raw: (s) => ["error: ", s, " refused"],
  "encodeURIComponent in a query": (s) => ["GET /login?password=", encodeURIComponent(s), "&next=1"],
  "form encoding (URLSearchParams)": (s) => ["body: password=", formEncoded(s), "&remember=true"],
  "form encoding (+ for spaces)": (s) => ["password=", encodeURIComponent(s).replaceAll("%20", "+"), "&x=1"],
  "lower-case percent escapes": (s) => ["q=", lowerCasePercent(s), ";"],
  encodeURI: (s) => ["url https://h.example/x?k=", encodeURI(s), " sent"],
  "double URL-encoding": (s) => ["redirect=", encodeURIComponent(encodeURIComponent(s)), ";"],
  "JSON body": (s) => ['{"password":"', jsonInner(s), '","user":"alice"}'],
  "JSON from Python (ensure_ascii)": (s) => ['{"password": "', pythonJson(s), '"}'],
  "JSON from Go (<>& escaped)": (s) => ['{"password":"', goJson(s), '"}'],
  "JSON from PHP (/ escaped)": (s) => ['{"password":"', phpJson(s), '"}'],
  "JSON quoted inside JSON": (s) => ['{"body":"{\\"password\\":\\"', jsonInner(jsonInner(s)), '\\"}"}'],
  "HTML page": (s) => ["<td>", html(s), "</td>"],
  base64: (s) => ["token=", b64(s), " end"],
  "base64 without padding": (s) => ["token=", b64(s).replace(/=+$/, ""), " end"],
  base64url: (s) => ["token=", b64url(s), " end"],
  "base64 percent-encoded in a URL": (s) => ["?sig=", encodeURIComponent(b64(s)), "&x=1"],
  "hex (lower case)": (s) => ["dump ", hex(s), " end"],
  "hex (upper case)": (s) => ["dump ", hex(s).toUpperCase(), " end"],
  "connection URI (encoded)": (s) => [
    "could not connect to postgres://alice:",
    encodeURIComponent(s),
    "@db.internal:5432/app",
  ],
  "connection URI (raw)": (s) => ["dsn=postgres://alice:", s, "@db.internal/app"],
  "Basic header (companion:secret)": (s) => ["Authorization: Basic ", b64(`alice:${s}`), "\r\nHost: x"],
  "base64url Basic credentials": (s) => ["creds=", b64url(`alice:${s}`), ";"],
};

describe("createSecretScrubber: every leak form", () => {
  it("builds the JSON-inside-JSON case the way a real encoder does", () => {
    const secret = SECRETS.backslashes as string;
    const [before, leaked, after] = (LEAKS["JSON quoted inside JSON"] as Leak)(secret);
    expect(JSON.stringify({ body: JSON.stringify({ password: secret }) })).toBe(before + leaked + after);
  });

  for (const [secretName, secret] of Object.entries(SECRETS)) {
    const scrubber = createSecretScrubber([secret], { companions: ["alice", "db.internal"] });
    it.each(Object.entries(LEAKS))(`removes the ${secretName} secret: %s`, (_form, leak) => {
      const [before, leaked, after] = leak(secret);
      const scrubbed = scrubber.scrubText(before + leaked + after);
      expect(scrubbed).toBe(before + MARKER + after);
      expect(scrubbed).not.toContain(leaked);
    });
  }

  it("removes every literal form secretLeakForms lists", () => {
    for (const secret of Object.values(SECRETS)) {
      const scrubber = createSecretScrubber([secret], { companions: ["alice"] });
      for (const form of secretLeakForms(secret, ["alice"])) {
        expect(scrubber.scrubText(`<${form}>`)).toBe(`<${MARKER}>`);
      }
    }
  });
});

/** The digits of base64(prefix + secret + suffix): those before and after the ones carrying a secret bit. */
function embeddedBase64(prefix: Buffer, secret: string, suffix: Buffer, url = false) {
  const full = Buffer.concat([prefix, Buffer.from(secret, "utf8"), suffix]).toString(
    url ? "base64url" : "base64",
  );
  const firstBit = 8 * prefix.length;
  const endBit = firstBit + 8 * Buffer.byteLength(secret, "utf8");
  const first = Math.floor(firstBit / 6);
  const last = Math.floor((endBit - 1) / 6);
  // Padding after the secret's last digit carries no data and goes with it.
  const after = suffix.length === 0 ? "" : full.slice(last + 1);
  return { full, before: full.slice(0, first), after, core: full.slice(first + 1, last) };
}

describe("createSecretScrubber: base64 at any offset", () => {
  const neighbours = Buffer.from([0xf3, 0x9a, 0x01, 0xc4, 0x7e, 0x55]);

  it.each(Object.entries(SECRETS))(
    "removes exactly the digits carrying %s, for every alignment",
    (_, secret) => {
      const scrubber = createSecretScrubber([secret]);
      for (let prefixLength = 0; prefixLength <= 5; prefixLength++) {
        for (let suffixLength = 0; suffixLength <= 3; suffixLength++) {
          for (const url of [false, true]) {
            const prefix = neighbours.subarray(0, prefixLength);
            const suffix = neighbours.subarray(6 - suffixLength);
            const { full, before, after, core } = embeddedBase64(prefix, secret, suffix, url);
            const scrubbed = scrubber.scrubText(`blob=${full};`);
            expect(scrubbed).toBe(`blob=${before}${MARKER}${after};`);
            expect(scrubbed).not.toContain(core);
          }
        }
      }
    },
  );

  it("removes the secret from a Basic header even without knowing the user", () => {
    const secret = "s3cr3t-Passw0rd!";
    const header = b64(`some-unknown-user:${secret}`);
    const { before } = embeddedBase64(Buffer.from("some-unknown-user:"), secret, Buffer.alloc(0));
    expect(createSecretScrubber([secret]).scrubText(`Basic ${header}`)).toBe(`Basic ${before}${MARKER}`);
  });
});

describe("createSecretScrubber: multi-line secrets (PEM keys)", () => {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 1024 });
  const pem = privateKey.export({ format: "pem", type: "pkcs8" }).toString();
  const bodyLines = pem.split("\n").filter((line) => line.length > 0 && !line.startsWith("-----"));
  const body = bodyLines.join("");
  const scrubber = createSecretScrubber([pem]);
  /** Every 16-character window of the key body: no fragment that long may survive. */
  const windows = Array.from({ length: body.length - 15 }, (_, index) => body.slice(index, index + 16));
  const expectNoFragment = (text: string): void => {
    const survivor = windows.find((window) => text.includes(window));
    expect(survivor).toBeUndefined();
  };

  it("removes the whole key, in raw, CRLF and JSON form", () => {
    expect(scrubber.scrubText(`key: ${pem}end`)).toBe(`key: ${MARKER}end`);
    expect(scrubber.scrubText(`key: ${pem.replaceAll("\n", "\r\n")}end`)).toBe(`key: ${MARKER}end`);
    expect(scrubber.scrubText(JSON.stringify({ private_key: pem }))).toBe(`{"private_key":"${MARKER}"}`);
  });

  it("removes each line on its own, and the body joined without line breaks", () => {
    for (const line of bodyLines.filter((candidate) => candidate.length >= 16)) {
      expect(scrubber.scrubText(`partial: ${line} end`)).toBe(`partial: ${MARKER} end`);
    }
    expect(scrubber.scrubText(`der=${body};`)).toBe(`der=${MARKER};`);
  });

  it("leaves no fragment of a key cut short anywhere (a truncated error message)", () => {
    // From the first cut that leaves 16 characters of the first line.
    for (let cut = pem.indexOf("\n") + 17; cut < pem.length; cut += 23) {
      const scrubbed = scrubber.scrubText(`invalid key: ${pem.slice(0, cut)}… (truncated)`);
      expect(scrubbed).toContain(MARKER);
      expectNoFragment(scrubbed);
    }
  });

  it("treats a key pasted with literal \\n sequences as the key it stands for", () => {
    const pasted = createSecretScrubber([pem.replaceAll("\n", "\\n")]);
    expect(pasted.scrubText(`key: ${pem}end`)).toBe(`key: ${MARKER}end`);
    expect(pasted.scrubText(`line: ${bodyLines[2]}`)).toBe(`line: ${MARKER}`);
  });

  it("removes the key from a base64-encoded service-account file", () => {
    const prefix = '{"type":"service_account","private_key":"';
    const file = `${prefix}${jsonInner(pem)}","client_email":"bot@project.iam.example"}`;
    const { full, before, after } = embeddedBase64(
      Buffer.from(prefix),
      jsonInner(pem),
      Buffer.from(file.slice(prefix.length + jsonInner(pem).length)),
    );
    expect(full).toBe(b64(file));
    expect(scrubber.scrubText(`GOOGLE_CREDENTIALS=${full}`)).toBe(
      `GOOGLE_CREDENTIALS=${before}${MARKER}${after}`,
    );
  });
});

describe("createSecretScrubber: rules", () => {
  it("removes overlapping secrets completely, however they overlap", () => {
    const scrubber = createSecretScrubber(["abcd1234", "abcd1234efgh", "xyz12345", "12345abc"]);
    expect(scrubber.scrubText("x abcd1234efgh y abcd1234 z")).toBe(`x ${MARKER} y ${MARKER} z`);
    expect(scrubber.scrubText("[xyz12345abc]")).toBe(`[${MARKER}]`);
    expect(scrubber.scrubText("[12345abcd1234]")).toBe(`[${MARKER}]`);
  });

  it("removes a secret cut short after 16 characters or more, but not a short coincidence", () => {
    const token = "ghp_R4nd0mT0k3nV4lu3Th4tIsL0ng_x9";
    const scrubber = createSecretScrubber([token]);
    expect(scrubber.scrubText(`token ${token.slice(0, 20)}... was rejected`)).toBe(
      `token ${MARKER}... was rejected`,
    );
    expect(scrubber.scrubText(`prefix ${token.slice(0, 12)} only`)).toBe(`prefix ${token.slice(0, 12)} only`);
  });

  it("scrubs secrets under 4 characters only as whole tokens, in any encoding", () => {
    const short = createSecretScrubber(["ab1", "a&b"], { companions: ["alice"] });
    expect(short.scrubText("password ab1 refused")).toBe(`password ${MARKER} refused`);
    expect(short.scrubText("pw=ab1&x=1")).toBe(`pw=${MARKER}&x=1`);
    expect(short.scrubText("tab1e and ab12 stay")).toBe("tab1e and ab12 stay");
    expect(short.scrubText("pw=a%26b;")).toBe(`pw=${MARKER};`);
    expect(short.scrubText(`echo ${b64("ab1")} end`)).toBe(`echo ${MARKER} end`);
    expect(short.scrubText(`Basic ${b64("alice:ab1")}`)).toBe(`Basic ${MARKER}`);
  });

  it("finds the password, credential parameters and token user names inside secret URIs", () => {
    const uri = createSecretScrubber(["postgres://app:s%40fe-pass-77@db.example:5432/app"]);
    expect(uri.scrubText('password authentication failed for "s@fe-pass-77"')).toBe(
      `password authentication failed for "${MARKER}"`,
    );
    expect(uri.scrubText("url=s%40fe-pass-77")).toBe(`url=${MARKER}`);
    expect(uri.scrubText("user app connected")).toBe("user app connected");

    const query = createSecretScrubber(["https://api.example/v1?api_key=AbCdEf123456&region=eu"]);
    expect(query.scrubText("key AbCdEf123456 rejected in region eu")).toBe(
      `key ${MARKER} rejected in region eu`,
    );

    const tokenUser = createSecretScrubber(["https://ghp_abcdefghijklmnop1234@git.example/x.git"]);
    expect(tokenUser.scrubText("auth as ghp_abcdefghijklmnop1234 failed")).toBe(`auth as ${MARKER} failed`);
  });

  it("ignores empty secrets and the marker itself, and leaves text alone when there is nothing to do", () => {
    expect(createSecretScrubber([]).scrubText("hello")).toBe("hello");
    expect(createSecretScrubber(["", MARKER]).scrubText(`a ${MARKER} b`)).toBe(`a ${MARKER} b`);
    expect(createSecretScrubber(["s3cr3t-value"]).scrubText("")).toBe("");
    expect(createSecretScrubber([42 as unknown as string, "s3cr3t-value"]).scrubText("42 s3cr3t-value")).toBe(
      `42 ${MARKER}`,
    );
  });

  it("stays fast on inputs built to make a regular expression backtrack", () => {
    const scrubber = createSecretScrubber(["\\".repeat(40), "%".repeat(30), "&".repeat(30)]);
    // Near misses: one character short of the shortest scrubbed prefix (16), in encodings that nest.
    const nearMisses = `${"%25".repeat(14)}%2|${"&amp;".repeat(14)}&am|${"\\".repeat(31)}`;
    const started = performance.now();
    const scrubbed = scrubber.scrubText(`${"\\".repeat(79)}|${nearMisses}`);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(scrubbed).toBe(`${MARKER}|${nearMisses}`);
  });

  it("scrubs adversarial periodic text (a periodic secret echoed many times) in bounded time", () => {
    const scrubber = createSecretScrubber(["ab".repeat(100)]);
    const started = performance.now();
    expect(scrubber.scrubText(`<${"ab".repeat(100_000)}>`)).toBe(`<${MARKER}>`);
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it("scrubs many texts quickly with many secrets (one combined pass)", () => {
    const secrets = Array.from({ length: 20 }, (_, index) => `secret-value-${index}-${"x".repeat(index)}`);
    const scrubber = createSecretScrubber(secrets, { companions: ["alice", "bob", "region-1"] });
    const text = `${"lorem ipsum dolor sit amet ".repeat(400)}${secrets[7]} end`;
    const started = performance.now();
    for (let run = 0; run < 50; run++) expect(scrubber.scrubText(text).endsWith(`${MARKER} end`)).toBe(true);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});

describe("createSecretScrubber: properties", () => {
  const contexts = fc.stringMatching(/^[a-z ,.:]{0,12}$/);
  const encoders: Record<string, (secret: string) => string> = {
    raw: (s) => s,
    uri: encodeURIComponent,
    form: formEncoded,
    json: jsonInner,
    python: pythonJson,
    html,
    base64: b64,
    base64url: b64url,
    hex,
    basic: (s) => b64(`user:${s}`),
  };

  it("never lets a random secret survive in any encoding", () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 4, maxLength: 40, unit: "grapheme" }),
        contexts,
        contexts,
        fc.constantFrom(...Object.keys(encoders)),
        (secret, before, after, form) => {
          fc.pre(!MARKER.includes(secret) && secret.trim().length > 0);
          const encoded = (encoders[form] as (secret: string) => string)(secret);
          const scrubbed = createSecretScrubber([secret], { companions: ["user"] }).scrubText(
            `${before}|${encoded}|${after}`,
          );
          expect(scrubbed).toContain(MARKER);
          expect(scrubbed.includes(encoded)).toBe(false);
          if (before.includes(secret) || after.includes(secret)) {
            // A context can hold the secret by chance (fast-check: secret "pply", before "pply"): it is scrubbed
            // there too, so the context is not kept as it was; the secret must be gone from everywhere.
            expect(scrubbed.includes(secret)).toBe(false);
          } else {
            expect(scrubbed.startsWith(`${before}|`)).toBe(true);
            expect(scrubbed.endsWith(`|${after}`)).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("never lets the secret's digits survive inside random base64 data", () => {
    const noise = fc.uint8Array({ maxLength: 8, min: 0x80, max: 0xff }).map((bytes) => Buffer.from(bytes));
    fc.assert(
      fc.property(
        fc.string({ minLength: 4, maxLength: 30, unit: "grapheme-ascii" }),
        noise,
        noise,
        fc.boolean(),
        (secret, prefix, suffix, url) => {
          const { full, core } = embeddedBase64(prefix, secret, suffix, url);
          const scrubbed = createSecretScrubber([secret]).scrubText(`data:${full}`);
          expect(scrubbed).toContain(MARKER);
          if (core.length >= 4) expect(scrubbed).not.toContain(core);
        },
      ),
      { numRuns: 300 },
    );
  });
});
