import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { repairPem } from "./repair-pem.js";

const pem = generateKeyPairSync("rsa", { modulusLength: 1024 })
  .privateKey.export({ type: "pkcs8", format: "pem" })
  .toString();

describe("repairPem", () => {
  it("returns a well-formed PEM as it is", () => {
    expect(repairPem(pem)).toBe(pem);
  });

  it("restores line breaks escaped as \\n, or lost in a one-line field", () => {
    expect(repairPem(pem.replace(/\n/g, "\\n"))).toBe(pem);
    const flattened = pem.replace(/\n/g, " ").trim();
    expect(repairPem(flattened)).toBe(pem.trim());
  });

  it("leaves a block with headers alone, and repairs each of several blocks", () => {
    const withHeaders =
      "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n\nabc\n-----END RSA PRIVATE KEY-----";
    expect(repairPem(withHeaders)).toBe(withHeaders);
    const two = `${pem.replace(/\n/g, " ").trim()} ${pem.replace(/\n/g, " ").trim()}`;
    expect(repairPem(two)).toBe(`${pem.trim()} ${pem.trim()}`);
  });
});
