import { httpUrlSchema } from "@plugboard/core";
import * as z from "zod";

/** The `provider_config` of a WebDAV connection. Every field has a title and a description: forms show them. */
export const webdavConfigSchema = z.strictObject({
  // httpUrlSchema: http(s) only, a rule the exported JSON Schema carries too.
  base_url: httpUrlSchema().meta({
    title: "Server URL",
    description: "The WebDAV server's address.",
    examples: ["https://dav.example.com"],
  }),
  auth: z
    .discriminatedUnion("type", [
      z
        .strictObject({
          type: z.literal("basic").meta({ title: "Method", description: "User name and password." }),
          username: z
            .string()
            .min(1)
            .max(256)
            .meta({ title: "User name", description: "The WebDAV account." }),
          password: z.string().min(1).max(1_024).meta({ title: "Password", description: "Its password." }),
        })
        .meta({ title: "User name and password" }),
      z
        .strictObject({
          type: z.literal("bearer").meta({ title: "Method", description: "A bearer token." }),
          token: z
            .string()
            .min(1)
            .max(4_096)
            .meta({ title: "Token", description: "Sent as a Bearer token." }),
        })
        .meta({ title: "Bearer token" }),
    ])
    .meta({ title: "Authentication", description: "How the server authenticates the connection." }),
  root_path: z
    .string()
    .regex(/^\/[^\s]*$/, { message: "A path starting with /." })
    .default("/")
    .meta({
      title: "Root folder",
      description: "The collection the connection reads.",
      examples: ["/dav/files/"],
    }),
});

/** A validated WebDAV config. */
export type WebdavConfig = z.output<typeof webdavConfigSchema>;
