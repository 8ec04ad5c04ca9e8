import { generateKeyPairSync, randomBytes, verify } from "node:crypto";
import {
  type FakeHttpServer,
  type FakeReply,
  type RecordedRequest,
  startFakeHttpServer,
} from "@plugboard/testkit";

const TOKEN_AUDIENCE = "https://oauth2.googleapis.com/token";
const DRIVE_SCOPE = "https://www.googleapis.com/auth/drive.readonly";

function rsaKey() {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return { privatePem: privateKey.export({ type: "pkcs8", format: "pem" }).toString(), publicKey };
}

const serviceAccountKey = rsaKey();
const strangerKey = rsaKey();

/** A service account key JSON the fake knows, as the Cloud console downloads it. */
export const SERVICE_ACCOUNT = {
  type: "service_account",
  project_id: "acme-sync",
  private_key_id: "4f1e2d3c4b5a69788796a5b4c3d2e1f0a9b8c7d6",
  private_key: serviceAccountKey.privatePem,
  client_email: "plugboard@acme-sync.iam.gserviceaccount.com",
  client_id: "113456789012345678901",
  auth_uri: "https://accounts.google.com/o/oauth2/auth",
  token_uri: "https://oauth2.googleapis.com/token",
  auth_provider_x509_cert_url: "https://www.googleapis.com/oauth2/v1/certs",
  client_x509_cert_url:
    "https://www.googleapis.com/robot/v1/metadata/x509/plugboard%40acme-sync.iam.gserviceaccount.com",
  universe_domain: "googleapis.com",
} as const;

/** The same account with a private key Google never saw (a deleted or foreign key). */
export const SERVICE_ACCOUNT_WRONG_KEY = { ...SERVICE_ACCOUNT, private_key: strangerKey.privatePem } as const;

/** The Workspace user the service account may impersonate (domain-wide delegation). */
export const DELEGATED_SUBJECT = "sync@acme.example";

/** The OAuth client and refresh tokens the fake knows. */
export const OAUTH_CLIENT = {
  client_id: "1234-abc.apps.googleusercontent.com",
  client_secret: "GOCSPX-fake-secret-77",
};
export const REFRESH_TOKENS = {
  good: "1//0g-good-refresh-token",
  revoked: "1//0g-revoked-refresh-token",
  /** A grant made without any Drive scope (e.g. only `openid email`). */
  noDriveScope: "1//0g-profile-only-refresh-token",
} as const;

/** Drive contents of the fake. */
export const DRIVE = {
  sharedDrive: "0ASharedDriveUk9PVA",
  folderInSharedDrive: "1FolderInSharedDrive",
  myFolder: "1MyFolderInMyDrive",
  plainFile: "1PlainFileNotAFolder",
  forbiddenFolder: "1ForbiddenFolder",
  busyFolder: "1BusyFolder",
  brokenFolder: "1BrokenFolder",
} as const;

interface Issued {
  scopes: string[];
  expiresAt: number;
}

function base64urlJson(part: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(part, "base64url").toString("utf8")) as Record<string, unknown>;
}

const tokenError = (reply: FakeReply, status: number, error: string, description: string) =>
  reply.json(status, { error, error_description: description });

function driveError(
  reply: FakeReply,
  code: number,
  reason: string,
  message: string,
  extra: Record<string, string> = {},
) {
  const status = {
    401: "UNAUTHENTICATED",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    429: "RESOURCE_EXHAUSTED",
  }[code];
  return reply.json(
    code,
    {
      error: {
        code,
        message,
        errors: [{ message, domain: "global", reason }],
        ...(status ? { status } : {}),
      },
    },
    extra,
  );
}

/**
 * A fake of Google's OAuth token endpoint and the Drive v3 API, from their documentation. The token
 * endpoint verifies the JWT-bearer assertion (RS256 signature against the key's public half, `kid`, `iss`,
 * `aud`, `scope`, lifetime, `sub` delegation) and the refresh grant (client secret, revoked tokens); the
 * Drive API accepts only tokens it issued and answers with Drive's documented error bodies.
 */
export async function startGoogleFake(): Promise<FakeHttpServer> {
  const issued = new Map<string, Issued>();
  const issue = (reply: FakeReply, scopes: string[]) => {
    const token = `ya29.fake-${randomBytes(12).toString("hex")}`;
    issued.set(token, { scopes, expiresAt: Date.now() + 3_600_000 });
    return reply.json(200, {
      access_token: token,
      expires_in: 3599,
      token_type: "Bearer",
      scope: scopes.join(" "),
    });
  };

  const jwtBearer = (form: URLSearchParams, reply: FakeReply) => {
    const [headerPart, payloadPart, signature] = (form.get("assertion") ?? "").split(".");
    if (!headerPart || !payloadPart || !signature)
      return tokenError(reply, 400, "invalid_grant", "Invalid JWT.");
    const header = base64urlJson(headerPart);
    const claims = base64urlJson(payloadPart);
    if (claims.iss !== SERVICE_ACCOUNT.client_email)
      return tokenError(reply, 400, "invalid_grant", "Invalid grant: account not found");
    const signed = verify(
      "sha256",
      Buffer.from(`${headerPart}.${payloadPart}`),
      serviceAccountKey.publicKey,
      Buffer.from(signature, "base64url"),
    );
    if (header.alg !== "RS256" || !signed || (header.kid && header.kid !== SERVICE_ACCOUNT.private_key_id))
      return tokenError(reply, 400, "invalid_grant", "Invalid JWT Signature.");
    const now = Math.floor(Date.now() / 1000);
    const iat = Number(claims.iat);
    const exp = Number(claims.exp);
    if (claims.aud !== TOKEN_AUDIENCE || !(exp > now) || iat > now + 300 || exp - iat > 3600)
      return tokenError(
        reply,
        400,
        "invalid_grant",
        "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe.",
      );
    const scopes = String(claims.scope ?? "")
      .split(" ")
      .filter(Boolean);
    if (scopes.length === 0)
      return tokenError(reply, 400, "invalid_scope", "Invalid OAuth scope or ID token audience provided.");
    if (claims.sub !== undefined && claims.sub !== DELEGATED_SUBJECT)
      return tokenError(
        reply,
        401,
        "unauthorized_client",
        "Client is unauthorized to retrieve access tokens using this method, or client not authorized for any of the scopes requested.",
      );
    return issue(reply, scopes);
  };

  const refresh = (form: URLSearchParams, reply: FakeReply) => {
    if (form.get("client_id") !== OAUTH_CLIENT.client_id)
      return tokenError(reply, 401, "invalid_client", "The OAuth client was not found.");
    if (form.get("client_secret") !== OAUTH_CLIENT.client_secret)
      return tokenError(reply, 401, "invalid_client", "Unauthorized");
    const refreshToken = form.get("refresh_token");
    if (refreshToken === REFRESH_TOKENS.good) return issue(reply, [DRIVE_SCOPE, "openid"]);
    if (refreshToken === REFRESH_TOKENS.noDriveScope) return issue(reply, ["openid", "email"]);
    return tokenError(reply, 400, "invalid_grant", "Token has been expired or revoked.");
  };

  const token = (request: RecordedRequest, reply: FakeReply) => {
    const form = new URLSearchParams(request.body);
    const grant = form.get("grant_type");
    if (grant === "urn:ietf:params:oauth:grant-type:jwt-bearer") return jwtBearer(form, reply);
    if (grant === "refresh_token") return refresh(form, reply);
    return tokenError(reply, 400, "unsupported_grant_type", `Invalid grant_type: ${grant ?? ""}`);
  };

  const folders: Record<string, { name: string; driveId?: string; mimeType?: string }> = {
    [DRIVE.folderInSharedDrive]: { name: "Campaigns", driveId: DRIVE.sharedDrive },
    [DRIVE.myFolder]: { name: "Reports" },
    [DRIVE.plainFile]: { name: "notes.txt", mimeType: "text/plain" },
  };

  const drive = (request: RecordedRequest, reply: FakeReply) => {
    const bearer = /^Bearer (.+)$/.exec(String(request.headers.authorization ?? ""))?.[1];
    const grant = bearer ? issued.get(bearer) : undefined;
    if (!grant || grant.expiresAt < Date.now())
      return driveError(reply, 401, "authError", "Request had invalid authentication credentials.", {
        "www-authenticate": 'Bearer realm="https://accounts.google.com/"',
      });
    if (!grant.scopes.some((scope) => scope.startsWith("https://www.googleapis.com/auth/drive")))
      return driveError(
        reply,
        403,
        "insufficientPermissions",
        "Request had insufficient authentication scopes.",
      );
    const path = request.url.pathname;
    const driveMatch = /^\/drive\/v3\/drives\/([^/]+)$/.exec(path);
    if (driveMatch) {
      const id = decodeURIComponent(driveMatch[1] ?? "");
      if (id !== DRIVE.sharedDrive)
        return driveError(reply, 404, "notFound", `Shared drive not found: ${id}`);
      return reply.json(200, { kind: "drive#drive", id, name: "Marketing" });
    }
    const fileMatch = /^\/drive\/v3\/files\/([^/]+)$/.exec(path);
    if (fileMatch) {
      const id = decodeURIComponent(fileMatch[1] ?? "");
      if (id === DRIVE.forbiddenFolder)
        return driveError(
          reply,
          403,
          "insufficientFilePermissions",
          `The user does not have sufficient permissions for file ${id}.`,
        );
      if (id === DRIVE.busyFolder)
        return driveError(reply, 429, "rateLimitExceeded", "Rate Limit Exceeded", { "retry-after": "17" });
      if (id === DRIVE.brokenFolder) return driveError(reply, 500, "backendError", "Backend Error");
      const file = folders[id];
      if (!file) return driveError(reply, 404, "notFound", `File not found: ${id}.`);
      return reply.json(200, {
        id,
        name: file.name,
        mimeType: file.mimeType ?? "application/vnd.google-apps.folder",
        trashed: false,
        ...(file.driveId ? { driveId: file.driveId } : {}),
      });
    }
    if (path === "/drive/v3/files")
      return reply.json(200, {
        kind: "drive#fileList",
        incompleteSearch: false,
        files: [{ id: DRIVE.myFolder, name: "Reports" }],
      });
    return driveError(reply, 404, "notFound", "Not Found");
  };

  return startFakeHttpServer((request, reply) => {
    if (request.method === "POST" && request.url.pathname === "/token") return token(request, reply);
    if (request.method === "GET" && request.url.pathname.startsWith("/drive/v3/"))
      return drive(request, reply);
    return reply.json(404, { error: { code: 404, message: "Not Found" } });
  });
}
