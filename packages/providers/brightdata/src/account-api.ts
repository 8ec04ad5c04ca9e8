import { type CheckContext, ProviderCheckError, retryAfterSeconds } from "@plugboard/core";

const API_ORIGIN = "https://api.brightdata.com";

export interface Zone {
  name: string;
  type?: string;
  status?: string;
}

/**
 * One GET on Bright Data's account-management API. Only free, read-only endpoints are called, and a 429 is
 * never retried: Bright Data blocks an IP that collects 25 of them in five minutes.
 */
export async function accountGet<T>(
  ctx: CheckContext,
  path: string,
  token: string,
  what: string,
): Promise<T> {
  const response = await ctx.fetch(`${API_ORIGIN}${path}`, {
    headers: { authorization: `Bearer ${token}`, accept: "application/json" },
    signal: ctx.signal,
  });
  // Auth errors are plain text ("Invalid credentials", "Customer not found"); only successes are JSON.
  const text = await response.text();
  if (response.ok) {
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new ProviderCheckError("provider_error", `Bright Data answered ${what} with something not JSON.`);
    }
  }
  const providerResponse = { status: response.status, body: text.slice(0, 200) };
  const detail = text.trim().slice(0, 200) || `HTTP ${response.status}`;
  switch (response.status) {
    case 401:
      throw new ProviderCheckError("auth_failed", `Bright Data refused the API key (${detail}).`, {
        providerResponse,
      });
    case 403:
      throw new ProviderCheckError(
        "permission_denied",
        `The API key may not read ${what} (${detail}): give the key the permission in the account settings, or use an admin key.`,
        { providerResponse },
      );
    case 429: {
      const wait = retryAfterSeconds(response.headers);
      throw new ProviderCheckError(
        "rate_limited",
        "Bright Data is rate limiting this account; the test does not retry (repeated 429s get an IP blocked).",
        { providerResponse, ...(wait === undefined ? {} : { retryAfterSeconds: wait }) },
      );
    }
    default:
      throw new ProviderCheckError(
        "provider_error",
        `Bright Data answered ${response.status} for ${what} (${detail}).`,
        {
          providerResponse,
        },
      );
  }
}

/**
 * The zone must be among the active ones. Only when it is not does a second request tell a disabled zone
 * (listed by get_all_zones) from one that does not exist.
 */
export async function requireActiveZone(ctx: CheckContext, token: string, active: Zone[], zone: string) {
  const found = active.find((candidate) => candidate.name === zone);
  if (found) return found;
  const all = await ctx.step("look up zone", () =>
    accountGet<Zone[]>(ctx, "/zone/get_all_zones", token, "every zone"),
  );
  const known = Array.isArray(all) ? all.find((candidate) => candidate.name === zone) : undefined;
  if (known) {
    throw new ProviderCheckError(
      "invalid_config",
      `Zone ${zone} exists but is not active (${known.status ?? "inactive"}): enable it in Bright Data's control panel.`,
      { providerResponse: { zone, status: known.status } },
    );
  }
  throw new ProviderCheckError("not_found", `Zone ${zone} does not exist in this Bright Data account.`, {
    providerResponse: { zone, active_zones: active.map((candidate) => candidate.name).slice(0, 20) },
  });
}
