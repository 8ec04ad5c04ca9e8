import { generateKeyPairSync, randomBytes, verify } from "node:crypto";
import {
  type FakeHttpServer,
  type FakeReply,
  type RecordedRequest,
  startFakeHttpServer,
} from "@plugboard/testkit";

const PASSPHRASE = "box-key-passphrase-5c1d";
const appKey = generateKeyPairSync("rsa", { modulusLength: 2048 });
const strangerKey = generateKeyPairSync("rsa", { modulusLength: 2048 });
const encryptedPem = (key: typeof appKey.privateKey) =>
  key.export({ type: "pkcs8", format: "pem", cipher: "aes-256-cbc", passphrase: PASSPHRASE }).toString();

export const ENTERPRISE_ID = "1234567";
export const APP_USER_ID = "7654321";

/** The Box app config JSON of a JWT app the fake knows (its public key registered as `publicKeyID`). */
export const APP_CONFIG = {
  boxAppSettings: {
    clientID: "abc123clientidjwtapp",
    clientSecret: "jwt-app-client-secret-9f8e",
    appAuth: { publicKeyID: "h5e9xw6r", privateKey: encryptedPem(appKey.privateKey), passphrase: PASSPHRASE },
  },
  enterpriseID: ENTERPRISE_ID,
};

/** The same app config signed with a key pair Box never saw. */
export const APP_CONFIG_WRONG_KEY = {
  ...APP_CONFIG,
  boxAppSettings: {
    ...APP_CONFIG.boxAppSettings,
    appAuth: { ...APP_CONFIG.boxAppSettings.appAuth, privateKey: encryptedPem(strangerKey.privateKey) },
  },
};

/** A client-credentials app of the fake; its subject may only be the enterprise or the app user. */
export const CCG_APP = { client_id: "ccgclientid0001", client_secret: "ccg-client-secret-4a3b" };

/** Developer tokens: one live, one past its 60 minutes. */
export const DEVELOPER_TOKENS = { live: "devtoken-live-0123456789", expired: "devtoken-expired-987654" };

/** Folders of the fake. */
export const FOLDERS = {
  root: "0",
  reports: "11446498",
  forbidden: "403403",
  busy: "429429",
  broken: "500500",
};

function tokenError(reply: FakeReply, error: string, description: string) {
  return reply.json(400, { error, error_description: description });
}

function apiError(
  reply: FakeReply,
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
) {
  return reply.json(
    status,
    {
      type: "error",
      status,
      code,
      message,
      help_url: "http://developers.box.com/docs/#errors",
      request_id: "abcdef123456",
    },
    headers,
  );
}

function b64json(part: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(part, "base64url").toString("utf8")) as Record<string, unknown>;
}

/**
 * A fake of Box's token endpoint and the 2.0 API, from Box's documentation. The token endpoint checks the
 * client secret and, for JWT apps, the assertion: RS256 signature against the app's registered public key,
 * `kid`, `iss`, `aud`, `box_sub_type`/`sub`, a `jti` and an expiry under 60 seconds. The API accepts only
 * tokens it issued (an invalid one gets Box's empty 401 with `WWW-Authenticate`) and returns Box's error bodies.
 */
export async function startBoxFake(): Promise<FakeHttpServer> {
  const issued = new Set<string>([DEVELOPER_TOKENS.live]);
  const issue = (reply: FakeReply) => {
    const token = `box-${randomBytes(12).toString("hex")}`;
    issued.add(token);
    return reply.json(200, {
      access_token: token,
      expires_in: 3600,
      restricted_to: [],
      token_type: "bearer",
    });
  };

  const jwtGrant = (form: URLSearchParams, reply: FakeReply) => {
    const settings = APP_CONFIG.boxAppSettings;
    if (form.get("client_id") !== settings.clientID || form.get("client_secret") !== settings.clientSecret)
      return tokenError(reply, "invalid_client", "The client credentials are invalid");
    const [headerPart, payloadPart, signature] = (form.get("assertion") ?? "").split(".");
    if (!headerPart || !payloadPart || !signature)
      return tokenError(reply, "invalid_grant", "Grant credentials are invalid");
    const header = b64json(headerPart);
    const claims = b64json(payloadPart);
    const signed = verify(
      "sha256",
      Buffer.from(`${headerPart}.${payloadPart}`),
      appKey.publicKey,
      Buffer.from(signature, "base64url"),
    );
    if (header.alg !== "RS256" || header.kid !== settings.appAuth.publicKeyID || !signed)
      return tokenError(
        reply,
        "invalid_grant",
        'Signature verification error. The public key identified by "kid" must correspond to the private key used for signing.',
      );
    const now = Math.floor(Date.now() / 1000);
    const exp = Number(claims.exp);
    if (claims.iss !== settings.clientID || claims.aud !== "https://api.box.com/oauth2/token")
      return tokenError(reply, "invalid_grant", "Grant credentials are invalid");
    if (!(exp > now) || exp > now + 60)
      return tokenError(reply, "invalid_grant", "Please check the 'exp' claim.");
    if (typeof claims.jti !== "string" || claims.jti.length < 16 || claims.jti.length > 128)
      return tokenError(reply, "invalid_grant", "Please check the 'jti' claim.");
    const subjectOk =
      (claims.box_sub_type === "enterprise" && claims.sub === ENTERPRISE_ID) ||
      (claims.box_sub_type === "user" && claims.sub === APP_USER_ID);
    if (!subjectOk) return tokenError(reply, "invalid_grant", "Please check the 'sub' claim.");
    return issue(reply);
  };

  const clientCredentialsGrant = (form: URLSearchParams, reply: FakeReply) => {
    if (form.get("client_id") !== CCG_APP.client_id || form.get("client_secret") !== CCG_APP.client_secret)
      return tokenError(reply, "invalid_client", "The client credentials are invalid");
    const type = form.get("box_subject_type");
    const id = form.get("box_subject_id");
    if (type === "user" && id !== APP_USER_ID)
      return tokenError(
        reply,
        "unauthorized_client",
        'The "box_subject_type" value is unauthorized for this client_id',
      );
    if (type !== "enterprise" && type !== "user")
      return tokenError(reply, "invalid_request", "Invalid box_subject_type");
    if (type === "enterprise" && id !== ENTERPRISE_ID)
      return tokenError(reply, "invalid_grant", "Grant credentials are invalid");
    return issue(reply);
  };

  const api = (request: RecordedRequest, reply: FakeReply) => {
    const bearer = /^Bearer (.+)$/.exec(String(request.headers.authorization ?? ""))?.[1];
    if (!bearer || !issued.has(bearer))
      return reply.send({
        status: 401,
        headers: {
          "www-authenticate":
            'Bearer realm="Service", error="invalid_token", error_description="The access token provided is invalid."',
        },
      });
    if (request.url.pathname === "/2.0/users/me")
      return reply.json(200, {
        type: "user",
        id: "20455",
        name: "Plugboard",
        login: "AutomationUser_20455@boxdevedition.com",
        status: "active",
      });
    const folder = /^\/2\.0\/folders\/(\d+)$/.exec(request.url.pathname)?.[1];
    if (folder === FOLDERS.root) return reply.json(200, { type: "folder", id: "0", name: "All Files" });
    if (folder === FOLDERS.reports) return reply.json(200, { type: "folder", id: folder, name: "Reports" });
    if (folder === FOLDERS.forbidden)
      return apiError(
        reply,
        403,
        "access_denied_insufficient_permissions",
        "Access denied - insufficient permission",
      );
    if (folder === FOLDERS.busy)
      return apiError(
        reply,
        429,
        "rate_limit_exceeded",
        "Request rate limit exceeded, please try again later",
        { "retry-after": "9" },
      );
    if (folder === FOLDERS.broken)
      return apiError(reply, 500, "internal_server_error", "Internal Server Error");
    return apiError(reply, 404, "not_found", "Not Found");
  };

  return startFakeHttpServer((request, reply) => {
    if (request.method === "POST" && request.url.pathname === "/oauth2/token") {
      const form = new URLSearchParams(request.body);
      const grant = form.get("grant_type");
      if (grant === "urn:ietf:params:oauth:grant-type:jwt-bearer") return jwtGrant(form, reply);
      if (grant === "client_credentials") return clientCredentialsGrant(form, reply);
      return tokenError(reply, "unsupported_grant_type", "Grant type is not supported");
    }
    if (request.method === "GET" && request.url.pathname.startsWith("/2.0/")) return api(request, reply);
    return apiError(reply, 404, "not_found", "Not Found");
  });
}
