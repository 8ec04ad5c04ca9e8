import { inferableUnion, labelledEnum } from "@plugboard/core";
import * as z from "zod";

const GENERATE_KEY_PAIR =
  "In the Developer Console, Configuration → Add and Manage Public Keys → Generate a Public/Private Keypair, " +
  "and paste the config JSON Box downloads then (the only time it holds the private key).";
const NO_KEY_PAIR = `Empty: this app config was downloaded without a key pair. ${GENERATE_KEY_PAIR}`;
const NO_PRIVATE_KEY =
  `Empty: this app config holds no private key. ${GENERATE_KEY_PAIR} ` +
  "For a key pair you added yourself, paste its PEM private key here.";

const appConfig = z
  .strictObject({
    boxAppSettings: z
      .strictObject({
        clientID: z
          .string()
          .min(1)
          .meta({ title: "Client ID", description: "The app's client ID.", examples: ["abc123clientid"] }),
        clientSecret: z
          .string()
          .min(1)
          .meta({ title: "Client secret", description: "The app's client secret." }),
        appAuth: z
          .strictObject({
            publicKeyID: z
              .string()
              .min(1, { error: NO_KEY_PAIR })
              .meta({
                title: "Public key ID",
                description: "The id Box gave the app's public key.",
                examples: ["h5e9xw6r"],
              }),
            privateKey: z
              .string()
              .min(1, { error: NO_PRIVATE_KEY })
              .meta({ title: "Private key", description: "The encrypted PEM private key of the key pair." }),
            passphrase: z.string().meta({
              title: "Passphrase",
              description:
                "The private key's passphrase (empty only for a key pair of your own with an unencrypted key).",
            }),
          })
          .meta({
            title: "App key pair",
            description: "The key pair the app signs its JWT assertions with.",
          }),
      })
      .meta({ title: "App settings", description: "The app's client credentials and key pair." }),
    enterpriseID: z
      .string()
      .regex(/^\d+$/)
      .meta({
        title: "Enterprise ID",
        description: "The enterprise the app's service account acts in.",
        examples: ["1234567"],
      }),
    userID: z.string().regex(/^\d+$/).optional().meta({
      title: "User ID",
      description: "Act as this managed or app user instead of the service account.",
    }),
    webhooks: z
      .strictObject({
        primaryKey: z
          .string()
          .optional()
          .meta({ title: "Primary signature key", description: "Signs webhook payloads; unused here." }),
        secondaryKey: z
          .string()
          .optional()
          .meta({ title: "Secondary signature key", description: "Signs webhook payloads; unused here." }),
      })
      .optional()
      .meta({
        title: "Webhook signature keys",
        description: "Copied from the app config JSON (often empty); unused.",
      }),
  })
  .meta({
    title: "Box app config JSON",
    description: "The JSON file Box generates for a JWT app, pasted as is.",
  });

const jwtAuth = z
  .strictObject({
    type: z.literal("jwt").meta({ title: "Method", description: 'Always "jwt".' }),
    app_config: appConfig,
  })
  .meta({
    title: "JWT app",
    description: "Server authentication with a JWT key pair (Box app config JSON).",
  });

const clientCredentials = z
  .strictObject({
    type: z
      .literal("client_credentials")
      .meta({ title: "Method", description: 'Always "client_credentials".' }),
    client_id: z.string().min(1).meta({ title: "Client ID", description: "The app's client ID." }),
    client_secret: z
      .string()
      .min(1)
      .meta({ title: "Client secret", description: "The app's client secret." }),
    subject_type: labelledEnum({ enterprise: "Enterprise (service account)", user: "User" }).meta({
      title: "Subject type",
      description: "Act as the enterprise's service account or as one user.",
    }),
    subject_id: z
      .string()
      .regex(/^\d+$/)
      .meta({ title: "Subject ID", description: "The enterprise ID or the user ID.", examples: ["1234567"] }),
  })
  .meta({
    title: "Client credentials grant",
    description: "Server authentication with the client credentials grant.",
  });

const developerToken = z
  .strictObject({
    type: z.literal("developer_token").meta({ title: "Method", description: 'Always "developer_token".' }),
    developer_token: z.string().min(1).meta({
      title: "Developer token",
      description: "A 60-minute token from the app's Configuration page; for trials only.",
    }),
  })
  .meta({ title: "Developer token", description: "A short-lived token, for trying Plugboard out." });

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Names the Box app config JSON pasted as the credentials themselves (it goes under `app_config`), before the
 * union reports a bare "choose one of". Only adds issues to inputs the union refuses anyway.
 */
function explainAppConfigFile(input: unknown, ctx: z.core.$RefinementCtx): unknown {
  if (isPlainObject(input) && isPlainObject(input.boxAppSettings))
    ctx.addIssue({
      code: "custom",
      path: [],
      message:
        'This is the Box app config JSON: give it as credentials.app_config, with credentials.type "jwt".',
    });
  return input;
}

/** Config of the `box` provider. */
export const boxConfigSchema = z
  .strictObject({
    credentials: z
      .preprocess(explainAppConfigFile, inferableUnion("type", [jwtAuth, clientCredentials, developerToken]))
      .meta({
        title: "Credentials",
        description: "How the Box app authenticates.",
      }),
    folder_id: z
      .string()
      .regex(/^\d+$/, {
        error: (issue) =>
          typeof issue.input === "string" && /^\s*https?:|box\.com/i.test(issue.input)
            ? "This is the folder's address: give only the number at its end (…/folder/<number>)."
            : 'Give the folder\'s number, the end of its address (…/folder/<number>); "0" is All Files.',
      })
      .default("0")
      .meta({
        title: "Folder ID",
        description: 'The folder the connection reads ("0" is All Files).',
        examples: ["0", "123456789"],
      }),
  })
  .superRefine(
    (_config, ctx) => {
      // The parsed value drops unknown keys; zod's issue about them still lists them.
      const unknown = ctx.issues.flatMap((issue) =>
        issue.code === "unrecognized_keys" && (issue.path?.length ?? 0) === 0 ? issue.keys : [],
      );
      if (unknown.includes("boxAppSettings"))
        ctx.addIssue({
          code: "custom",
          path: ["credentials"],
          message:
            'The Box app config JSON is at the top level: give it as credentials.app_config, with credentials.type "jwt".',
        });
    },
    { when: () => true },
  );

/** The parsed config of the `box` provider. */
export type BoxConfig = z.output<typeof boxConfigSchema>;
