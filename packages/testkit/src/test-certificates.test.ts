import { createPrivateKey, X509Certificate } from "node:crypto";
import { describe, expect, it } from "vitest";
import { issueTestCertificates } from "./test-certificates.js";

describe("issueTestCertificates", () => {
  it("issues a certificate for localhost and 127.0.0.1, signed by its CA, with the matching key", () => {
    const { caCertificate, certificate, privateKey } = issueTestCertificates();
    const ca = new X509Certificate(caCertificate);
    const cert = new X509Certificate(certificate);
    expect(cert.verify(ca.publicKey)).toBe(true);
    expect(cert.checkHost("localhost")).toBe("localhost");
    expect(cert.checkIP("127.0.0.1")).toBe("127.0.0.1");
    expect(cert.checkPrivateKey(createPrivateKey(privateKey))).toBe(true);
  });
});
