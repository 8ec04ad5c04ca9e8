import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A self-signed certificate and its key, as uploaded to an app registration. */
export interface AppCertificate {
  certificate: string;
  privateKey: string;
}

/** Creates one with the openssl command line (Node cannot issue X.509 certificates). */
export function createAppCertificate(commonName = "plugboard-sharepoint-test"): AppCertificate {
  const dir = mkdtempSync(join(tmpdir(), "plugboard-sp-cert-"));
  try {
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "2",
        "-subj",
        `/CN=${commonName}`,
        "-keyout",
        join(dir, "key.pem"),
        "-out",
        join(dir, "cert.pem"),
      ],
      { stdio: "pipe" },
    );
    return {
      certificate: readFileSync(join(dir, "cert.pem"), "utf8"),
      privateKey: readFileSync(join(dir, "key.pem"), "utf8"),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
