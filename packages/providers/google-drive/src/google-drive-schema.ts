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
  })
  .meta({ title: "OAuth user grant", description: "A refresh token a user granted to your OAuth client." });

/** Config of the `google_drive` provider. */
export const googleDriveConfigSchema = z.strictObject({
  credentials: inferableUnion("type", [serviceAccountKey, authorizedUser]).meta({
    title: "Credentials",
    description: "A service account key or an OAuth user grant.",
  }),
  shared_drive_id: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .meta({
      title: "Shared drive ID",
      description: "The shared drive the connection reads (from its URL, `…/drive/folders/<id>`).",
      examples: ["0AB1cDEfGhIJKUk9PVA"],
    }),
  folder_id: z
    .string()
    .min(1)
    .max(200)
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
});

/** The parsed config of the `google_drive` provider. */
export type GoogleDriveConfig = z.output<typeof googleDriveConfigSchema>;
