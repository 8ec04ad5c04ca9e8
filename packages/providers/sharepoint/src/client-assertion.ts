import {
  createHash,
  createPrivateKey,
  createSign,
  type KeyObject,
  randomUUID,
  X509Certificate,
} from "node:crypto";
import { ProviderCheckError, repairPem } from "@plugboard/core";

/** A certificate credential, parsed and checked to belong together. */
export interface CertificateCredential {
  /** base64url SHA-1 thumbprint of the certificate's DER, the `x5t` Entra ID matches against the app. */
  x5t: string;
  key: KeyObject;
}

/** Parses the PEM certificate and key, refusing a key that is not the certificate's (a common paste error). */
export function parseCertificateCredential(
  certificatePem: string,
  privateKeyPem: string,
  passphrase: string | undefined,
): CertificateCredential {
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(repairPem(certificatePem));
  } catch {
    throw new ProviderCheckError("invalid_config", "credentials.certificate is not a PEM X.509 certificate.");
  }
  let key: KeyObject;
  try {
    const pem = repairPem(privateKeyPem);
    key = createPrivateKey(passphrase === undefined ? pem : { key: pem, passphrase });
  } catch {
    throw new ProviderCheckError(
      "invalid_config",
      "credentials.private_key could not be read: check it is a PEM private key and the passphrase is right.",
    );
  }
  if (!certificate.checkPrivateKey(key))
    throw new ProviderCheckError(
      "invalid_config",
      "credentials.private_key does not belong to credentials.certificate.",
    );
  return { x5t: createHash("sha1").update(certificate.raw).digest("base64url"), key };
}

const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");

/**
 * A client assertion for the client-credentials grant (RFC 7523 as Entra ID documents it): RS256, `x5t`
 * header, `aud` = the token endpoint, `iss` = `sub` = the client id, ten minutes of validity.
 */
export function signClientAssertion(
  credential: CertificateCredential,
  clientId: string,
  tokenUrl: string,
): string {
  const now = Math.floor(Date.now() / 1000);
  const header = encode({ alg: "RS256", typ: "JWT", x5t: credential.x5t });
  const payload = encode({
    aud: tokenUrl,
    iss: clientId,
    sub: clientId,
    jti: randomUUID(),
    nbf: now,
    iat: now,
    exp: now + 600,
  });
  const signature = createSign("RSA-SHA256").update(`${header}.${payload}`).sign(credential.key, "base64url");
  return `${header}.${payload}.${signature}`;
}
