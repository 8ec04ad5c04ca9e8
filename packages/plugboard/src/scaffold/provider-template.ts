/**
 * The files of a new third-party provider package, as `plugboard create-provider <type>` writes them: a
 * working provider for an HTTP API with a bearer key (schema, `defineProvider`, a fake that really checks the
 * key, the testkit conformance suite), ready to be changed into the real thing. See
 * docs/guides/authoring-a-provider.md.
 */
export interface ProviderTemplateOptions {
  /** The provider type, snake_case (`acme_files`). */
  type: string;
  /** The range of @plugboard/core (and testkit) the package is written against. */
  coreRange: string;
}

const PROVIDER_TYPE = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;

/** Whether `type` can name a provider: lower-case letters and digits in snake_case, at most 64 characters. */
export function isProviderType(type: string): boolean {
  return type.length <= 64 && PROVIDER_TYPE.test(type);
}

/** File path (relative to the package folder) → content. */
export function providerTemplate({ type, coreRange }: ProviderTemplateOptions): Record<string, string> {
  const kebab = type.replaceAll("_", "-");
  const pascal = type.replace(/(^|_)([a-z0-9])/g, (_match, _separator, letter: string) =>
    letter.toUpperCase(),
  );
  const camel = pascal.charAt(0).toLowerCase() + pascal.slice(1);
  const packageJson = {
    name: `plugboard-provider-${kebab}`,
    version: "0.1.0",
    description: `Plugboard provider \`${type}\`.`,
    type: "module",
    keywords: ["plugboard-provider", "plugboard"],
    plugboard: { type },
    exports: {
      ".": { types: "./dist/index.d.ts", default: "./dist/index.js" },
      "./package.json": "./package.json",
    },
    files: ["dist"],
    engines: { node: ">=20.18.1" },
    scripts: { build: "tsc", test: "vitest run", prepack: "tsc" },
    peerDependencies: { "@plugboard/core": coreRange },
    dependencies: { zod: "^4.1.0" },
    devDependencies: {
      "@plugboard/core": coreRange,
      "@plugboard/testkit": coreRange,
      "@types/node": "^20.19.0",
      typescript: "~5.9.3",
      vitest: "^4.1.0",
    },
  };
  const tsconfig = {
    compilerOptions: {
      target: "ES2022",
      module: "NodeNext",
      moduleResolution: "NodeNext",
      strict: true,
      declaration: true,
      outDir: "dist",
      rootDir: "src",
      skipLibCheck: true,
      types: ["node"],
    },
    include: ["src"],
    exclude: ["src/**/*.test.ts", "src/__tests__"],
  };
  return {
    "package.json": `${JSON.stringify(packageJson, null, 2)}\n`,
    "tsconfig.json": `${JSON.stringify(tsconfig, null, 2)}\n`,
    ".gitignore": "node_modules/\ndist/\n",
    "README.md": `# plugboard-provider-${kebab}\n\nPlugboard provider \`${type}\`. Load it in a backend with\n\n\`\`\`ts\nimport { createRegistry } from "@plugboard/core";\n\nconst registry = createRegistry({ plugins: ["plugboard-provider-${kebab}"] });\nconst result = await registry.test("${type}", providerConfig);\n\`\`\`\n\n\`npm test\` runs the Plugboard conformance suite against the fake in \`src/__tests__\`.\n`,
    "src/index.ts": `export { default } from "./${kebab}-provider.js";\nexport { type ${pascal}Config, ${camel}ConfigSchema } from "./${kebab}-schema.js";\n`,
    [`src/${kebab}-schema.ts`]: `import { httpUrlSchema } from "@plugboard/core";
import * as z from "zod";

/** The \`provider_config\` of a ${type} connection. Every field has a title and a description: forms show them. */
export const ${camel}ConfigSchema = z.strictObject({
  // httpUrlSchema: http(s) only, a rule the exported JSON Schema carries too.
  base_url: httpUrlSchema().meta({
    title: "Base URL",
    description: "Where the API is served.",
    examples: ["https://api.example.com"],
  }),
  api_key: z.string().min(1).max(512).meta({
    title: "API key",
    description: "Sent as a Bearer token.",
  }),
});

/** A validated ${type} config. */
export type ${pascal}Config = z.output<typeof ${camel}ConfigSchema>;
`,
    [`src/${kebab}-provider.ts`]: `import { defineProvider, discardBody, ProviderCheckError } from "@plugboard/core";
import { ${camel}ConfigSchema } from "./${kebab}-schema.js";

export default defineProvider({
  type: "${type}",
  displayName: "${pascal}",
  description: "Describe what a ${type} connection reads.",
  docsUrl: "https://example.com/docs/${kebab}",
  configSchema: ${camel}ConfigSchema,
  // Every sensitive value, as dot paths: redacted in responses, scrubbed from every message.
  secretFields: ["api_key"],
  minimalRoundTrips: 1,
  async check(config, ctx) {
    // ctx.fetch goes through the egress guard (SSRF policy, origin overrides) and stops at the deadline.
    const url = new URL("health", config.base_url.endsWith("/") ? config.base_url : \`\${config.base_url}/\`);
    const response = await ctx.fetch(url, {
      headers: { authorization: \`Bearer \${config.api_key}\` },
      signal: ctx.signal,
    });
    await discardBody(response);
    const providerResponse = { status: response.status };
    if (response.status === 401)
      throw new ProviderCheckError("auth_failed", "The API key was refused.", { providerResponse });
    if (response.status === 403)
      throw new ProviderCheckError("permission_denied", "The API key may not read the API.", { providerResponse });
    if (response.status === 404)
      throw new ProviderCheckError("not_found", \`\${url.pathname} does not exist.\`, { providerResponse });
    if (!response.ok)
      throw new ProviderCheckError("provider_error", \`The API answered \${response.status}.\`, { providerResponse });
    return { message: \`Reached \${url.host} with the API key.\`, providerResponse };
  },
});
`,
    [`src/__tests__/${kebab}-fake.ts`]: `import { type FakeHttpServer, startFakeHttpServer } from "@plugboard/testkit";

/** The key the fake accepts, and one it knows but refuses access to. */
export const KEYS = { valid: "key-valid-7f3a", readOnlyElsewhere: "key-forbidden-2b9c" } as const;

/** A fake of the API on 127.0.0.1 that really checks the key, as the real API documents it. */
export function start${pascal}Fake(): Promise<FakeHttpServer> {
  return startFakeHttpServer({
    "GET /health": (request, reply) => {
      const key = /^Bearer (.+)$/.exec(String(request.headers.authorization ?? ""))?.[1];
      if (key === KEYS.valid) return reply.json(200, { status: "ok" });
      if (key === KEYS.readOnlyElsewhere) return reply.json(403, { error: "forbidden" });
      return reply.json(401, { error: "unauthorized" });
    },
  });
}
`,
    [`src/${kebab}-provider.test.ts`]: `import { startFakeHttpServer, testProviderConformance } from "@plugboard/testkit";
import { describe } from "vitest";
import { KEYS, start${pascal}Fake } from "./__tests__/${kebab}-fake.js";
import provider from "./${kebab}-provider.js";

const against = (apiKey: string) => async () => {
  const fake = await start${pascal}Fake();
  return { config: { base_url: fake.url, api_key: apiKey }, cleanup: fake.close };
};

describe("${type} against its fake", () => {
  testProviderConformance({
    provider,
    validConfigs: [{ base_url: "https://api.example.com", api_key: "k" }],
    invalidConfigs: [
      { config: { base_url: "ftp://example.com", api_key: "k" }, path: "base_url" },
      { config: { base_url: "https://api.example.com" }, path: "api_key" },
    ],
    success: against(KEYS.valid),
    failures: {
      auth_failed: against("key-wrong"),
      permission_denied: against(KEYS.readOnlyElsewhere),
      blocked_by_policy: () => ({ config: { base_url: "http://10.0.0.1", api_key: KEYS.valid } }),
    },
    stalled: async () => {
      const server = await startFakeHttpServer((_request, reply) => reply.stall());
      return { config: { base_url: server.url, api_key: KEYS.valid }, cleanup: server.close };
    },
  });
});
`,
  };
}
