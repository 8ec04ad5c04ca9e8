import { randomUUID } from "node:crypto";
import type { HttpApiAuth } from "./http-api-schema.js";

/** What a request carries to authenticate: headers, and for a query API key one parameter. */
export interface Credential {
  headers: Record<string, string>;
  query?: { name: string; value: string };
}

function basic(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`, "utf8").toString("base64")}`;
}

/**
 * A value no server can have issued: random (122 bits), and recognisable as ours in the server's logs.
 * randomUUID draws from a buffered pool; randomBytes per call was a visible cost of bulk health checks.
 */
function wrongValue(): string {
  return `plugboard-wrong-credential-${randomUUID()}`;
}

/**
 * The credential of the configured auth method. For OAuth2, `accessToken` is the token obtained from the
 * token endpoint.
 */
export function credentialFor(auth: HttpApiAuth, accessToken?: string): Credential {
  switch (auth.type) {
    case "none":
      return { headers: {} };
    case "basic":
      return { headers: { authorization: basic(auth.username, auth.password ?? "") } };
    case "bearer":
      return { headers: { authorization: `Bearer ${auth.token}` } };
    case "api_key":
      return auth.in === "header"
        ? { headers: { [auth.name]: auth.value } }
        : { headers: {}, query: { name: auth.name, value: auth.value } };
    case "oauth2_client_credentials":
      return { headers: { authorization: `Bearer ${accessToken ?? ""}` } };
  }
}

/**
 * The same kind of credential, deliberately wrong: what proves the endpoint checks authentication. Basic
 * keeps the user name and changes the password (or changes the user name when there is no password, as
 * for APIs that take the key as the user name). Undefined when there is nothing to prove (`none`).
 */
export function wrongCredentialFor(auth: HttpApiAuth): Credential | undefined {
  switch (auth.type) {
    case "none":
      return undefined;
    case "basic":
      return {
        headers: {
          authorization: auth.password
            ? basic(auth.username, wrongValue())
            : basic(wrongValue(), auth.password ?? ""),
        },
      };
    case "bearer":
    case "oauth2_client_credentials":
      return { headers: { authorization: `Bearer ${wrongValue()}` } };
    case "api_key":
      return auth.in === "header"
        ? { headers: { [auth.name]: wrongValue() } }
        : { headers: {}, query: { name: auth.name, value: wrongValue() } };
  }
}

/** Describes the auth method in a message, without any secret. */
export function describeAuth(auth: HttpApiAuth): string {
  switch (auth.type) {
    case "none":
      return "no credentials";
    case "basic":
      return "the Basic credentials";
    case "bearer":
      return "the bearer token";
    case "api_key":
      return `the API key (${auth.in} ${auth.name})`;
    case "oauth2_client_credentials":
      return "the OAuth2 access token";
  }
}
