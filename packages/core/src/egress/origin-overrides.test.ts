import { describe, expect, it } from "vitest";
import { applyOriginOverrides, compileOriginOverrides } from "./origin-overrides.js";

describe("origin overrides", () => {
  const overrides = compileOriginOverrides({
    "https://api.example.com": "http://127.0.0.1:9000",
    "https://login.example.com:8443/": "https://sovereign.example.net",
  });

  it("rewrites a matching origin, keeping path, query and fragment", () => {
    expect(applyOriginOverrides("https://api.example.com/v1/x?y=1#z", overrides).href).toBe(
      "http://127.0.0.1:9000/v1/x?y=1#z",
    );
    expect(applyOriginOverrides("https://API.example.com:443/", overrides).href).toBe(
      "http://127.0.0.1:9000/",
    );
    expect(applyOriginOverrides("https://login.example.com:8443/token", overrides).href).toBe(
      "https://sovereign.example.net/token",
    );
  });

  it("matches on scheme, host and port exactly", () => {
    for (const url of [
      "http://api.example.com/v1",
      "https://api.example.com:8443/v1",
      "https://sub.api.example.com/v1",
      "https://login.example.com/token",
    ]) {
      expect(applyOriginOverrides(url, overrides).href).toBe(new URL(url).href);
    }
  });

  it("returns a copy, never the caller's URL object", () => {
    const url = new URL("https://elsewhere.example/");
    const result = applyOriginOverrides(url, overrides);
    expect(result).not.toBe(url);
    expect(result.href).toBe(url.href);
  });

  it.each([
    [{ "not a url": "http://127.0.0.1" }, /origins key: "not a url" is not an origin/],
    [{ "https://a.example/path": "http://127.0.0.1" }, /must be a bare http\(s\) origin/],
    [{ "https://a.example": "http://127.0.0.1/prefix" }, /origins\["https:\/\/a.example"\]/],
    [{ "https://a.example": "http://user:pw@127.0.0.1" }, /without path, query or credentials/],
    [{ "ftp://a.example": "http://127.0.0.1" }, /bare http\(s\) origin/],
  ])("rejects %j", (origins, message) => {
    expect(() => compileOriginOverrides(origins)).toThrow(message);
  });
});
