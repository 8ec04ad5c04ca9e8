import { describe, expect, it } from "vitest";
import { isRedirectStatus, isSameHost } from "./redirects.js";

describe("isRedirectStatus", () => {
  it("is true for 301, 302, 303, 307 and 308 only", () => {
    const statuses = [200, 204, 300, 301, 302, 303, 304, 305, 307, 308, 400, 404];
    expect(statuses.filter(isRedirectStatus)).toEqual([301, 302, 303, 307, 308]);
  });
});

describe("isSameHost", () => {
  const same = (from: string, to: string) => isSameHost(new URL(from), new URL(to));

  it("accepts the same origin and an upgrade from http to https of the same host name", () => {
    expect(same("https://api.example.com/a", "https://api.example.com/b?c")).toBe(true);
    expect(same("http://api.example.com:8080/a", "http://api.example.com:8080/b")).toBe(true);
    expect(same("http://api.example.com/a", "https://api.example.com/a")).toBe(true);
  });

  it("refuses another host name, another port, and a downgrade to http", () => {
    expect(same("https://api.example.com/", "https://evil.example.com/")).toBe(false);
    expect(same("https://api.example.com/", "https://api.example.com.evil.net/")).toBe(false);
    expect(same("http://api.example.com:8080/", "http://api.example.com:9090/")).toBe(false);
    expect(same("https://api.example.com/", "http://api.example.com/")).toBe(false);
  });
});
