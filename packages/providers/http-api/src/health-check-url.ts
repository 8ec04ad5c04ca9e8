import type { Credential } from "./credentials.js";

/**
 * `base_url` with `path` appended as a path, not resolved as a reference: `https://api.example.com/v1` +
 * `/me` is `https://api.example.com/v1/me` (URL resolution would drop `/v1`). Only the path and query
 * change, so the result can never leave the base URL's origin.
 */
export function healthCheckUrl(baseUrl: string, path: string): URL {
  const url = new URL(baseUrl);
  url.hash = "";
  if (path === "") return url;
  const queryStart = path.indexOf("?");
  const pathPart = queryStart === -1 ? path : path.slice(0, queryStart);
  const query = queryStart === -1 ? "" : path.slice(queryStart + 1);
  if (pathPart !== "") url.pathname = `${url.pathname.replace(/\/+$/, "")}/${pathPart.replace(/^\/+/, "")}`;
  if (query !== "")
    for (const [name, value] of new URLSearchParams(query)) url.searchParams.append(name, value);
  return url;
}

/** A copy of `url` carrying the credential's query parameter, when it has one. */
export function withCredentialQuery(url: URL, credential: Credential): URL {
  if (!credential.query) return url;
  const copy = new URL(url);
  copy.searchParams.set(credential.query.name, credential.query.value);
  return copy;
}
