/**
 * The scopes a test can prove, each with the cheapest read that only that scope allows. Scopes whose only
 * endpoints write or upload (video.upload) or spend a quota (research.*) cannot be proven without side
 * effects, so they are not offered.
 */
export const SCOPE_LABELS = {
  "user.info.basic": "Basic profile (user.info.basic)",
  "user.info.profile": "Profile details (user.info.profile)",
  "user.info.stats": "Profile statistics (user.info.stats)",
  "video.list": "List public videos (video.list)",
  "video.publish": "Publish videos (video.publish)",
} as const;

export type ProvableScope = keyof typeof SCOPE_LABELS;
export const PROVABLE_SCOPES = Object.keys(SCOPE_LABELS) as ProvableScope[];

/** One read request that succeeds only when the token holds its scope. */
export interface ScopeProbe {
  method: "GET" | "POST";
  /** Path and query on open.tiktokapis.com. */
  path: string;
  /** JSON body for POST probes. */
  body?: unknown;
}

// user.info fields are grouped by the scope that unlocks them (TikTok API v2 "Get User Info").
export const SCOPE_PROBES: Record<ProvableScope, ScopeProbe> = {
  "user.info.basic": {
    method: "GET",
    path: "/v2/user/info/?fields=open_id,union_id,display_name,avatar_url",
  },
  "user.info.profile": { method: "GET", path: "/v2/user/info/?fields=username,is_verified" },
  "user.info.stats": { method: "GET", path: "/v2/user/info/?fields=follower_count,video_count" },
  "video.list": { method: "POST", path: "/v2/video/list/?fields=id", body: { max_count: 1 } },
  // Reads the creator's posting settings; creates nothing.
  "video.publish": { method: "POST", path: "/v2/post/publish/creator_info/query/", body: {} },
};
