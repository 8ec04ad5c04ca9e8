/**
 * Renders a provider's configuration table for its docs page from the JSON Schema the provider exports, so
 * the page can never disagree with the schema. One row per field (dot paths through nested objects); a union
 * contributes the rows of every branch, each marked with the discriminator value that selects it.
 */
type Schema = Record<string, unknown>;

interface Row {
  field: string;
  type: string;
  required: string;
  default: string;
  secret: string;
  description: string;
}

export const TABLE_START = "<!-- config-table:start (generated from the schema: pnpm docs:tables) -->";
export const TABLE_END = "<!-- config-table:end -->";

const code = (value: unknown) => `\`${typeof value === "string" ? value : JSON.stringify(value)}\``;
const escapeCell = (text: string) => text.replaceAll("|", "\\|").replaceAll("\n", " ");

/** The alternatives of a union node (`oneOf` / `anyOf`), or none. */
function branchesOf(node: Schema): Schema[] {
  const list = (node.oneOf ?? node.anyOf) as Schema[] | undefined;
  return Array.isArray(list) ? list : [];
}

/** A labelled enum (`oneOf` of `const` + `title`) or a plain `enum`: its values. */
function enumValues(node: Schema): unknown[] | undefined {
  if (Array.isArray(node.enum)) return node.enum;
  const branches = branchesOf(node);
  if (branches.length > 0 && branches.every((branch) => "const" in branch))
    return branches.map((b) => b.const);
  return undefined;
}

function typeOf(node: Schema): string {
  if ("const" in node) return code(node.const);
  const values = enumValues(node);
  if (values) return values.map(code).join(" \\| ");
  if (node.type === "array") return `list of ${typeOf((node.items as Schema) ?? {})}`;
  const branches = branchesOf(node);
  if (branches.length > 0) return branches.map(typeOf).join(" \\| ");
  const type = Array.isArray(node.type) ? node.type.join(" \\| ") : String(node.type ?? "any");
  if (type === "integer" || type === "number") {
    const range = [node.minimum, node.maximum].every((bound) => bound !== undefined)
      ? ` ${node.minimum}–${node.maximum}`
      : "";
    return `${type}${range}`;
  }
  if (type === "object" && node.additionalProperties && !node.properties) return "map";
  return type;
}

function describe(node: Schema): string {
  const title = typeof node.title === "string" ? node.title : "";
  const description = typeof node.description === "string" ? node.description : "";
  return [title && `${title}.`, description].filter(Boolean).join(" ");
}

/** The property that tells a union's object branches apart (a `const` in every branch), if any. */
function discriminatorOf(branches: Schema[]): string | undefined {
  const first = branches[0]?.properties as Record<string, Schema> | undefined;
  if (!first) return undefined;
  return Object.keys(first).find((key) =>
    branches.every((branch) => "const" in ((branch.properties as Record<string, Schema>)?.[key] ?? {})),
  );
}

function rowsOf(node: Schema, prefix: string, condition: string, rows: Row[]): void {
  const properties = (node.properties ?? {}) as Record<string, Schema>;
  const required = new Set((node.required ?? []) as string[]);
  for (const [key, child] of Object.entries(properties)) {
    const field = prefix ? `${prefix}.${key}` : key;
    const objectBranches = branchesOf(child).filter((branch) => branch.type === "object");
    const isRequired = required.has(key);
    rows.push({
      field: code(field),
      type: objectBranches.length > 1 ? "object (one of below)" : typeOf(child),
      required: isRequired ? (condition ? `with ${condition}` : "yes") : "no",
      default: child.default === undefined ? "" : code(child.default),
      secret: child["x-secret"] === true ? "✔" : "",
      description: escapeCell(describe(child)),
    });
    if (child.type === "object" && child.properties) rowsOf(child, field, condition, rows);
    else if (objectBranches.length > 1) unionRows(objectBranches, field, condition, rows);
  }
}

function unionRows(branches: Schema[], prefix: string, condition: string, rows: Row[]): void {
  const discriminator = discriminatorOf(branches);
  branches.forEach((branch, index) => {
    const value = discriminator
      ? ((branch.properties as Record<string, Schema>)[discriminator] as Schema).const
      : undefined;
    const label = discriminator
      ? `${code(`${prefix ? `${prefix}.` : ""}${discriminator}`)} = ${code(value)}`
      : `${typeof branch.title === "string" ? branch.title : `option ${index + 1}`}`;
    rowsOf(branch, prefix, condition ? `${condition}, ${label}` : label, rows);
  });
}

const HEADER: Row = {
  field: "field",
  type: "type",
  required: "required",
  default: "default",
  secret: "secret",
  description: "description",
};

/** The Markdown table of a provider's config, columns padded as the formatter lays them out. */
export function renderConfigTable(schema: Schema): string {
  const rows: Row[] = [];
  const rootBranches = branchesOf(schema).filter((branch) => branch.type === "object");
  if (rootBranches.length > 1) unionRows(rootBranches, "", "", rows);
  else rowsOf(schema, "", "", rows);
  const columns = Object.keys(HEADER) as Array<keyof Row>;
  const widths = columns.map((column) => Math.max(3, ...[HEADER, ...rows].map((row) => row[column].length)));
  const line = (cells: string[]) =>
    `| ${cells.map((cell, i) => cell.padEnd(widths[i] as number)).join(" | ")} |`;
  return [
    line(columns.map((column) => HEADER[column])),
    line(widths.map((width) => "-".repeat(width))),
    ...rows.map((row) => line(columns.map((column) => row[column]))),
  ].join("\n");
}

/** Cells of every table line, trimmed: how two tables are compared, whatever their padding. */
export function tableCells(table: string): string[][] {
  return table
    .split("\n")
    .filter((line) => line.startsWith("|"))
    .map((line) =>
      line
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((cell) => cell.trim()),
    );
}

/** The generated table a page holds between the markers, or undefined when it has none. */
export function generatedTableOf(page: string): string | undefined {
  const start = page.indexOf(TABLE_START);
  const end = page.indexOf(TABLE_END);
  if (start === -1 || end === -1 || end < start) return undefined;
  return page.slice(start + TABLE_START.length, end).trim();
}

/**
 * The page with its configuration table replaced by `table`: between the markers when it has them, else in
 * place of the first table under "## Configuration" (which is then wrapped in the markers).
 */
export function withConfigTable(page: string, table: string): string {
  const block = `${TABLE_START}\n\n${table}\n\n${TABLE_END}`;
  const start = page.indexOf(TABLE_START);
  const end = page.indexOf(TABLE_END);
  if (start !== -1 && end > start) return page.slice(0, start) + block + page.slice(end + TABLE_END.length);
  const section = page.indexOf("## Configuration");
  if (section === -1) throw new Error('The page has no "## Configuration" section to hold the table.');
  const lines = page.slice(section).split("\n");
  const first = lines.findIndex((line) => line.startsWith("|"));
  if (first === -1) return `${page.slice(0, section)}${lines[0]}\n\n${block}\n${lines.slice(1).join("\n")}`;
  let last = first;
  while (lines[last + 1]?.startsWith("|")) last++;
  return page.slice(0, section) + [...lines.slice(0, first), block, ...lines.slice(last + 1)].join("\n");
}
