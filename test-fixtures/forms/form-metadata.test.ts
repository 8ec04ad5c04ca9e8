import { createRegistry, type JsonSchemaObject, toConfigJsonSchema } from "@plugboard/core";
import s3, { s3AmbientConfigSchema } from "@plugboard/provider-s3";
import { describe, expect, it } from "vitest";
import { loadBuiltinProviders } from "./builtin-providers.js";

/** Problems a form builder would show as a bare key or an unlabelled choice, as `path: what is missing`. */
function missingFormMetadata(node: unknown, path: string): string[] {
  if (typeof node !== "object" || node === null) return [];
  const schema = node as JsonSchemaObject;
  const problems: string[] = [];
  for (const combinator of ["oneOf", "anyOf"] as const) {
    const branches = schema[combinator];
    if (!Array.isArray(branches)) continue;
    branches.forEach((branch: JsonSchemaObject, index) => {
      const branchPath = `${path}/${combinator}[${index}]`;
      // A null branch is how zod spells `.nullable()`; forms render it as an empty field, no label needed.
      if (branch.type === "null") return;
      if (!hasText(branch.title)) problems.push(`${branchPath}: title (the branch's name in the picker)`);
      problems.push(...missingFormMetadata(branch, branchPath));
    });
  }
  const properties = schema.properties;
  if (typeof properties === "object" && properties !== null) {
    for (const [key, child] of Object.entries(properties as Record<string, JsonSchemaObject>)) {
      const childPath = path ? `${path}.${key}` : key;
      if (!hasText(child.title)) problems.push(`${childPath}: title`);
      if (!hasText(child.description)) problems.push(`${childPath}: description`);
      problems.push(...missingFormMetadata(child, childPath));
    }
  }
  if (typeof schema.items === "object") problems.push(...missingFormMetadata(schema.items, `${path}[]`));
  if (typeof schema.additionalProperties === "object")
    problems.push(...missingFormMetadata(schema.additionalProperties, `${path}.*`));
  return problems;
}

function hasText(value: unknown): boolean {
  return typeof value === "string" && value.trim().length > 0;
}

const providers = await loadBuiltinProviders();
const cases = providers.map((provider) => [provider.type, provider] as const);
// Each built-in's exported schema, plus the S3 variant an operator gets by enabling host credentials.
const schemaCases: Array<readonly [string, JsonSchemaObject]> = [
  ...providers.map((provider) => [provider.type, provider.jsonSchema()] as const),
  ["s3 (host credentials enabled)", toConfigJsonSchema(s3AmbientConfigSchema, s3.secretFields)],
];

/** Whether a dot path names an object (not a string) in any branch of the schema. */
function objectSecret(schema: unknown, path: string): boolean {
  const nodesAt = (node: unknown, keys: string[]): JsonSchemaObject[] => {
    if (typeof node !== "object" || node === null) return [];
    const schemaNode = node as JsonSchemaObject;
    const branches = [...((schemaNode.oneOf as unknown[]) ?? []), ...((schemaNode.anyOf as unknown[]) ?? [])];
    const found = branches.flatMap((branch) => nodesAt(branch, keys));
    if (keys.length === 0) return [schemaNode, ...found];
    const [head, ...rest] = keys as [string, ...string[]];
    const child = (schemaNode.properties as Record<string, unknown> | undefined)?.[head];
    return [...found, ...nodesAt(child, rest)];
  };
  return nodesAt(schema, path.split(".")).some((node) => node.type === "object");
}

describe("every built-in provider's JSON Schema is ready for a form builder", () => {
  it("covers the built-in providers (discovered from createDefaultRegistry)", () => {
    expect(providers.length).toBeGreaterThanOrEqual(11);
  });

  it.each(schemaCases)(
    "%s: every field has a title and a description, every choice a title",
    (_name, schema) => {
      expect(missingFormMetadata(schema, "")).toEqual([]);
    },
  );

  it.each(schemaCases)(
    "%s: every choice has a label (no bare enum: labelledEnum gives oneOf const + title)",
    (_name, schema) => {
      const bareEnums: string[] = [];
      const visit = (node: unknown, path: string): void => {
        if (typeof node !== "object" || node === null) return;
        if (Array.isArray((node as JsonSchemaObject).enum)) bareEnums.push(path);
        for (const [key, child] of Object.entries(node)) visit(child, `${path}/${key}`);
      };
      visit(schema, "");
      expect(bareEnums).toEqual([]);
    },
  );

  it.each(cases)(
    "%s: registry.uiSchema renders exactly its secret fields as password inputs",
    async (type, provider) => {
      const registry = createRegistry({ providers: { [type]: provider } });
      const passwordPaths = new Set<string>();
      const visit = (ui: unknown, path: string): void => {
        if (typeof ui !== "object" || ui === null) return;
        for (const [key, child] of Object.entries(ui)) {
          if (key === "ui:widget" && child === "password") passwordPaths.add(path);
          else if (key === "oneOf" || key === "anyOf")
            for (const branch of child as unknown[]) visit(branch, path);
          else if (!key.startsWith("ui:")) visit(child, path ? `${path}.${key}` : key);
        }
      };
      visit(await registry.uiSchema(type), "");
      // A secret that is an object (a map of secret headers) has no password widget; every string secret does.
      const stringSecrets = provider.secretFields.filter(
        (path) => !objectSecret(provider.jsonSchema(), path),
      );
      expect([...passwordPaths].sort()).toEqual([...stringSecrets].sort());
    },
  );
});

describe("missingFormMetadata", () => {
  it("names each property without a title or description, inside union branches too", () => {
    const schema = {
      properties: {
        bucket: { type: "string", title: "Bucket", description: "Where." },
        credentials: {
          title: "Credentials",
          description: "How.",
          oneOf: [
            { title: "Keys", properties: { key: { type: "string", title: "Key" } } },
            { properties: { token: { type: "string", description: "A token." } } },
          ],
        },
      },
    };
    expect(missingFormMetadata(schema, "")).toEqual([
      "credentials/oneOf[0].key: description",
      "credentials/oneOf[1]: title (the branch's name in the picker)",
      "credentials/oneOf[1].token: title",
    ]);
  });
});
