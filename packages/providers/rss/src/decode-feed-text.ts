/** A feed's text and the encoding it was decoded with. */
export interface DecodedText {
  text: string;
  encoding: string;
}

/** A decoder for an encoding label, or undefined when the label is unknown. */
function decoderFor(label: string): InstanceType<typeof TextDecoder> | undefined {
  try {
    return new TextDecoder(label.trim().toLowerCase());
  } catch {
    return undefined;
  }
}

function bomEncoding(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return "utf-8";
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return "utf-16be";
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return "utf-16le";
  return undefined;
}

/** The `charset` parameter of a Content-Type header. */
export function charsetOf(contentType: string): string | undefined {
  return /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType)?.[1];
}

/** The `encoding` of an XML declaration, read from the first bytes as ASCII. */
function xmlDeclarationEncoding(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.subarray(0, 512)).toString("latin1");
  return /^\s*<\?xml\s[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(head)?.[1];
}

/**
 * Decodes a feed the way XML says to (RFC 7303): a byte-order mark wins, then the HTTP charset, then the
 * XML declaration's encoding, then UTF-8. Unknown labels fall through to the next source; undecodable
 * bytes become U+FFFD rather than failing, since parsers cope with a stray character.
 */
export function decodeFeedText(bytes: Uint8Array, contentType: string): DecodedText {
  const candidates = [bomEncoding(bytes), charsetOf(contentType), xmlDeclarationEncoding(bytes), "utf-8"];
  for (const label of candidates) {
    const decoder = label === undefined ? undefined : decoderFor(label);
    if (decoder) return { text: decoder.decode(bytes), encoding: decoder.encoding };
  }
  return { text: new TextDecoder().decode(bytes), encoding: "utf-8" };
}
