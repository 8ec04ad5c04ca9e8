import { inferableUnion } from "@plugboard/core";
import * as z from "zod";

const serviceAccountKey = z
  .strictObject({
    type: z.literal("service_account").meta({ title: "Key type", description: 'Always "service_account".' }),
    project_id: z
      .string()
      .min(1)
      .meta({
        title: "Project ID",
        description: "The Google Cloud project of the service account.",
        examples: ["acme-sync"],
      }),
    private_key_id: z
      .string()
      .min(1)
      .meta({
        title: "Private key ID",
        description: "The key's id, sent as the JWT `kid`.",
        examples: ["4f1e2d3c"],
      }),
    private_key: z
      .string()
      .min(1)
      .meta({
        title: "Private key",
        description: "The PEM private key from the key JSON (`-----BEGIN PRIVATE KEY-----…`).",
        examples: ["-----BEGIN PRIVATE KEY-----\n…\n-----END PRIVATE KEY-----\n"],
      }),
    client_email: z.email().meta({
      title: "Client email",
      description: "The service account's address.",
      examples: ["plugboard@acme-sync.iam.gserviceaccount.com"],
    }),
    client_id: z
      .string()
      .min(1)
      .meta({
        title: "Client ID",
        description: "The service account's numeric id.",
        examples: ["1134567890"],
      }),
    auth_uri: z
      .string()
      .optional()
      .meta({ title: "Auth URI", description: "Copied from the key JSON; unused." }),
    token_uri: z
      .string()
      .optional()
      .meta({
        title: "Token URI",
        description:
          "Copied from the key JSON; unused: tokens always come from https://oauth2.googleapis.com/token " +
          "(operators redirect it with origin overrides).",
      }),
    auth_provider_x509_cert_url: z
      .string()
      .optional()
      .meta({ title: "Auth provider certificate URL", description: "Copied from the key JSON; unused." }),
    client_x509_cert_url: z
      .string()
      .optional()
      .meta({ title: "Client certificate URL", description: "Copied from the key JSON; unused." }),
    universe_domain: z
      .literal("googleapis.com")
      .optional()
      .meta({ title: "Universe domain", description: 'Copied from the key JSON; only "googleapis.com".' }),
  })
  .meta({
    title: "Service account key",
    description: "The JSON key of a service account, pasted as is.",
  });

const authorizedUser = z
  .strictObject({
    type: z
      .literal("authorized_user")
      .meta({ title: "Grant type", description: 'Always "authorized_user".' }),
    client_id: z
      .string()
      .min(1)
      .meta({
        title: "OAuth client ID",
        description: "The OAuth client the user authorised.",
        examples: ["1234-abc.apps.googleusercontent.com"],
      }),
    client_secret: z
      .string()
      .min(1)
      .meta({
        title: "OAuth client secret",
        description: "The OAuth client's secret.",
        examples: ["GOCSPX-…"],
      }),
    refresh_token: z
      .string()
      .min(1)
      .meta({ title: "Refresh token", description: "The user's refresh token.", examples: ["1//0g…"] }),
    quota_project_id: z
      .string()
      .max(100)
      .optional()
      .meta({
        title: "Quota project",
        description:
          "The Google Cloud project Drive requests are billed and counted against (sent as `x-goog-user-project`), " +
          "as gcloud writes it in the ADC file.",
        examples: ["acme-sync"],
      }),
    account: z
      .string()
      .optional()
      .meta({ title: "Account", description: "Copied from the gcloud ADC file (often empty); unused." }),
    universe_domain: z
      .literal("googleapis.com")
      .optional()
      .meta({ title: "Universe domain", description: 'Copied from the ADC file; only "googleapis.com".' }),
  })
  .meta({
    title: "OAuth user grant",
    description:
      "A refresh token a user granted to your OAuth client, e.g. the `authorized_user` file gcloud writes.",
  });

/** Google credential files this provider does not take, by their `type`, and what they are. */
const UNSUPPORTED_TYPES: Record<string, string> = {
  external_account: "workload identity federation",
  external_account_authorized_user: "workforce identity federation",
  impersonated_service_account: "service account impersonation",
  gdch_service_account: "Google Distributed Cloud",
};
const SUPPORTED = 'a service account key ("service_account") or an OAuth user grant ("authorized_user")';

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Names the Google files people paste that are not credentials this provider takes, before the union
 * reports a bare "choose one of": other credential types, an OAuth client file, the file as a string.
 * It only adds issues to inputs the union refuses anyway, so the JSON Schema export still agrees.
 */
function explainGoogleFile(input: unknown, ctx: z.core.$RefinementCtx): unknown {
  if (typeof input === "string" && input.trimStart().startsWith("{")) {
    ctx.addIssue({
      code: "custom",
      path: [],
      message: "This is the JSON file as a string: give its content as a JSON object.",
    });
  } else if (isPlainObject(input)) {
    const type =
      typeof input.type === "string" && Object.hasOwn(UNSUPPORTED_TYPES, input.type)
        ? UNSUPPORTED_TYPES[input.type]
        : undefined;
    const client = ["installed", "web"].find((key) => isPlainObject(input[key]));
    if (type)
      ctx.addIssue({
        code: "custom",
        path: ["type"],
        message: `Credentials of type "${String(input.type)}" (${type}) are not supported: use ${SUPPORTED}.`,
      });
    else if (Object.keys(input).length === 1 && isPlainObject(input.credentials))
      ctx.addIssue({
        code: "custom",
        path: ["credentials"],
        message:
          "The credentials are nested one level too deep: give the file's content as credentials itself.",
      });
    else if (client && input.type === undefined)
      ctx.addIssue({
        code: "custom",
        path: [],
        message:
          `This is an OAuth client file ("${client}"); it holds no user's grant. Have the user authorise the client ` +
          "and paste the resulting authorized_user JSON (client_id, client_secret, refresh_token).",
      });
  }
  return input;
}

/** A Drive id, or an issue that says to cut the id out of the address the browser shows. */
const driveId = (what: string) =>
  z
    .string()
    .min(1)
    .max(200)
    .regex(/^[A-Za-z0-9_-]+$/, {
      error: (issue) =>
        typeof issue.input === "string" && /^\s*https?:|drive\.google\.com/i.test(issue.input)
          ? `This is the ${what}'s address: give only its ID, the part after /folders/ (without ?usp=… or other parameters).`
          : `Give the ${what}'s ID (letters, digits, - and _), the part of its address after /folders/.`,
    });

/** Fields of Google's credential files: at the top level of a config, the file was pasted one level too high. */
const CREDENTIAL_FILE_FIELDS = new Set([
  "private_key",
  "client_email",
  "private_key_id",
  "refresh_token",
  "client_secret",
]);

/** Config of the `google_drive` provider. */
export const googleDriveConfigSchema = z
  .strictObject({
    credentials: z
      .preprocess(explainGoogleFile, inferableUnion("type", [serviceAccountKey, authorizedUser]))
      .meta({
        title: "Credentials",
        description: "A service account key or an OAuth user grant.",
      }),
    shared_drive_id: driveId("shared drive")
      .optional()
      .meta({
        title: "Shared drive ID",
        description: "The shared drive the connection reads (from its URL, `…/drive/folders/<id>`).",
        examples: ["0AB1cDEfGhIJKUk9PVA"],
      }),
    folder_id: driveId("folder")
      .optional()
      .meta({
        title: "Folder ID",
        description: "The folder the connection reads; without it, the shared drive or My Drive root.",
        examples: ["1a2B3c4D5e6F7g8H9i0J"],
      }),
    subject: z
      .email()
      .optional()
      .meta({
        title: "Impersonated user",
        description:
          "Domain-wide delegation: the Workspace user the service account acts as (service accounts only).",
        examples: ["sync@acme.example"],
      }),
  })
  .superRefine(
    (_config, ctx) => {
      // The parsed value drops unknown keys; zod's issue about them still lists them.
      const unknown = ctx.issues.flatMap((issue) =>
        issue.code === "unrecognized_keys" && (issue.path?.length ?? 0) === 0 ? issue.keys : [],
      );
      if (unknown.some((key) => CREDENTIAL_FILE_FIELDS.has(key)))
        ctx.addIssue({
          code: "custom",
          path: ["credentials"],
          message: "The credential file's fields are at the top level: put the whole file under credentials.",
        });
    },
    { when: () => true },
  );

/** The parsed config of the `google_drive` provider. */
export type GoogleDriveConfig = z.output<typeof googleDriveConfigSchema>;
