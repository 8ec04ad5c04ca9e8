import { hostSchema } from "@plugboard/core";
import { parse as parseConnectionString } from "pg-connection-string";
import * as z from "zod";

const IDENTIFIER = /^[^\0]{1,63}$/;

/** How TLS is used, as libpq's `sslmode` (without the downgrade-prone `allow` and `prefer`). */
export const SSL_MODES = ["disable", "require", "verify-ca", "verify-full"] as const;

const sslSchema = z
  .strictObject({
    mode: z.enum(SSL_MODES).default("verify-full").meta({
      title: "TLS mode",
      description:
        "disable: no TLS. require: TLS without certificate checks. verify-ca: the certificate must chain to the CA. verify-full: and match the host name.",
    }),
    ca: z.string().min(1).max(65_536).optional().meta({
      title: "CA certificate (PEM)",
      description: "For servers whose certificate is not signed by a public CA.",
    }),
  })
  .meta({ title: "TLS" });

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
    host: hostSchema().meta({ title: "Host", examples: ["db.example.com"] }),
    port: z.number().int().min(1).max(65_535).default(5432).meta({ title: "Port" }),
    database: z
      .string()
      .regex(IDENTIFIER)
      .meta({ title: "Database", examples: ["analytics"] }),
    user: z
      .string()
      .regex(IDENTIFIER)
      .meta({ title: "User", examples: ["plugboard_reader"] }),
    password: z.string().min(1).max(1_024).meta({ title: "Password" }),
    ...scope,
  })
  .meta({ title: "Host and credentials" });

/** Connection by a single `postgres://user:password@host:port/database` URI. */
const connectionStringSchema = z
  .strictObject({
    connection_string: z
      .string()
      .min(1)
      .max(4_096)
      .regex(/^postgres(ql)?:\/\//, { message: "Must start with postgres:// or postgresql://." })
      .refine(isUsableConnectionString, { message: "Must name a host, a user and a database." })
      .meta({
        title: "Connection string",
        examples: ["postgresql://reader:••••@db.example.com:5432/analytics"],
      }),
    ...scope,
  })
  .meta({ title: "Connection string" });

function isUsableConnectionString(value: string): boolean {
  try {
    const parsed = parseConnectionString(value);
    return Boolean(parsed.host && parsed.user && parsed.database);
  } catch {
    return false;
  }
}

/** The `provider_config` of a PostgreSQL connection: separate fields, or one connection string. */
export const postgresqlConfigSchema = z.union([fieldsSchema, connectionStringSchema]);

/** A validated PostgreSQL config. */
export type PostgresqlConfig = z.output<typeof postgresqlConfigSchema>;
