import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A throwaway CA and a certificate it issued, all PEM. */
export interface TestCertificates {
  /** The CA certificate, to trust in a client (`ssl.ca`, `tls.ca`). */
  caCertificate: string;
  certificate: string;
  privateKey: string;
}

/** Options of {@link issueTestCertificates}. */
export interface TestCertificateOptions {
  commonName?: string;
  /** Subject alternative names, in openssl's syntax (default `DNS:localhost`, `IP:127.0.0.1`). */
  altNames?: string[];
}

/**
 * Issues a throwaway CA and a 2-day certificate signed by it, with the openssl command line (Node has no
 * API to issue X.509 certificates): for TLS fakes, and for providers that authenticate with a certificate.
 */
export function issueTestCertificates(options: TestCertificateOptions = {}): TestCertificates {
  const dir = mkdtempSync(join(tmpdir(), "plugboard-certs-"));
  const file = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => execFileSync("openssl", args, { stdio: "pipe" });
  try {
    openssl(
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-days",
      "2",
      "-subj",
      "/CN=Plugboard Test CA",
      "-keyout",
      file("ca.key"),
      "-out",
      file("ca.crt"),
    );
    openssl(
      "req",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-subj",
      `/CN=${options.commonName ?? "localhost"}`,
      "-keyout",
      file("cert.key"),
      "-out",
      file("cert.csr"),
    );
    const altNames = options.altNames ?? ["DNS:localhost", "IP:127.0.0.1"];
    writeFileSync(file("san.ext"), `subjectAltName=${altNames.join(",")}\n`);
    openssl(
      "x509",
      "-req",
      "-in",
      file("cert.csr"),
      "-CA",
      file("ca.crt"),
      "-CAkey",
      file("ca.key"),
      "-CAcreateserial",
      "-days",
      "2",
      "-extfile",
      file("san.ext"),
      "-out",
      file("cert.crt"),
    );
    return {
      caCertificate: readFileSync(file("ca.crt"), "utf8"),
      certificate: readFileSync(file("cert.crt"), "utf8"),
      privateKey: readFileSync(file("cert.key"), "utf8"),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
