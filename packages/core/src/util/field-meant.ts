/** A key as spellings are compared: lower case, letters and digits only (`AccessKeyId` → `accesskeyid`). */
const comparable = (key: string) => key.toLowerCase().replace(/[^a-z0-9]/g, "");

/**
 * The one known field an unknown key stands for when only its spelling differs (`AccessKeyId`, `clientID`) or a
 * vendor's prefix is added (`aws_access_key_id`); `undefined` when none or several could be meant.
 */
export function fieldMeant(key: string, known: Iterable<string>): string | undefined {
  const unknown = comparable(key);
  let meant: string | undefined;
  for (const candidate of known) {
    const spelled = comparable(candidate);
    if (spelled !== unknown && !(spelled.length >= 6 && unknown.endsWith(spelled))) continue;
    if (meant !== undefined && meant !== candidate) return undefined;
    meant = candidate;
  }
  return meant;
}
