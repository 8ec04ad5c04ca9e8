import {
  basicUsernameSchema,
  bearerAuthSchema,
  HEADER_NAME_PATTERN,
  headerNameSchema,
  headerValueOnlySchema,
  headerValueSchema,
  httpUrlSchema,
  inferableUnion,
  labelledEnum,
  RESERVED_HEADER_NAMES,
} from "@plugboard/core";
import * as z from "zod";

/** RFC 6749 §3.3: space-separated scope tokens of visible ASCII except `"` and `\`. */
const SCOPE_PATTERN = /^[!#-[\]-~]+( [!#-[\]-~]+)*$/;
/** A path (and optional query) relative to `base_url`: no whitespace, no fragment, no control character. */
const PATH_PATTERN = /^[^\s#]*$/;
/**
 * Header names that carry credentials by convention. Extra headers are not secret fields (they are shown
 * in responses), so such a header is refused with a pointer to `auth`, where the value is kept secret.
 */
const CREDENTIAL_HEADER_NAME = /^(authorization|cookie)$|token|secret|passw|api[-_]?key|credential|session/i;
// biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to refuse control characters
const NO_CONTROL_CHARACTERS = /^[^\u0000-\u001F\u007F]+$/;
/** Query parameters that carry a credential by convention (`?api_key=…`, `?access_token=…`, Google's `?key=`). */
const CREDENTIAL_PARAMETER_NAME =
  /^(key|token|sig|signature)$|api[-_]?key|(access|auth|api|bearer)[-_]?token|secret|passw/i;

/** An http(s) URL without `user:password@`: credentials belong in `auth`, where they are kept secret. */
function urlWithoutCredentials() {
  return httpUrlSchema().refine(
    (value) => {
      const url = URL.parse(value);
      return url === null || (url.username === "" && url.password === "");
    },
    { message: "Put credentials in auth, not in the URL." },
  );
}

const authSchema = inferableUnion("type", [
  z
    .strictObject({ type: z.literal("none").meta({ title: "Method", description: 'Always "none".' }) })
    .meta({ title: "None", description: "The API needs no credentials." }),
  z
    .strictObject({
      type: z.literal("basic").meta({ title: "Method", description: 'Always "basic".' }),
      username: basicUsernameSchema().meta({
        title: "Username",
        description: "Sent as HTTP Basic authentication (RFC 7617).",
        examples: ["reporting"],
      }),
      password: headerValueSchema(1_024).optional().meta({
        title: "Password",
        description: "May be left out for APIs that take the key as the username.",
      }),
    })
    .meta({ title: "Username and password (Basic)" }),
  bearerAuthSchema(),
  z
    .strictObject({
      type: z.literal("api_key").meta({ title: "Method", description: 'Always "api_key".' }),
      in: labelledEnum({ header: "Request header", query: "Query-string parameter" }).meta({
        title: "Sent in",
        description: "A request header, or a query-string parameter.",
        examples: ["header"],
      }),
      name: headerNameSchema().meta({
        title: "Header or parameter name",
        description: "e.g. `X-API-Key`, or `api_key` for a query parameter.",
        examples: ["X-API-Key"],
      }),
      value: headerValueOnlySchema("key").meta({
        title: "API key",
        description: "The key itself (kept secret).",
      }),
    })
    .meta({ title: "API key" }),
  z
    .strictObject({
      type: z
        .literal("oauth2_client_credentials")
        .meta({ title: "Method", description: 'Always "oauth2_client_credentials".' }),
      token_url: urlWithoutCredentials().meta({
        title: "Token URL",
        description: "The authorization server's token endpoint (RFC 6749 §3.2).",
        examples: ["https://auth.example.com/oauth2/token"],
      }),
      client_id: z
        .string()
        .min(1)
        .max(1_024)
        .meta({
          title: "Client ID",
          description: "The OAuth2 client's id.",
          examples: ["reporting-service"],
        }),
      client_secret: z
        .string()
        .min(1)
        .max(4_096)
        .meta({ title: "Client secret", description: "The OAuth2 client's secret (kept secret)." }),
      scope: z
        .string()
        .max(2_048)
        .regex(SCOPE_PATTERN, { message: "Space-separated scope names." })
        .optional()
        .meta({
          title: "Scope",
          description: "Space-separated scopes to request; left out, the server's default applies.",
          examples: ["reports.read"],
        }),
      audience: z
        .string()
        .min(1)
        .max(2_048)
        .regex(NO_CONTROL_CHARACTERS, { message: "No line breaks or other control characters." })
        .optional()
        .meta({
          title: "Audience",
          description:
            "The API the token is for, sent as `audience` (Auth0 and others require it); left out, none is sent.",
          examples: ["https://api.example.com"],
        }),
      client_auth: labelledEnum({
        basic: "HTTP Basic (client_secret_basic)",
        body: "In the form body (client_secret_post)",
      })
        .default("basic")
        .meta({
          title: "Client authentication",
          description:
            "`basic`: HTTP Basic with the client id and secret (client_secret_basic, the RFC 6749 default); " +
            "`body`: client_id and client_secret in the form body (client_secret_post).",
        }),
    })
    .meta({ title: "OAuth 2.0 client credentials" }),
]).meta({ title: "Authentication", description: "How requests prove who they are." });

const healthCheckSchema = z
  .strictObject({
    method: labelledEnum({ GET: "GET", HEAD: "HEAD (no body)" })
      .default("GET")
      .meta({ title: "Method", description: "A read-only method; HEAD fetches no body." }),
    path: z
      .string()
      .max(2_048)
      .regex(PATH_PATTERN, { message: "A path such as /v1/me: no spaces or #." })
      .default("")
      .meta({
        title: "Path",
        description: "Appended to base_url (with an optional query string); empty checks base_url itself.",
        examples: ["/v1/me"],
      }),
    expected_status: z
      .int()
      .min(200)
      .max(399)
      .optional()
      .meta({
        title: "Expected status",
        description: "The status a healthy endpoint answers; left out, any 2xx counts as healthy.",
        examples: [200],
      }),
  })
  .meta({
    title: "Health check",
    description: "The request test() sends; choose an endpoint that requires the configured credentials.",
  });

/** The `provider_config` of an `http_api` connection. */
export const httpApiConfigSchema = z
  .strictObject({
    base_url: urlWithoutCredentials().meta({
      title: "Base URL",
      description: "Where the API is served; health_check.path is appended to it.",
      examples: ["https://api.example.com/v1"],
    }),
    auth: authSchema.default({ type: "none" }),
    headers: z
      .record(
        // Checked in the superRefine below, for messages that say what is wrong; the pattern is given to
        // JSON Schema so forms and ajv refuse what zod refuses.
        z.string().min(1).max(256).meta({ pattern: HEADER_NAME_PATTERN.source }),
        headerValueSchema(8_192),
      )
      .optional()
      .meta({
        title: "Extra headers",
        description:
          "Sent with every request, e.g. an API version. Not secret (shown in responses): credentials go in auth.",
        examples: [{ "X-API-Version": "2024-10-01" }],
      }),
    health_check: healthCheckSchema.default({ method: "GET", path: "" }),
  })
  .superRefine((config, issue) => {
    const inQuery = (where: string) =>
      `A credential in the URL's query: remove it from ${where} and set auth to api_key in query, where it is kept secret.`;
    if (hasCredentialParameter(config.base_url))
      issue.addIssue({ code: "custom", path: ["base_url"], message: inQuery("base_url") });
    if (hasCredentialParameter(config.health_check.path))
      issue.addIssue({ code: "custom", path: ["health_check", "path"], message: inQuery("the path") });
    const authHeader = authHeaderName(config.auth);
    for (const name of Object.keys(config.headers ?? {})) {
      const problem = extraHeaderProblem(name, authHeader);
      if (problem) issue.addIssue({ code: "custom", path: ["headers", name], message: problem });
    }
  });

/** Whether a URL or path's query has a parameter named like a credential (`?api_key=…`). */
function hasCredentialParameter(urlOrPath: string): boolean {
  const query = urlOrPath.indexOf("?");
  if (query === -1) return false;
  const parameters = new URLSearchParams(urlOrPath.slice(query + 1).split("#")[0]);
  return [...parameters.keys()].some((name) => CREDENTIAL_PARAMETER_NAME.test(name));
}

/** Why an extra header name is refused, or undefined when it is fine. */
function extraHeaderProblem(name: string, authHeader: string | undefined): string | undefined {
  if (!HEADER_NAME_PATTERN.test(name))
    return "Not a valid header name: letters, digits and !#$%&'*+.^_`|~- only.";
  if (RESERVED_HEADER_NAMES.has(name.toLowerCase()))
    return `${name} is set by the HTTP client and cannot be configured.`;
  if (authHeader !== undefined && name.toLowerCase() === authHeader.toLowerCase())
    return `auth already sets the ${authHeader} header; remove it from headers.`;
  if (CREDENTIAL_HEADER_NAME.test(name))
    return `${name} looks like a credential: set it with auth (api_key in a header), where it is kept secret.`;
  return undefined;
}

/** The header the configured auth method sets, if any. */
function authHeaderName(auth: HttpApiAuth): string | undefined {
  switch (auth.type) {
    case "basic":
    case "bearer":
    case "oauth2_client_credentials":
      return "Authorization";
    case "api_key":
      return auth.in === "header" ? auth.name : undefined;
    default:
      return undefined;
  }
}

/** The parsed config of an `http_api` connection. */
export type HttpApiConfig = z.output<typeof httpApiConfigSchema>;

/** One of the `auth` methods of an `http_api` connection. */
export type HttpApiAuth = z.output<typeof authSchema>;
