import { describe, expect, it } from "vitest";
import { createTokenCache, credentialsKey } from "./token-cache.js";

describe("createTokenCache", () => {
  it("fetches once and serves the cached token until shortly before it expires", async () => {
    let clock = 0;
    let fetches = 0;
    const cache = createTokenCache({ now: () => clock, expiryMarginMs: 1_000 });
    const fetchToken = async () => ({ token: `t${++fetches}`, expiresAt: clock + 10_000 });
    expect(await cache.getOrFetch({ id: "a", secret: "s" }, fetchToken)).toEqual({
      token: "t1",
      cached: false,
    });
    clock = 8_000;
    expect(await cache.getOrFetch({ secret: "s", id: "a" }, fetchToken)).toEqual({
      token: "t1",
      cached: true,
    });
    clock = 9_500; // inside the margin: refresh
    expect(await cache.getOrFetch({ id: "a", secret: "s" }, fetchToken)).toEqual({
      token: "t2",
      cached: false,
    });
  });

  it("keys by a hash of the credentials, never the credentials themselves", () => {
    const key = credentialsKey({ client_secret: "super-secret-value" });
    expect(key).not.toContain("super");
    expect(key).toBe(credentialsKey({ client_secret: "super-secret-value" }));
    expect(key).not.toBe(credentialsKey({ client_secret: "other" }));
  });

  it("shares one fetch between concurrent callers and caches nothing when the fetch fails", async () => {
    const cache = createTokenCache();
    let fetches = 0;
    const slow = () =>
      new Promise<{ token: string; expiresAt: number }>((resolve) =>
        setTimeout(() => resolve({ token: `t${++fetches}`, expiresAt: Date.now() + 3_600_000 }), 20),
      );
    const [a, b] = await Promise.all([cache.getOrFetch("k", slow), cache.getOrFetch("k", slow)]);
    expect([a.token, b.token, fetches]).toEqual(["t1", "t1", 1]);
    await expect(cache.getOrFetch("broken", () => Promise.reject(new Error("denied")))).rejects.toThrow(
      "denied",
    );
    expect(cache.size()).toBe(1);
  });

  it("drops the least recently used token beyond its bound, and forgets on invalidate", async () => {
    const cache = createTokenCache({ maxEntries: 2 });
    const token = (name: string) => async () => ({ token: name, expiresAt: Date.now() + 3_600_000 });
    await cache.getOrFetch("a", token("A"));
    await cache.getOrFetch("b", token("B"));
    await cache.getOrFetch("a", token("A2")); // touch a
    await cache.getOrFetch("c", token("C")); // evicts b
    expect(cache.size()).toBe(2);
    expect((await cache.getOrFetch("b", token("B2"))).token).toBe("B2");
    cache.invalidate("b");
    expect((await cache.getOrFetch("b", token("B3"))).cached).toBe(false);
  });
});
