import { createHash, randomBytes, verify, X509Certificate } from "node:crypto";
import {
  type FakeHttpServer,
  type FakeReply,
  issueTestCertificates,
  type RecordedRequest,
  startFakeHttpServer,
  type TestCertificates,
} from "@plugboard/testkit";

/** The tenant and apps the fake knows. */
export const TENANT_ID = "72f988bf-86f1-41af-91ab-2d7cd011db47";
/** A verified domain of the tenant, which the token endpoint takes in place of its ID. */
export const TENANT_DOMAIN = "contoso.onmicrosoft.com";
export const APPS = {
  /** Sites.Read.All with admin consent. */
  reader: { client_id: "2f6c1a3e-5b7d-4c8e-9f01-23456789abcd", client_secret: "Abc8Q~reader-secret-value" },
  /** Registered, but no Graph application permission granted. */
  unconsented: { client_id: "9a8b7c6d-1111-4222-8333-444455556666", client_secret: "Xyz8Q~no-roles-secret" },
} as const;
/** The certificate registered on the reader app (made once per test process with openssl). */
export const READER_CERTIFICATE: TestCertificates = issueTestCertificates({
  commonName: "plugboard-sharepoint-test",
});
/** A certificate nobody registered. */
export const STRANGER_CERTIFICATE: TestCertificates = issueTestCertificates({ commonName: "stranger" });

/** Sites of the fake. */
export const SITE_HOST = "contoso.sharepoint.com";
export const SITES = {
  marketing: {
    path: "/sites/Marketing",
    id: `${SITE_HOST},2c712604-1370-44e7-a1f5-426573fda80a,2d2244c3-251a-49ea-93a8-39e1c3a060fe`,
  },
  finance: {
    path: "/sites/Finance",
    id: `${SITE_HOST},0b4d79a1-0000-4000-8000-00000000f1a0,1c2d3e4f-0000-4000-8000-00000000f1a1`,
  },
  busy: {
    path: "/sites/Busy",
    id: `${SITE_HOST},0b4d79a1-0000-4000-8000-00000000b051,1c2d3e4f-0000-4000-8000-00000000b052`,
  },
} as const;
export const MARKETING_DRIVES = [
  {
    id: "b!marketing-documents",
    name: "Documents",
    driveType: "documentLibrary",
    webUrl: `https://${SITE_HOST}/sites/Marketing/Shared%20Documents`,
  },
  {
    id: "b!marketing-assets",
    name: "Brand Assets",
    driveType: "documentLibrary",
    webUrl: `https://${SITE_HOST}/sites/Marketing/BrandAssets`,
  },
] as const;

/** The login and Graph hosts a fake plays (the global cloud by default). */
export interface CloudHosts {
  login: string;
  graph: string;
}

const thumbprint = (pem: string) =>
  createHash("sha1").update(new X509Certificate(pem).raw).digest("base64url");

function b64json(part: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(part, "base64url").toString("utf8")) as Record<string, unknown>;
}

function entraError(reply: FakeReply, status: number, error: string, code: number, text: string) {
  return reply.json(status, {
    error,
    error_description: `AADSTS${code}: ${text} Trace ID: 0d3c… Correlation ID: 5e1f… Timestamp: 2025-01-01 00:00:00Z`,
    error_codes: [code],
    timestamp: "2025-01-01 00:00:00Z",
    trace_id: "0d3c6a2e-1b2c-4d5e-8f90-123456789abc",
    correlation_id: "5e1f7b3c-2d4e-4f60-9a1b-abcdef012345",
    error_uri: `https://login.microsoftonline.com/error?code=${code}`,
  });
}

function graphError(
  reply: FakeReply,
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
) {
  return reply.json(
    status,
    {
      error: {
        code,
        message,
        innerError: {
          date: "2025-01-01T00:00:00",
          "request-id": "4b1e0f3a-req",
          "client-request-id": "4b1e0f3a-req",
        },
      },
    },
    headers,
  );
}

/**
 * A fake of the Microsoft identity platform's token endpoint and the Graph sites API, from their
 * documentation. The token endpoint checks the tenant, the app, the client secret, or the client assertion
 * (RS256 signature against the registered certificate, `x5t` thumbprint, `aud`, `iss`/`sub`, lifetime) and
 * the `.default` scope; Graph accepts only tokens it issued and answers with Graph's error bodies.
 */
export async function startGraphFake(
  hosts: CloudHosts = { login: "https://login.microsoftonline.com", graph: "https://graph.microsoft.com" },
): Promise<FakeHttpServer> {
  const tokens = new Map<string, { roles: string[] }>();
  const readerThumbprint = thumbprint(READER_CERTIFICATE.certificate);
  const readerPublicKey = new X509Certificate(READER_CERTIFICATE.certificate).publicKey;

  const assertionProblem = (assertion: string, clientId: string, tenant: string): string | undefined => {
    const [headerPart, payloadPart, signature] = assertion.split(".");
    if (!headerPart || !payloadPart || !signature) return "The client assertion is not a JWT.";
    const header = b64json(headerPart);
    const claims = b64json(payloadPart);
    if (header.alg !== "RS256" || header.x5t !== readerThumbprint || clientId !== APPS.reader.client_id)
      return `The certificate with identifier used to sign the client assertion is not registered on application. [Reason - The key was not found., Thumbprint of key used by client: '${String(header.x5t)}']`;
    if (
      !verify(
        "sha256",
        Buffer.from(`${headerPart}.${payloadPart}`),
        readerPublicKey,
        Buffer.from(signature, "base64url"),
      )
    )
      return "Client assertion contains an invalid signature.";
    const now = Math.floor(Date.now() / 1000);
    if (claims.aud !== `${hosts.login}/${tenant}/oauth2/v2.0/token`)
      return "The audience claim of the client assertion is wrong.";
    if (claims.iss !== clientId || claims.sub !== clientId)
      return "The issuer or subject of the client assertion is wrong.";
    if (!(Number(claims.exp) > now) || Number(claims.nbf) > now + 300)
      return "Client assertion is not within its valid time range.";
    return undefined;
  };

  const token = (tenant: string, request: RecordedRequest, reply: FakeReply) => {
    const form = new URLSearchParams(request.body);
    if (tenant !== TENANT_ID && tenant.toLowerCase() !== TENANT_DOMAIN)
      return entraError(
        reply,
        400,
        "invalid_request",
        90002,
        `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID.`,
      );
    if (form.get("grant_type") !== "client_credentials")
      return entraError(
        reply,
        400,
        "unsupported_grant_type",
        70003,
        "The app requested an unsupported grant type.",
      );
    const clientId = form.get("client_id") ?? "";
    const app = Object.values(APPS).find((candidate) => candidate.client_id === clientId);
    if (!app)
      return entraError(
        reply,
        400,
        "unauthorized_client",
        700016,
        `Application with identifier '${clientId}' was not found in the directory '${TENANT_ID}'.`,
      );
    if (form.get("scope") !== `${hosts.graph}/.default`)
      return entraError(reply, 400, "invalid_scope", 1002012, "The provided value for scope is not valid.");
    const assertion = form.get("client_assertion");
    if (assertion !== null) {
      if (form.get("client_assertion_type") !== "urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
        return entraError(
          reply,
          400,
          "invalid_request",
          90024,
          "The client_assertion_type is not supported.",
        );
      const problem = assertionProblem(assertion, clientId, tenant);
      if (problem) return entraError(reply, 401, "invalid_client", 700027, problem);
    } else if (form.get("client_secret") !== app.client_secret) {
      return entraError(
        reply,
        401,
        "invalid_client",
        7000215,
        "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.",
      );
    }
    const accessToken = `eyJ0eXAiOiJKV1Qi.fake-${randomBytes(12).toString("hex")}`;
    tokens.set(accessToken, { roles: app === APPS.reader ? ["Sites.Read.All"] : [] });
    return reply.json(200, {
      token_type: "Bearer",
      expires_in: 3599,
      ext_expires_in: 3599,
      access_token: accessToken,
    });
  };

  const siteJson = (site: { path: string; id: string }) => ({
    id: site.id,
    name: site.path.split("/").at(-1),
    displayName: site.path.split("/").at(-1),
    webUrl: `https://${SITE_HOST}${site.path}`,
  });

  const graph = (request: RecordedRequest, reply: FakeReply) => {
    const bearer = /^Bearer (.+)$/.exec(String(request.headers.authorization ?? ""))?.[1];
    const grant = bearer ? tokens.get(bearer) : undefined;
    if (!grant)
      return graphError(
        reply,
        401,
        "InvalidAuthenticationToken",
        "Access token validation failure. Invalid audience.",
      );
    if (grant.roles.length === 0)
      return graphError(
        reply,
        403,
        "AccessDenied",
        "Either scp or roles claim need to be present in the token.",
      );
    const path = decodeURIComponent(request.url.pathname.slice("/v1.0".length));
    const byPath = /^\/sites\/([^/:]+):(\/.+)$/.exec(path);
    const drivesOf = /^\/sites\/([^/]+)\/drives$/.exec(path);
    const byId = /^\/sites\/([^/:]+)$/.exec(path);
    let site: { path: string; id: string } | undefined;
    if (byPath) {
      if (byPath[1] !== SITE_HOST)
        return graphError(reply, 400, "invalidRequest", "Invalid hostname for this tenancy");
      site = Object.values(SITES).find(
        (candidate) => candidate.path.toLowerCase() === byPath[2]?.toLowerCase(),
      );
    } else if (byId || drivesOf) {
      site = Object.values(SITES).find((candidate) => candidate.id === (byId ?? drivesOf)?.[1]);
    } else return graphError(reply, 400, "BadRequest", "Resource not found for the segment.");
    if (!site) return graphError(reply, 404, "itemNotFound", "Requested site could not be found");
    if (site === SITES.finance) return graphError(reply, 403, "accessDenied", "Access denied");
    if (site === SITES.busy)
      return graphError(reply, 429, "TooManyRequests", "Too many requests", { "retry-after": "11" });
    if (drivesOf)
      return reply.json(200, {
        "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#drives",
        value: MARKETING_DRIVES,
      });
    return reply.json(200, siteJson(site));
  };

  const loginServer = await startFakeHttpServer((request, reply) => {
    const match = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(request.url.pathname);
    if (request.method === "POST" && match) return token(decodeURIComponent(match[1] ?? ""), request, reply);
    if (request.method === "GET" && request.url.pathname.startsWith("/v1.0/")) return graph(request, reply);
    return reply.json(404, { error: { code: "BadRequest", message: "Unknown route" } });
  });
  return loginServer;
}
