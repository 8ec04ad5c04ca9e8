import { type CheckContext, defineProvider, ProviderCheckError } from "@plugboard/core";
import { accountGet, requireActiveZone, type Zone } from "./account-api.js";
import { type BrightdataConfig, brightdataConfigSchema } from "./brightdata-schema.js";
import { checkProxyZone } from "./proxy-handshake.js";

type ApiConfig = NonNullable<BrightdataConfig["api"]>;

interface Dataset {
  id: string;
  name?: string;
}

/**
 * API key: the active zones (free, and the documented token check), the configured zones among them, and
 * the dataset in the account's list — the two lists fetched in parallel.
 */
async function checkAccount(ctx: CheckContext, config: BrightdataConfig, api: ApiConfig): Promise<string> {
  const { token } = api;
  const [active, datasets] = await Promise.all([
    ctx.step("list active zones", () =>
      accountGet<Zone[]>(ctx, "/zone/get_active_zones", token, "the zones"),
    ),
    api.dataset_id
      ? ctx.step("list datasets", () => accountGet<Dataset[]>(ctx, "/datasets/list", token, "the datasets"))
      : undefined,
  ]);
  if (!Array.isArray(active)) {
    throw new ProviderCheckError("provider_error", "Bright Data's zone list was not a list.");
  }
  const zones = [...new Set([api.zone, config.proxy?.zone].filter((zone) => zone !== undefined))];
  const checked: Zone[] = [];
  for (const zone of zones) checked.push(await requireActiveZone(ctx, token, active, zone));
  if (api.dataset_id && !datasets?.some((dataset) => dataset.id === api.dataset_id)) {
    throw new ProviderCheckError(
      "not_found",
      `Dataset ${api.dataset_id} is not available to this Bright Data account.`,
      { providerResponse: { dataset_id: api.dataset_id } },
    );
  }
  const zoneText = checked.map((zone) => `${zone.name}${zone.type ? ` (${zone.type})` : ""}`).join(", ");
  return [
    `the API key lists ${active.length} active zone${active.length === 1 ? "" : "s"}`,
    zoneText && `zone ${zoneText} active`,
    api.dataset_id && `dataset ${api.dataset_id} available`,
  ]
    .filter(Boolean)
    .join(", ");
}

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

export default defineProvider({
  type: "brightdata",
  displayName: "Bright Data",
  description:
    "A Bright Data account through its API key (zones, datasets) and/or a proxy zone's credentials on the super-proxy.",
  docsUrl: "https://plugboard.dev/docs/providers/brightdata",
  configSchema: brightdataConfigSchema,
  secretFields: ["api.token", "proxy.zone_password"],
  minimalRoundTrips: 1,
  async check(config, ctx) {
    const { api, proxy } = config;
    const proofs = await Promise.all([
      api ? checkAccount(ctx, config, api) : undefined,
      proxy ? ctx.step("proxy handshake", () => checkProxyZone(ctx, proxy)) : undefined,
    ]);
    return { message: `${capitalize(proofs.filter(Boolean).join("; "))}.` };
  },
});
