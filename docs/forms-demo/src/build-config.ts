import { fileURLToPath } from "node:url";
import type { InlineConfig } from "vite";

/** The demo's folder, where index.html lives. */
export const DEMO_ROOT = fileURLToPath(new URL("..", import.meta.url));

/**
 * Vite settings shared by `vite.config.ts` and the browser tests' build. JSX goes through esbuild's automatic
 * runtime, so no React plugin is needed; the page loads nothing but its own files.
 */
export function demoBuildConfig(outDir?: string): InlineConfig {
  return {
    root: DEMO_ROOT,
    logLevel: "warn",
    mode: "production",
    esbuild: { jsx: "automatic", jsxDev: false },
    // React's production build even when the caller's NODE_ENV says "test" (vitest sets it).
    define: { "process.env.NODE_ENV": JSON.stringify("production") },
    build: {
      ...(outDir ? { outDir, emptyOutDir: true } : {}),
      sourcemap: false,
      chunkSizeWarningLimit: 2_000,
      rollupOptions: {
        onwarn(warning, warn) {
          // RJSF marks its hooks "use client" for React Server Components; in a client bundle it means nothing.
          if (warning.code !== "MODULE_LEVEL_DIRECTIVE") warn(warning);
        },
      },
    },
    server: { host: "127.0.0.1" },
    preview: { host: "127.0.0.1" },
  };
}
