/**
 * A PEM as people paste it, repaired: line breaks escaped as `\n` (copied out of a JSON string or an
 * environment variable) or lost (pasted into a one-line field) are restored. A well-formed PEM is returned as
 * it is, so this never breaks one that parses. Several blocks (a key beside its certificate, as
 * `openssl pkcs12 -nodes` writes them) are each repaired and kept: each reader picks its own.
 */
export function repairPem(pem: string): string {
  const unescaped = pem.includes("\\n") ? pem.replace(/\\r\\n|\\n/g, "\n") : pem;
  return unescaped.replace(
    /(-----BEGIN [A-Z0-9 ]+-----)([^-]*?)(-----END [A-Z0-9 ]+-----)/g,
    (block, begin: string, body: string, end: string) =>
      // Only a body that lost every line break is reflowed: one with headers (Proc-Type:) is left alone.
      /\n/.test(body.trim()) || body.includes(":")
        ? block
        : `${begin}\n${(body.replace(/\s+/g, "").match(/.{1,64}/g) ?? []).join("\n")}\n${end}`,
  );
}
