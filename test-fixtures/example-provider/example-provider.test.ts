import { getRefusedPort, startFakeHttpServer, testProviderConformance } from "@plugboard/testkit";
import { describe } from "vitest";
import { exampleProvider } from "./example-provider.js";
import { NOTES_API_KEY, NOTES_USER, startNotesApiFake, WORKSPACES } from "./notes-api-fake.js";

const keyAuth = (api_key = NOTES_API_KEY) => ({ type: "api_key", api_key });

/** A scenario against the Notes API fake. */
const against =
  (workspace: string, credentials: unknown = keyAuth()) =>
  async () => {
    const server = await startNotesApiFake();
    return { config: { base_url: server.url, workspace, credentials }, cleanup: server.close };
  };

describe("example provider (Notes API)", () => {
  testProviderConformance({
    provider: exampleProvider,
    validConfigs: [
      { base_url: "https://notes.example.com", workspace: "w", credentials: keyAuth() },
      { base_url: "http://10.1.2.3:8080/api", workspace: "w", credentials: { type: "basic", ...NOTES_USER } },
    ],
    invalidConfigs: [
      {
        config: { base_url: "ftp://notes.example.com", workspace: "w", credentials: keyAuth() },
        path: "base_url",
      },
      {
        config: { base_url: "https://n.example.com", workspace: "", credentials: keyAuth() },
        path: "workspace",
      },
      {
        config: { base_url: "https://n.example.com", workspace: "w", credentials: keyAuth("short") },
        path: "credentials.api_key",
      },
      {
        config: {
          base_url: "https://n.example.com",
          workspace: "w",
          credentials: { type: "basic", username: "a" },
        },
        path: "credentials.password",
      },
    ],
    success: against(WORKSPACES.open),
    failures: {
      auth_failed: against(WORKSPACES.open, { type: "basic", username: "alice", password: "wrong password" }),
      permission_denied: against(WORKSPACES.forbidden),
      not_found: against("no-such-workspace"),
      rate_limited: against(WORKSPACES.busy),
      provider_error: against(WORKSPACES.broken),
      network_error: async () => ({
        config: {
          base_url: `http://127.0.0.1:${await getRefusedPort()}`,
          workspace: "w",
          credentials: keyAuth(),
        },
      }),
      // The default-allowed loopback guard still refuses private ranges: no packet leaves.
      blocked_by_policy: () => ({
        config: { base_url: "http://10.0.0.1", workspace: "w", credentials: keyAuth() },
      }),
    },
    stalled: async () => {
      const server = await startFakeHttpServer((_request, reply) => reply.stall());
      return {
        config: { base_url: server.url, workspace: "w", credentials: keyAuth() },
        cleanup: server.close,
      };
    },
  });
});
