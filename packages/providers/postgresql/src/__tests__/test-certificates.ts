import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A throwaway CA and a server certificate it signed, for `localhost` and `127.0.0.1`. */
export interface TestCertificates {
  dir: string;
  caPem: string;
  serverCertFile: string;
  serverKeyFile: string;
}

/** Creates the certificates with the openssl command line (Node has no API to issue X.509 certificates). */
export function createTestCertificates(): TestCertificates {
  const dir = mkdtempSync(join(tmpdir(), "plugboard-pg-tls-"));
  const file = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => execFileSync("openssl", args, { stdio: "pipe" });
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
    "/CN=localhost",
    "-keyout",
    file("server.key"),
    "-out",
    file("server.csr"),
  );
  execFileSync("sh", [
    "-c",
    `printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\\n' > ${JSON.stringify(file("san.ext"))}`,
  ]);
  openssl(
    "x509",
    "-req",
    "-in",
    file("server.csr"),
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
    file("server.crt"),
  );
  return {
    dir,
    caPem: readFileSync(file("ca.crt"), "utf8"),
    serverCertFile: file("server.crt"),
    serverKeyFile: file("server.key"),
  };
}
