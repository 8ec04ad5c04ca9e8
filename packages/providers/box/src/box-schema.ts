import { inferableUnion, labelledEnum } from "@plugboard/core";
import * as z from "zod";

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
              .min(1)
              .meta({
                title: "Public key ID",
                description: "The id Box gave the app's public key.",
                examples: ["h5e9xw6r"],
              }),
            privateKey: z
              .string()
              .min(1)
              .meta({ title: "Private key", description: "The encrypted PEM private key of the key pair." }),
            passphrase: z
              .string()
              .min(1)
              .meta({ title: "Passphrase", description: "The private key's passphrase." }),
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

/** Config of the `box` provider. */
export const boxConfigSchema = z.strictObject({
  credentials: inferableUnion("type", [jwtAuth, clientCredentials, developerToken]).meta({
    title: "Credentials",
    description: "How the Box app authenticates.",
  }),
  folder_id: z
    .string()
    .regex(/^\d+$/)
    .default("0")
    .meta({
      title: "Folder ID",
      description: 'The folder the connection reads ("0" is All Files).',
      examples: ["0", "123456789"],
    }),
});

/** The parsed config of the `box` provider. */
export type BoxConfig = z.output<typeof boxConfigSchema>;
