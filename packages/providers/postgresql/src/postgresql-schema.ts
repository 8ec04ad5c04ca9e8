import { hostSchema, labelledEnum } from "@plugboard/core";
import * as z from "zod";
import { CONNECTION_STRING_START, readConnectionString } from "./connection-string.js";

const IDENTIFIER = /^[^\0]{1,63}$/;

/** How TLS is used, as libpq's `sslmode` (without the downgrade-prone `allow` and `prefer`). */
export const SSL_MODES = ["disable", "require", "verify-ca", "verify-full"] as const;

const sslSchema = z
  .strictObject({
    mode: labelledEnum({
      disable: "Disable (no TLS)",
      require: "Require (TLS, no certificate check)",
      "verify-ca": "Verify CA (certificate chains to the CA)",
      "verify-full": "Verify full (CA and host name)",
    } satisfies Record<(typeof SSL_MODES)[number], string>)
      .default("verify-full")
      .meta({
        title: "TLS mode",
        description:
          "disable: no TLS. require: TLS without certificate checks. verify-ca: the certificate must chain to the CA. verify-full: and match the host name.",
      }),
    ca: z
      .string()
      .min(1)
      .max(65_536)
      .optional()
      .meta({
        title: "CA certificate (PEM)",
        description: "For servers whose certificate is not signed by a public CA.",
        examples: ["-----BEGIN CERTIFICATE-----\n…\n-----END CERTIFICATE-----\n"],
      }),
  })
  .meta({
    title: "TLS",
    description: "Encryption of the connection. Left out: verify-full, or a connection string's own sslmode.",
  });

const scope = {
  ssl: sslSchema.optional(),
  schema: z
    .string()
    .regex(IDENTIFIER)
    .optional()
    .meta({
      title: "Schema",
      description: "The schema the connection will read; its USAGE privilege is checked.",
      examples: ["public"],
    }),
  tables: z
    .array(z.string().regex(IDENTIFIER))
    .max(100)
    .optional()
    .meta({
      title: "Tables",
      description:
        "Tables the connection will read (`table` in the schema above, or `schema.table`); SELECT is checked on each.",
      examples: [["orders", "public.customers"]],
    }),
};

/** Connection by separate fields. */
const fieldsSchema = z
  .strictObject({
    host: hostSchema().meta({
      title: "Host",
      description: "The server's host name or IP address, without scheme or port.",
      examples: ["db.example.com"],
    }),
    port: z
      .number()
      .int()
      .min(1)
      .max(65_535)
      .default(5432)
      .meta({ title: "Port", description: "The server's TCP port.", examples: [5432] }),
    database: z
      .string()
      .regex(IDENTIFIER)
      .meta({ title: "Database", description: "The database to connect to.", examples: ["analytics"] }),
    user: z
      .string()
      .regex(IDENTIFIER)
      .meta({ title: "User", description: "The role to log in as.", examples: ["plugboard_reader"] }),
    password: z
      .string()
      .min(1)
      .max(1_024)
      .meta({ title: "Password", description: "The role's password (password or SCRAM authentication)." }),
    ...scope,
  })
  .meta({ title: "Host and credentials" });

/**
 * Connection by one connection string, as vendors show it: a `postgresql://` URI (Neon, Supabase, Heroku,
 * Render…) or libpq's `key=value` pairs (Azure). Each problem is its own issue (see `readConnectionString`).
 */
const connectionStringSchema = z
  .strictObject({
    connection_string: z
      .string()
      .min(1)
      .max(4_096)
      .regex(/^(?!jdbc:)/, {
        message:
          "This is a JDBC URL: remove the jdbc: prefix (postgresql://host:5432/database?user=…&password=… is accepted).",
        abort: true,
      })
      .regex(CONNECTION_STRING_START, {
        message:
          "Must start with postgres:// or postgresql://, or be key=value pairs (host=… dbname=… user=… password=…).",
        abort: true,
      })
      .superRefine((value, ctx) => {
        const reading = readConnectionString(value);
        if (!reading.ok) for (const message of reading.problems) ctx.addIssue({ code: "custom", message });
      })
      .meta({
        title: "Connection string",
        description:
          "A postgres:// URI naming the host, the user (with password) and the database, or libpq key=value pairs.",
        examples: ["postgresql://reader:••••@db.example.com:5432/analytics?sslmode=verify-full"],
      }),
    ...scope,
  })
  .meta({ title: "Connection string" });

/** The `provider_config` of a PostgreSQL connection: separate fields, or one connection string. */
export const postgresqlConfigSchema = z.union([fieldsSchema, connectionStringSchema]);

/** A validated PostgreSQL config. */
export type PostgresqlConfig = z.output<typeof postgresqlConfigSchema>;
