import { describe, expect, it } from "vitest";
import { decodeFeedText } from "./decode-feed-text.js";

const latin1 = (text: string) => Buffer.from(text, "latin1");

describe("decodeFeedText", () => {
  it("prefers a byte-order mark, then the HTTP charset, then the XML declaration, then UTF-8", () => {
    const declared = latin1('<?xml version="1.0" encoding="ISO-8859-1"?><t>caf\u00e9</t>');
    expect(decodeFeedText(declared, "text/xml").text).toContain("café");
    // RFC 7303: the HTTP charset wins over the declaration.
    expect(decodeFeedText(declared, "text/xml; charset=iso-8859-2").encoding).toBe("iso-8859-2");
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("<t>café</t>", "utf8")]);
    expect(decodeFeedText(bom, "text/xml; charset=iso-8859-1")).toEqual({
      text: "<t>café</t>",
      encoding: "utf-8",
    });
    expect(decodeFeedText(Buffer.from("<t>café</t>", "utf8"), "application/rss+xml").encoding).toBe("utf-8");
  });

  it("falls through an unknown charset label instead of failing", () => {
    const bytes = latin1('<?xml version="1.0" encoding="windows-1252"?><t>\u00e9</t>');
    expect(decodeFeedText(bytes, 'text/xml; charset="x-no-such-charset"')).toMatchObject({
      encoding: "windows-1252",
    });
  });
});
