import { inferableUnion } from "@plugboard/core";
import * as z from "zod";

const GRAPH_VERSION = /^v\d{1,3}\.\d{1,2}$/;
const ACCOUNT_ID = /^\d{1,32}$/;
/** Graph tokens are one word: a space means "Bearer …" or a line break came along with the copy. */
const ONE_WORD = /^\S+$/;

const accessToken = () =>
  z
    .string()
    .min(1)
    .max(4_096)
    .regex(ONE_WORD, {
      message: 'Paste the token alone: no "Bearer ", spaces or line breaks.',
    })
    .meta({ title: "Access token", description: "Never refreshed by a test." });
const accountId = () =>
  z.string().regex(ACCOUNT_ID, {
    message: "The numeric Instagram account id (such as 17841400000000000), not the @username.",
  });
const graphApiVersion = () =>
  z
    .string()
    .regex(GRAPH_VERSION, { message: "A Graph API version such as v25.0." })
    .default("v25.0")
    .meta({
      title: "Graph API version",
      description: "The versioned Graph API path the test calls.",
      examples: ["v25.0"],
    });

/** The `provider_config` of an Instagram connection: Instagram Login or Facebook Login. */
export const instagramConfigSchema = inferableUnion("login_type", [
  z
    .strictObject({
      login_type: z.literal("instagram").meta({ title: "Login", description: 'Always "instagram".' }),
      access_token: accessToken(),
      ig_user_id: accountId().optional().meta({
        title: "Instagram account id",
        description: "When given, the token must belong to this account.",
      }),
      graph_api_version: graphApiVersion(),
    })
    .meta({ title: "Instagram Login (graph.instagram.com)" }),
  z
    .strictObject({
      login_type: z.literal("facebook").meta({ title: "Login", description: 'Always "facebook".' }),
      access_token: accessToken(),
      ig_user_id: accountId().meta({
        title: "Instagram account id",
        description:
          "The Instagram professional account linked to the Facebook Page; the token must reach it.",
        examples: ["17841400000000000"],
      }),
      app_id: z
        .string()
        .regex(ACCOUNT_ID, { message: "The numeric App ID shown in the Meta App Dashboard." })
        .optional()
        .meta({
          title: "App id",
          description: "With the app secret, enables a debug_token check of validity, scopes and expiry.",
        }),
      app_secret: z
        .string()
        .min(1)
        .max(256)
        .optional()
        .meta({ title: "App secret", description: "With the app id, enables the debug_token check." }),
      required_scopes: z
        .array(z.string().regex(/^[a-z_]{1,64}$/))
        .max(50)
        .optional()
        .meta({
          title: "Required permissions",
          description: "Scopes the token must have been granted; checked with debug_token.",
          examples: [["instagram_basic", "pages_show_list"]],
        }),
      graph_api_version: graphApiVersion(),
    })
    .meta({ title: "Facebook Login (graph.facebook.com)" }),
]);

/** A validated Instagram config. */
export type InstagramConfig = z.output<typeof instagramConfigSchema>;
