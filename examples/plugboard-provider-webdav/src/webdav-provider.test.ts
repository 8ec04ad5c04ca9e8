import { getRefusedPort, startFakeTcpServer, testProviderConformance } from "@plugboard/testkit";
import { describe } from "vitest";
import { ACCOUNT, startWebdavFake } from "./__tests__/webdav-fake.js";
import provider from "./webdav-provider.js";

const basic = (password: string) => ({ type: "basic", username: ACCOUNT.username, password });
const against =
  (auth: unknown, root_path = "/dav/") =>
  async () => {
    const fake = await startWebdavFake();
    return { config: { base_url: fake.url, auth, root_path }, cleanup: fake.close };
  };

describe("webdav against a fake WebDAV server", () => {
  testProviderConformance({
    provider,
    validConfigs: [
      { base_url: "https://dav.example.com", auth: { type: "bearer", token: "t" } },
      { base_url: "https://dav.example.com", auth: basic("p"), root_path: "/remote.php/dav/files/alice/" },
    ],
    invalidConfigs: [
      { config: { base_url: "ftp://dav.example.com", auth: basic("p") }, path: "base_url" },
      {
        config: { base_url: "https://dav.example.com", auth: { type: "basic", username: "a" } },
        path: "auth.password",
      },
      {
        config: { base_url: "https://dav.example.com", auth: basic("p"), root_path: "dav" },
        path: "root_path",
      },
    ],
    success: against(basic(ACCOUNT.password)),
    failures: {
      auth_failed: against(basic("wrong-password")),
      permission_denied: against({ type: "bearer", token: ACCOUNT.token }, "/dav/private/"),
      not_found: against(basic(ACCOUNT.password), "/dav/missing/"),
      invalid_config: against(basic(ACCOUNT.password), "/dav/report.pdf"),
      network_error: async () => ({
        config: { base_url: `http://127.0.0.1:${await getRefusedPort()}`, auth: basic(ACCOUNT.password) },
      }),
      blocked_by_policy: () => ({ config: { base_url: "http://10.0.0.1", auth: basic(ACCOUNT.password) } }),
    },
    stalled: async () => {
      const server = await startFakeTcpServer("stall");
      return {
        config: { base_url: `http://127.0.0.1:${server.port}`, auth: basic("p") },
        cleanup: server.close,
      };
    },
  });
});
