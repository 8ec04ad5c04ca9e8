import { httpUrlSchema } from "@plugboard/core";
import * as z from "zod";

/** Config of the example provider: a small notes API, with two auth methods to exercise unions. */
export const exampleConfigSchema = z.strictObject({
  base_url: httpUrlSchema().meta({
    title: "API base URL",
    description: "Where the Notes API is served.",
    examples: ["https://notes.example.com"],
  }),
  workspace: z
    .string()
    .min(1)
    .max(100)
    .meta({
      title: "Workspace",
      description: "The workspace the connection will read.",
      examples: ["team-notes"],
    }),
  credentials: z
    .discriminatedUnion("type", [
      z
        .strictObject({
          type: z.literal("api_key"),
          api_key: z.string().min(8).meta({ title: "API key", description: "A key from Settings → API." }),
        })
        .meta({ title: "API key" }),
      z
        .strictObject({
          type: z.literal("basic"),
          username: z.string().min(1).meta({ title: "Username" }),
          password: z.string().min(1).meta({ title: "Password" }),
        })
        .meta({ title: "Username and password" }),
    ])
    .meta({ title: "Authentication" }),
});

/** The example provider's parsed config. */
export type ExampleConfig = z.output<typeof exampleConfigSchema>;
