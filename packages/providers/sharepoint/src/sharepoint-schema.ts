import { httpUrlSchema, inferableUnion, labelledEnum } from "@plugboard/core";
import * as z from "zod";

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
// A tenant is named by its GUID or one of its verified domains (contoso.onmicrosoft.com).
const TENANT =
  /^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+)$/;

const clientSecret = z
  .strictObject({
    type: z.literal("client_secret").meta({ title: "Method", description: 'Always "client_secret".' }),
    client_secret: z
      .string()
      .min(1)
      .meta({
        title: "Client secret",
        description: "A secret value from the app registration's Certificates & secrets page.",
        examples: ["Abc8Q~…"],
      }),
  })
  .meta({ title: "Client secret", description: "The app authenticates with a client secret." });

const certificate = z
  .strictObject({
    type: z.literal("certificate").meta({ title: "Method", description: 'Always "certificate".' }),
    certificate: z
      .string()
      .min(1)
      .meta({
        title: "Certificate",
        description: "The PEM certificate uploaded to the app registration (`-----BEGIN CERTIFICATE-----…`).",
        examples: ["-----BEGIN CERTIFICATE-----\n…\n-----END CERTIFICATE-----\n"],
      }),
    private_key: z
      .string()
      .min(1)
      .meta({
        title: "Private key",
        description: "The certificate's PEM private key (PKCS#8 or PKCS#1, optionally encrypted).",
        examples: ["-----BEGIN PRIVATE KEY-----\n…\n-----END PRIVATE KEY-----\n"],
      }),
    private_key_passphrase: z
      .string()
      .min(1)
      .optional()
      .meta({ title: "Private key passphrase", description: "Only when the private key is encrypted." }),
  })
  .meta({
    title: "Certificate",
    description: "The app authenticates with a certificate (a signed client assertion).",
  });

/** The Microsoft clouds a tenant can live in; each has its own login and Graph hosts. */
export const NATIONAL_CLOUDS = {
  global: { login: "https://login.microsoftonline.com", graph: "https://graph.microsoft.com" },
  us_gov: { login: "https://login.microsoftonline.us", graph: "https://graph.microsoft.us" },
  us_gov_dod: { login: "https://login.microsoftonline.us", graph: "https://dod-graph.microsoft.us" },
  china: { login: "https://login.chinacloudapi.cn", graph: "https://microsoftgraph.chinacloudapi.cn" },
} as const;

/** Config of the `sharepoint` provider. */
export const sharepointConfigSchema = z
  .strictObject({
    tenant_id: z
      .string()
      .regex(TENANT)
      .meta({
        title: "Tenant ID",
        description: "The Directory (tenant) ID of the app registration, or a verified domain of the tenant.",
        examples: ["72f988bf-86f1-41af-91ab-2d7cd011db47", "contoso.onmicrosoft.com"],
      }),
    client_id: z
      .string()
      .regex(GUID)
      .meta({
        title: "Client ID",
        description: "The Application (client) ID of the app registration.",
        examples: ["2f6c1a3e-5b7d-4c8e-9f01-23456789abcd"],
      }),
    credentials: inferableUnion("type", [clientSecret, certificate]).meta({
      title: "Credentials",
      description: "How the app registration proves its identity.",
    }),
    site_url: httpUrlSchema()
      .optional()
      .meta({
        title: "Site URL",
        description: "The SharePoint site, as its address in the browser. Give this or site_id.",
        examples: ["https://contoso.sharepoint.com/sites/Marketing"],
      }),
    site_id: z
      .string()
      .min(1)
      .max(300)
      .optional()
      .meta({
        title: "Site ID",
        description: "The Graph site id (`hostname,site-collection-guid,web-guid`). Give this or site_url.",
        examples: [
          "contoso.sharepoint.com,2c712604-1370-44e7-a1f5-426573fda80a,2d2244c3-251a-49ea-93a8-39e1c3a060fe",
        ],
      }),
    drive_name: z
      .string()
      .min(1)
      .max(255)
      .optional()
      .meta({
        title: "Document library name",
        description: "The library the connection reads; without it and drive_id, the site's default library.",
        examples: ["Documents"],
      }),
    drive_id: z
      .string()
      .min(1)
      .max(300)
      .optional()
      .meta({
        title: "Document library ID",
        description: "The Graph drive id of the library.",
        examples: ["b!BN8c…"],
      }),
    cloud: labelledEnum({
      global: "Global",
      us_gov: "US Government (GCC High)",
      us_gov_dod: "US Government DoD",
      china: "China (21Vianet)",
    } satisfies Record<keyof typeof NATIONAL_CLOUDS, string>)
      .default("global")
      .meta({
        title: "National cloud",
        description:
          "Where the tenant lives: global, US Government (GCC High), US Government DoD, or China (21Vianet).",
      }),
  })
  .superRefine((config, issues) => {
    if ((config.site_url === undefined) === (config.site_id === undefined))
      issues.addIssue({
        code: "custom",
        path: ["site_url"],
        message: "Give exactly one of site_url and site_id.",
      });
    if (config.drive_name !== undefined && config.drive_id !== undefined)
      issues.addIssue({
        code: "custom",
        path: ["drive_id"],
        message: "Give drive_name or drive_id, not both.",
      });
  });

/** The parsed config of the `sharepoint` provider. */
export type SharepointConfig = z.output<typeof sharepointConfigSchema>;
