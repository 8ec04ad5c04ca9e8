import { validationProbe } from "@plugboard/testkit";
import { describe, expect, it } from "vitest";
import { connectionSettings } from "./connection-settings.js";
import postgresql from "./postgresql-provider.js";

const { parsed, issuesOf } = validationProbe(postgresql);

/**
 * Connection strings and fields exactly as hosted-PostgreSQL vendors show them — Neon, Supabase, Heroku, RDS,
 * Azure (libpq key=value) — pasted where a user would put them: a valid config, or issues that say what to
 * change. All values are fake.
 */

/** The messages of the issues on `connection_string`. */
const stringIssues = (connection_string: string) =>
  issuesOf({ connection_string }).map((issue) => {
    expect(issue.path).toBe("connection_string");
    return issue.message;
  });

describe("postgresql: what hosted-PostgreSQL vendors hand out", () => {
  it("accepts Neon's connection string (sslmode=require, channel_binding=require) and applies both", () => {
    const config = parsed({
      connection_string:
        "postgresql://neondb_owner:npg_AbC123xYz@ep-cool-darkness-123456.us-east-2.aws.neon.tech/neondb?sslmode=require&channel_binding=require",
    });
    expect(connectionSettings(config)).toMatchObject({
      host: "ep-cool-darkness-123456.us-east-2.aws.neon.tech",
      port: 5432,
      database: "neondb",
      user: "neondb_owner",
      password: "npg_AbC123xYz",
      sslMode: "require",
      channelBinding: "require",
    });
  });

  it("accepts Neon's pooled string with its options=endpoint%3D… parameter, passed on to the server", () => {
    const config = parsed({
      connection_string:
        "postgresql://alex:AbC123dEf@ep-cool-darkness-123456-pooler.us-east-2.aws.neon.tech/dbname?sslmode=require&options=endpoint%3Dep-cool-darkness-123456",
    });
    expect(connectionSettings(config).options).toBe("endpoint=ep-cool-darkness-123456");
  });

  it("accepts Supabase's session and transaction pooler strings (user postgres.<ref>, port 6543)", () => {
    const transaction = parsed({
      connection_string:
        "postgresql://postgres.abcdefghijklmnopqrst:s3cr3t-Pa55@aws-0-eu-central-1.pooler.supabase.com:6543/postgres",
    });
    expect(connectionSettings(transaction)).toMatchObject({
      host: "aws-0-eu-central-1.pooler.supabase.com",
      port: 6543,
      user: "postgres.abcdefghijklmnopqrst",
      database: "postgres",
      sslMode: "verify-full",
    });
    // The ORM tab's variant (Prisma) adds pgbouncer=true: accepted, no effect on the test.
    parsed({
      connection_string:
        "postgresql://postgres.abcdefghijklmnopqrst:s3cr3t-Pa55@aws-0-eu-central-1.pooler.supabase.com:6543/postgres?pgbouncer=true&connection_limit=1",
    });
  });

  it("says when Supabase's [YOUR-PASSWORD] placeholder was left in place", () => {
    expect(
      stringIssues("postgresql://postgres:[YOUR-PASSWORD]@db.abcdefghijklmnopqrst.supabase.co:5432/postgres"),
    ).toEqual([
      "The password is still the placeholder the console showed: put the database password in its place.",
    ]);
  });

  it("accepts Heroku's DATABASE_URL (postgres://, no sslmode: certificates are verified)", () => {
    const config = parsed({
      connection_string:
        "postgres://u1a2b3c4d5e6f7:p9f8e7d6c5b4a3928171605f4e3d2c1b0a@c5hilnj7pn10vb.cluster-czrs8kj4isg7.us-east-1.rds.amazonaws.com:5432/d8k2j4h6g8f0a1",
    });
    expect(connectionSettings(config)).toMatchObject({
      port: 5432,
      database: "d8k2j4h6g8f0a1",
      sslMode: "verify-full",
    });
  });

  it("accepts an RDS endpoint and port as fields, with description and provider_type", () => {
    const config = parsed({
      host: "plugboard-db.c9akciq32.eu-west-1.rds.amazonaws.com",
      port: 5432,
      database: "analytics",
      user: "plugboard_reader",
      password: "Rds-Pa55-0001",
      ssl: { mode: "verify-full" },
      description: "Reporting replica",
      provider_type: "postgresql",
    });
    expect(config).toMatchObject({ description: "Reporting replica", provider_type: "postgresql" });
  });

  it("says to split an RDS endpoint pasted with its port into host", () => {
    const issues = issuesOf({
      host: "plugboard-db.c9akciq32.eu-west-1.rds.amazonaws.com:5432",
      database: "analytics",
      user: "reader",
      password: "pw",
    });
    expect(issues).toEqual([
      { path: "host", code: "invalid_format", message: "A host name or IP address, without scheme or port." },
    ]);
  });

  it("accepts libpq's key=value string, as Azure's portal shows it, quoted values too", () => {
    const config = parsed({
      connection_string:
        "host=plugboard.postgres.database.azure.com port=5432 dbname=analytics user=reader password='its a \\'secret\\'' sslmode=require",
    });
    expect(connectionSettings(config)).toMatchObject({
      host: "plugboard.postgres.database.azure.com",
      port: 5432,
      database: "analytics",
      user: "reader",
      password: "its a 'secret'",
      sslMode: "require",
    });
  });

  it("says when Azure's {your_password} placeholder was left in place", () => {
    expect(
      stringIssues(
        "host=plugboard.postgres.database.azure.com port=5432 dbname=analytics user=reader password={your_password} sslmode=require",
      ),
    ).toEqual([
      "The password is still the placeholder the console showed: put the database password in its place.",
    ]);
  });

  it("accepts options=-c search_path=… and passes it on", () => {
    const config = parsed({
      connection_string: "postgresql://reader:pw@db.example.com/analytics?options=-c%20search_path%3Dsales",
    });
    expect(connectionSettings(config).options).toBe("-c search_path=sales");
  });

  it("accepts sslrootcert=system (public CAs, verify-full) and names a file path as what to paste instead", () => {
    const system = parsed({
      connection_string: "postgresql://reader:pw@db.example.com/analytics?sslrootcert=system",
    });
    expect(connectionSettings(system).sslMode).toBe("verify-full");
    expect(
      stringIssues(
        "postgresql://reader:pw@db.example.com/analytics?sslmode=verify-full&sslrootcert=/home/me/.postgresql/root.crt",
      ),
    ).toEqual([
      "Parameter sslrootcert names a file on the client, which Plugboard cannot read: paste the CA certificate (PEM) into ssl.ca instead, or use sslrootcert=system for a public CA.",
    ]);
  });

  it("never reads a file a connection string names", () => {
    // A device that never ends: reading it would hang or exhaust memory.
    const messages = stringIssues(
      "postgresql://reader:pw@db.example.com/analytics?sslrootcert=/dev/zero&sslkey=/dev/zero",
    );
    expect(messages).toEqual([
      "Parameter sslkey (a client certificate's key) is not supported: use password authentication.",
      expect.stringMatching(/^Parameter sslrootcert names a file on the client/),
    ]);
  });

  it("names each parameter it does not take, and unknown ones", () => {
    expect(
      stringIssues(
        "postgresql://reader:pw@db.example.com/analytics?sslcert=client.crt&passfile=.pgpass&schema=sales&frobnicate=1",
      ),
    ).toEqual([
      "Parameter sslcert (a client certificate) is not supported: use password authentication.",
      "Parameter passfile names a file on the client, which Plugboard cannot read: put the password in the string.",
      "Parameter schema is Prisma's, not PostgreSQL's: set the schema field of the config instead.",
      'Unknown parameter "frobnicate".',
    ]);
  });

  it("names a bad sslmode or channel_binding, and channel_binding=require without TLS", () => {
    expect(stringIssues("postgresql://reader:pw@db.example.com/analytics?sslmode=true")).toEqual([
      "Parameter sslmode must be disable, allow, prefer, require, verify-ca or verify-full.",
    ]);
    expect(
      stringIssues("postgresql://reader:pw@db.example.com/analytics?sslmode=disable&channel_binding=require"),
    ).toEqual(["Parameter channel_binding=require needs TLS, which sslmode=disable turns off."]);
    expect(stringIssues("postgresql://reader:pw@db.example.com/analytics?channel_binding=yes")).toEqual([
      "Parameter channel_binding must be disable, prefer or require.",
    ]);
  });

  it("says what to do with a JDBC URL, a password with unencoded characters and a missing database", () => {
    expect(stringIssues("jdbc:postgresql://db.example.com:5432/analytics?user=reader&password=pw")).toEqual([
      "This is a JDBC URL: remove the jdbc: prefix (postgresql://host:5432/database?user=…&password=… is accepted).",
    ]);
    // …which is a valid libpq URI once the prefix is gone.
    expect(
      connectionSettings(
        parsed({ connection_string: "postgresql://db.example.com:5432/analytics?user=reader&password=pw" }),
      ),
    ).toMatchObject({ user: "reader", password: "pw" });
    expect(stringIssues("postgresql://reader:pa#ss@db.example.com/analytics")).toEqual([
      expect.stringMatching(/percent-encode/),
    ]);
    expect(stringIssues("postgresql://reader:pw@db.example.com:5432")).toEqual([
      "Names no database (the path after the host, e.g. /analytics).",
    ]);
  });

  it("never quotes the string (its password) in an issue", () => {
    const password = "Quoted-Never-77f1";
    for (const connection_string of [
      `postgresql://reader:${password}@db.example.com/analytics?sslmode=maybe`,
      `postgresql://reader:${password}#x@db.example.com/analytics`,
      `host=db.example.com user=reader password=${password} weird=1`,
    ])
      expect(JSON.stringify(issuesOf({ connection_string }))).not.toContain(password);
  });
});
