import { defineProvider } from "@plugboard/core";
import * as z from "zod";

// Written for a contract version this core does not know.
export default defineProvider({
  type: "future_api",
  displayName: "Future API",
  description: "A provider built for a newer provider contract.",
  docsUrl: "https://plugboard.dev/docs/authoring-a-provider",
  apiVersion: 99,
  configSchema: z.strictObject({ url: z.url() }),
  secretFields: [],
  async check() {},
});
