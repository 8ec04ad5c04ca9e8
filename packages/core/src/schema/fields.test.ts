import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import * as z from "zod";
import { httpUrlSchema } from "./fields.js";

describe("httpUrlSchema", () => {
  const schema = httpUrlSchema();
  const ajv = new Ajv2020({ strict: true }).compile(z.toJSONSchema(schema, { io: "input" }));

  it("accepts http(s) URLs in any letter case, as zod and a JSON Schema validator alike", () => {
    for (const url of ["https://api.example.com/v1", "HTTP://example.com:8080/feed.xml?x=1"]) {
      expect(schema.safeParse(url).success, url).toBe(true);
      expect(ajv(url), url).toBe(true);
    }
  });

  it("refuses other schemes and pasted white space, which zod's URL check alone would trim away", () => {
    for (const url of [
      "ftp://example.com",
      " https://example.com",
      "https://example.com\n",
      "https://a b.com",
    ]) {
      const result = schema.safeParse(url);
      expect(result.success, JSON.stringify(url)).toBe(false);
      expect(result.error?.issues[0]?.message).toBe(
        "An http:// or https:// URL, without spaces or line breaks.",
      );
      expect(ajv(url), JSON.stringify(url)).toBe(false);
    }
  });
});
