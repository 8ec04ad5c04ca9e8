import { inferableUnion, labelledEnum } from "@plugboard/core";
import * as z from "zod";
import { PROVABLE_SCOPES, SCOPE_LABELS } from "./scope-probes.js";

const CLIENT_KEY = /^[A-Za-z0-9_-]{1,64}$/;

const clientKey = () =>
  z
    .string()
    .regex(CLIENT_KEY, { message: "A TikTok client key: letters, digits, - and _." })
    .meta({
      title: "Client key",
      description: "The app's client key, from the TikTok for Developers portal.",
      examples: ["awk1a2b3c4d5e6f7"],
    });
const clientSecret = () =>
  z.string().min(1).max(256).meta({ title: "Client secret", description: "The app's client secret." });
const token = (title: string, description: string) =>
  z.string().min(1).max(2_048).meta({ title, description });

/**
 * The `provider_config` of a TikTok connection: a user's Login Kit token, or an app's client-credentials grant
 * (Research API and Commercial Content API apps).
 */
export const tiktokConfigSchema = inferableUnion("mode", [
  z
    .strictObject({
      mode: z.literal("user").meta({ title: "Mode", description: "A user's Login Kit token." }),
      access_token: token(
        "Access token",
        "The user's access token (act.…). A test reads with it and never refreshes it.",
      ),
      open_id: z.string().min(1).max(128).optional().meta({
        title: "Open id",
        description: "When given, the token must belong to this TikTok user.",
      }),
      required_scopes: z
        .array(labelledEnum(SCOPE_LABELS))
        .max(PROVABLE_SCOPES.length)
        .optional()
        .meta({
          title: "Required scopes",
          description:
            "Scopes the sync needs; each is proven by a read that only it allows. user.info.basic is always checked.",
          examples: [["user.info.basic", "video.list"]],
        }),
      refresh_token: token(
        "Refresh token",
        "Kept for your sync to refresh the access token (rft.…); a test never uses it, because TikTok rotates it.",
      ).optional(),
      client_key: clientKey().optional(),
      client_secret: clientSecret().optional(),
    })
    .meta({ title: "User token (Login Kit)" }),
  z
    .strictObject({
      mode: z
        .literal("client_credentials")
        .meta({ title: "Mode", description: "The app's own client-credentials grant." }),
      client_key: clientKey(),
      client_secret: clientSecret(),
    })
    .meta({ title: "App client credentials (Research / Commercial Content API)" }),
]);

/** A validated TikTok config. */
export type TiktokConfig = z.output<typeof tiktokConfigSchema>;
