import { hostSchema } from "@plugboard/core";
import * as z from "zod";

const ZONE = /^[A-Za-z0-9_-]{1,64}$/;
/** The zone's proxy username as "Access details" shows it: brd-customer-<customer id>-zone-<zone>[-flags]. */
const PROXY_USERNAME_PREFIX = "brd-customer-";
/**
 * A token pasted with the scheme or the header name a curl line shows (`Authorization: Bearer …`). Letter
 * classes instead of a flag: JSON Schema patterns have none.
 */
const NO_SCHEME_PREFIX =
  /^(?![Bb][Ee][Aa][Rr][Ee][Rr]\s|[Aa][Uu][Tt][Hh][Oo][Rr][Ii][Zz][Aa][Tt][Ii][Oo][Nn]\s*:)/;

const zoneName = () =>
  z
    .string()
    .regex(ZONE, { message: "A zone name: letters, digits, - and _." })
    .meta({
      title: "Zone",
      examples: ["web_unlocker1"],
    });

const proxySchema = z
  .strictObject({
    customer_id: z
      .string()
      .regex(/^[A-Za-z0-9_]{1,64}$/, {
        error: (issue) =>
          typeof issue.input === "string" && issue.input.startsWith(PROXY_USERNAME_PREFIX)
            ? "This is the whole proxy username: customer_id is the part between brd-customer- and -zone- (hl_…), zone the part after -zone-."
            : "The customer id, such as hl_1a2b3c4d.",
      })
      .meta({
        title: "Customer id",
        description: "From the zone's access details; the proxy user is brd-customer-<id>-zone-<zone>.",
        examples: ["hl_1a2b3c4d"],
      }),
    zone: zoneName().meta({ description: "The proxy zone these credentials belong to." }),
    zone_password: z
      .string()
      .min(1)
      .max(256)
      .regex(/^(?!brd-customer-)/, {
        message: "This holds the proxy username too: zone_password is only the part after the colon.",
      })
      .meta({ title: "Zone password", description: "The zone's password, from its access details." }),
    host: hostSchema().default("brd.superproxy.io").meta({
      title: "Super-proxy host",
      description: "Bright Data's super-proxy; change it only for a private endpoint.",
    }),
    port: z.number().int().min(1).max(65_535).default(33_335).meta({
      title: "Super-proxy port",
      description: "33335 (current certificate); 22225 is the legacy port.",
    }),
  })
  .meta({
    title: "Proxy zone credentials",
    description: "Checked with one CONNECT handshake through the super-proxy, closed at once.",
  });

const apiSchema = z
  .strictObject({
    token: z
      .string()
      .min(1)
      .max(512)
      .regex(NO_SCHEME_PREFIX, { message: 'Paste the key alone: "Authorization: Bearer " is added for you.' })
      .meta({
        title: "API key",
        description: "An account API key, sent as a Bearer token to api.brightdata.com.",
      }),
    zone: zoneName().optional().meta({ description: "This zone must exist and be active." }),
    dataset_id: z
      .string()
      .regex(/^gd_[a-z0-9]{1,64}$/, { message: "A dataset id, such as gd_l1vijqt9jfj7olije." })
      .optional()
      .meta({
        title: "Dataset id",
        description: "This dataset must be available to the account.",
        examples: ["gd_l1vijqt9jfj7olije"],
      }),
  })
  .meta({
    title: "API key",
    description: "Checked by listing the account's active zones (a free, read-only call).",
  });

/**
 * The `provider_config` of a Bright Data connection: an API key (account endpoints, zones, datasets), proxy
 * zone credentials, or both — each configured part is checked.
 */
export const brightdataConfigSchema = z
  .strictObject({ api: apiSchema.optional(), proxy: proxySchema.optional() })
  .refine((config) => config.api !== undefined || config.proxy !== undefined, {
    path: ["api"],
    message: "Give an API key (api), proxy zone credentials (proxy), or both.",
  })
  // The same rule for JSON Schema: with no other properties allowed, one of the two must be present.
  .meta({ minProperties: 1 });

/** A validated Bright Data config. */
export type BrightdataConfig = z.output<typeof brightdataConfigSchema>;
