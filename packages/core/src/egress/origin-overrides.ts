/** Compiled origin overrides: real origin → target origin. */
export type OriginOverrides = ReadonlyMap<string, URL>;

/**
 * Validates and compiles `{ "https://real.example": "http://127.0.0.1:9000" }`. Keys and values must be
 * bare origins (scheme, host, optional port; no path), so a rewrite can never change a path.
 */
export function compileOriginOverrides(origins: Record<string, string> = {}): OriginOverrides {
  const compiled = new Map<string, URL>();
  for (const [from, to] of Object.entries(origins)) {
    compiled.set(bareOrigin(from, "origins key"), new URL(bareOrigin(to, `origins["${from}"]`)));
  }
  return compiled;
}

function bareOrigin(text: string, label: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new TypeError(`${label}: "${text}" is not an origin such as https://api.example.com.`);
  }
  if (
    !/^https?:$/.test(url.protocol) ||
    (url.pathname !== "/" && url.pathname !== "") ||
    url.search ||
    url.hash ||
    url.username
  ) {
    throw new TypeError(
      `${label}: "${text}" must be a bare http(s) origin, without path, query or credentials.`,
    );
  }
  return url.origin;
}

/** `url` with its origin replaced when an override matches (path and query kept); otherwise a copy. */
export function applyOriginOverrides(url: string | URL, overrides: OriginOverrides): URL {
  return overrideOrigin(new URL(url), overrides);
}

/** Like {@link applyOriginOverrides} for a URL the caller owns: returned as it is when no override matches. */
export function overrideOrigin(url: URL, overrides: OriginOverrides): URL {
  const target = overrides.size > 0 ? overrides.get(url.origin) : undefined;
  if (!target) return url;
  return new URL(`${url.pathname}${url.search}${url.hash}`, target);
}
