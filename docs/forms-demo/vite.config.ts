import { defineConfig, type Plugin } from "vite";
import { demoBuildConfig } from "./src/build-config.js";

/**
 * `pnpm --filter @plugboard/forms-demo dev` (after `pnpm run build`): the page with hot reload, and the same
 * API the tests use, backed by the built-in providers of the umbrella package.
 */
function formsApi(): Plugin {
  const handler = (async () => {
    const [{ createDefaultRegistry }, { createFormsApi }] = await Promise.all([
      import("plugboard"),
      import("./src/server/forms-api.js"),
    ]);
    return createFormsApi(createDefaultRegistry());
  })();
  const middleware = (
    request: Parameters<Awaited<typeof handler>>[0],
    response: Parameters<Awaited<typeof handler>>[1],
    next: () => void,
  ) => {
    handler.then((api) => api(request, response)).then((handled) => handled || next(), next);
  };
  return {
    name: "plugboard-forms-api",
    configureServer: (server) => void server.middlewares.use(middleware),
    configurePreviewServer: (server) => void server.middlewares.use(middleware),
  };
}

export default defineConfig({ ...demoBuildConfig(), plugins: [formsApi()] });
