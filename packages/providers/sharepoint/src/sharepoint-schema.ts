import { inferableUnion, labelledEnum } from "@plugboard/core";
import * as z from "zod";

const GUID_TEXT = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";
const GUID = new RegExp(`^${GUID_TEXT}$`);
// A tenant is named by its GUID or one of its verified domains (contoso.onmicrosoft.com); a SharePoint host
// (contoso.sharepoint.com) looks like a domain but names no tenant.
const TENANT = new RegExp(
  `^(${GUID_TEXT}|(?![^/]*\\.sharepoint\\.(com|us|cn|de)$)[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+)$`,
);
// The certificate itself, not its thumbprint (40 hex digits) nor a .pfx.
const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----/;
// A site's own address: not a page (.aspx), a library view (/Forms/), a list, a sharing link (/:f:/), nor
// with a query or fragment. The JSON Schema pattern says the same as zod, and also requires http(s).
const SITE_URL =
  /^[Hh][Tt][Tt][Pp][Ss]?:\/\/(?![^?#]*(\.aspx|\/_layouts\/|\/Forms\/|\/SitePages\/|\/Lists\/|\/Shared(%20| )Documents|\/:[a-zA-Z]:\/))[^?#]*$/;

const isString = (value: unknown): value is string => typeof value === "string";

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
      .regex(PEM_CERTIFICATE, {
        error: (issue) => {
          const input = isString(issue.input) ? issue.input : "";
          if (/^\s*([0-9a-fA-F]{2}[:\s]?){20}\s*$/.test(input))
            return "This is the certificate's thumbprint: paste the certificate itself, the PEM file uploaded to the app registration (-----BEGIN CERTIFICATE-----…).";
          if (input.includes("PRIVATE KEY-----"))
            return "This is a private key: paste the certificate (-----BEGIN CERTIFICATE-----…) here, and the key in private_key.";
          return "Paste the PEM certificate (-----BEGIN CERTIFICATE-----…); from a .pfx, extract it with `openssl pkcs12 -in cert.pfx -clcerts -nokeys`.";
        },
      })
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

/** Where each field of `az ad sp create-for-rbac`'s output goes. */
const AZ_FIELDS: Record<string, string> = {
  appId: 'From "az ad sp create-for-rbac": put appId in client_id.',
  tenant: 'From "az ad sp create-for-rbac": put tenant in tenant_id.',
  password:
    'From "az ad sp create-for-rbac": put password in credentials.client_secret (type "client_secret").',
  displayName: 'From "az ad sp create-for-rbac": displayName is not needed; leave it out.',
};

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Names the output of `az ad sp create-for-rbac` pasted as the credentials, before the union reports a bare
 * "choose one of". Only adds issues to inputs the union refuses anyway.
 */
function explainAzureOutput(input: unknown, ctx: z.core.$RefinementCtx): unknown {
  if (isPlainObject(input) && "appId" in input && "password" in input)
    ctx.addIssue({
      code: "custom",
      path: [],
      message:
        'This is the output of "az ad sp create-for-rbac": put appId in client_id and tenant in tenant_id, and ' +
        'give credentials as { "type": "client_secret", "client_secret": <password> }.',
    });
  return input;
}

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
      .regex(TENANT, {
        error: (issue) =>
          isString(issue.input) && /sharepoint\.(com|us|cn|de)\s*$/i.test(issue.input)
            ? "This is the SharePoint host, not the tenant: give the Directory (tenant) ID from the app registration's Overview page, or a verified domain such as contoso.onmicrosoft.com."
            : "Give the Directory (tenant) ID, a GUID from the app registration's Overview page, or a verified domain such as contoso.onmicrosoft.com.",
      })
      .meta({
        title: "Tenant ID",
        description: "The Directory (tenant) ID of the app registration, or a verified domain of the tenant.",
        examples: ["72f988bf-86f1-41af-91ab-2d7cd011db47", "contoso.onmicrosoft.com"],
      }),
    client_id: z
      .string()
      .regex(GUID, {
        error: "Give the Application (client) ID, a GUID from the app registration's Overview page.",
      })
      .meta({
        title: "Client ID",
        description: "The Application (client) ID of the app registration.",
        examples: ["2f6c1a3e-5b7d-4c8e-9f01-23456789abcd"],
      }),
    credentials: z.preprocess(explainAzureOutput, inferableUnion("type", [clientSecret, certificate])).meta({
      title: "Credentials",
      description: "How the app registration proves its identity.",
    }),
    site_url: z
      .url({ protocol: /^https?$/ })
      .regex(SITE_URL, {
        error:
          "This is the address of a page, library or sharing link, not of the site: give the site's address up to " +
          "its name (https://contoso.sharepoint.com/sites/Finance), and the library in drive_name.",
      })
      .optional()
      .meta({
        title: "Site URL",
        format: "uri",
        description:
          "The SharePoint site's address (https://contoso.sharepoint.com/sites/Finance), without a page or library. Give this or site_id.",
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
  .superRefine(
    (_config, ctx) => {
      // The parsed value drops unknown keys; zod's issue about them still lists them.
      const unknown = ctx.issues.flatMap((issue) =>
        issue.code === "unrecognized_keys" && (issue.path?.length ?? 0) === 0 ? issue.keys : [],
      );
      if (!unknown.includes("appId")) return;
      for (const key of unknown) {
        const message = AZ_FIELDS[key];
        if (message) ctx.addIssue({ code: "custom", path: [key], message });
      }
    },
    { when: () => true },
  )
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
