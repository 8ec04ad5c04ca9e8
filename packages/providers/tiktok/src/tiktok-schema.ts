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
/** TikTok's keys and tokens are one word: a space means "Bearer …" or a line break came along with the copy. */
const ONE_WORD = /^\S+$/;
const clientSecret = () =>
  z
    .string()
    .min(1)
    .max(256)
    .regex(ONE_WORD, { message: "Paste the secret alone: no spaces or line breaks." })
    .meta({ title: "Client secret", description: "The app's client secret." });
const token = () =>
  z
    .string()
    .min(1)
    .max(2_048)
    .regex(ONE_WORD, { message: 'Paste the token alone: no "Bearer ", spaces or line breaks.' });

/*
 * TikTok's documented prefixes tell its tokens apart: act. (a user's access token), rft. (its refresh token),
 * clt. (an app's client token). A token pasted into the wrong field is named instead of sent to TikTok.
 */
const userAccessToken = () =>
  token()
    .regex(/^(?!rft\.)/, {
      message:
        "This is the refresh token (rft.…): paste the access token (act.…) here, and this one in refresh_token.",
    })
    .regex(/^(?!clt\.)/, {
      message:
        'A client token (clt.…) cannot read a user: paste the user\'s access token (act.…), or use mode "client_credentials" with client_key and client_secret.',
    })
    .meta({
      title: "Access token",
      description: "The user's access token (act.…). A test reads with it and never refreshes it.",
    });
const refreshToken = () =>
  token()
    .regex(/^(?!act\.|clt\.)/, {
      message: "This is an access token: the refresh token is the one starting with rft.",
    })
    .meta({
      title: "Refresh token",
      description:
        "Kept for your sync to refresh the access token (rft.…); a test never uses it, because TikTok rotates it.",
    });

/**
 * The `provider_config` of a TikTok connection: a user's Login Kit token, or an app's client-credentials grant
 * (Research API and Commercial Content API apps).
 */
export const tiktokConfigSchema = inferableUnion("mode", [
  z
    .strictObject({
      mode: z.literal("user").meta({ title: "Mode", description: "A user's Login Kit token." }),
      access_token: userAccessToken(),
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
      refresh_token: refreshToken().optional(),
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
