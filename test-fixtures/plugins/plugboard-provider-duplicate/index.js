import { defineProvider } from "@plugboard/core";
import * as z from "zod";

// Declares the same type as plugboard-provider-example.
export default defineProvider({
  type: "status_page",
  displayName: "Another Status Page",
  description: "Claims a type another plugin already registered.",
  docsUrl: "https://plugboard.dev/docs/authoring-a-provider",
  configSchema: z.strictObject({ url: z.url() }),
  secretFields: [],
  async check() {},
});
