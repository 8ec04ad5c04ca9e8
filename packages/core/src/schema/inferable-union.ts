import * as z from "zod";
import { fieldMeant } from "../util/field-meant.js";
import { joinChoices } from "../util/join-choices.js";

/**
 * The JSON Schema keyword that marks a union made by {@link inferableUnion}, until the export relaxes its
 * branches (the discriminator becomes optional where the fields tell the branch) and removes the keyword.
 */
export const INFERABLE_DISCRIMINATOR_KEYWORD = "x-inferable-discriminator";

type StrictVariant = z.ZodObject<z.ZodRawShape, z.core.$strict>;

/** One branch of an inferable union: its schema, its discriminator value, and the keys it takes. */
interface Variant {
  schema: StrictVariant;
  value: string;
  keys: ReadonlySet<string>;
  required: readonly string[];
  /** Whether the branch can be recognised by its fields: it requires at least one besides the discriminator. */
  inferable: boolean;
}

/** What {@link withCommonConfigFields}-style rewrites need to rebuild an inferable union over new branches. */
export interface InferableUnionParts {
  discriminator: string;
  options: readonly StrictVariant[];
}

/**
 * The discriminator and branches of a schema made by {@link inferableUnion} (also after `.meta()`, which
 * clones it), or `undefined`. Read from the schema itself: a preprocess into a marked discriminated union.
 */
export function inferableUnionParts(schema: z.core.$ZodType): InferableUnionParts | undefined {
  if (!(schema instanceof z.ZodPipe) || !(schema.out instanceof z.ZodDiscriminatedUnion)) return undefined;
  const discriminator = z.globalRegistry.get(schema.out)?.[INFERABLE_DISCRIMINATOR_KEYWORD];
  if (typeof discriminator !== "string") return undefined;
  return { discriminator, options: schema.out.options as StrictVariant[] };
}

/**
 * A discriminated union of strict objects whose discriminator may be left out when the other fields tell the
 * branch: `{ access_key_id, secret_access_key }` reads as `{ type: "access_key", … }`, the shape vendors hand
 * out and older APIs documented. The parsed value always carries the discriminator.
 *
 * The rule is JSON Schema's `oneOf`, so zod and a JSON Schema validator agree: without the discriminator, an
 * input is read as the one branch it is valid for. A branch that requires no field besides the discriminator
 * (`{ type: "none" }`) is never guessed. When several branches fit, or none does, the issue names the
 * choices; when the fields fit exactly one branch but a value is wrong, that branch's issues name the field.
 * In the JSON Schema export the discriminator of every recognisable branch is optional, with its value as
 * the default so form builders still send it.
 *
 * @example
 * credentials: inferableUnion("type", [staticKeys, assumeRole]).meta({ title: "Credentials" })
 */
export function inferableUnion<
  const Discriminator extends string,
  const Options extends readonly [StrictVariant, ...StrictVariant[]],
>(discriminator: Discriminator, options: Options) {
  const union = z
    .discriminatedUnion(discriminator, options as unknown as [StrictVariant, ...StrictVariant[]])
    .meta({ [INFERABLE_DISCRIMINATOR_KEYWORD]: discriminator });
  const variants = options.map((schema) => describeVariant(schema, discriminator));
  // Derived once: which branches may be guessed, and every key they take.
  const candidates = variants.filter((variant) => variant.inferable);
  const branches: Branches = {
    all: variants,
    candidates,
    known: new Set(candidates.flatMap((variant) => [...variant.keys])),
  };
  return z.preprocess(
    (input, ctx) => inferDiscriminator(input, discriminator, branches, ctx),
    union as unknown as z.ZodDiscriminatedUnion<[...Options], Discriminator>,
  );
}

/** The branches whose keys hold every key given: the ones they fill exactly, if that is a single one. */
function branchesOf(candidates: readonly Variant[], keys: readonly string[]): Variant[] {
  const allowed = candidates.filter((variant) => keys.every((key) => variant.keys.has(key)));
  const exact = allowed.filter((variant) => variant.required.every((key) => keys.includes(key)));
  return exact.length === 1 ? exact : allowed;
}

function describeVariant(schema: StrictVariant, discriminator: string): Variant {
  const shape = schema.shape;
  const literal = shape[discriminator];
  const values = literal instanceof z.ZodLiteral ? [...literal.values] : [];
  if (values.length !== 1 || typeof values[0] !== "string") {
    throw new TypeError(
      `inferableUnion: every branch needs "${discriminator}" as a z.literal() of one string value.`,
    );
  }
  const keys = Object.keys(shape).filter((key) => key !== discriminator);
  const required = keys.filter((key) => shape[key]?._zod.optin !== "optional");
  return { schema, value: values[0], keys: new Set(keys), required, inferable: required.length > 0 };
}

/** An inferable union's branches: all of them, those that may be guessed, and every key those take. */
interface Branches {
  all: readonly Variant[];
  candidates: readonly Variant[];
  known: ReadonlySet<string>;
}

function inferDiscriminator(
  input: unknown,
  discriminator: string,
  { all: variants, candidates, known }: Branches,
  ctx: z.core.$RefinementCtx,
): unknown {
  if (!isPlainObject(input) || Object.hasOwn(input, discriminator)) return input;
  const withValue = (variant: Variant) => ({ ...input, [discriminator]: variant.value });
  const valid = candidates.filter((variant) => variant.schema.safeParse(withValue(variant)).success);
  if (valid.length === 1) return withValue(valid[0] as Variant);
  let fitting = valid;
  if (valid.length === 0) {
    // Valid for no branch: if the keys belong to one branch only, its own issues (a bad value, a missing
    // field, a key spelled the vendor's way) explain best. Keys as written are tried first, then the fields
    // the others stand for (`AccessKeyId` → `access_key_id`; a key that stands for none is left out, the
    // unknown-field issues name them all).
    const present = Object.keys(input);
    const spelled = present.flatMap((key) => (known.has(key) ? [key] : (fieldMeant(key, known) ?? [])));
    const shaped = branchesOf(candidates, present);
    const only = shaped.length === 1 || spelled.length === 0 ? shaped : branchesOf(candidates, spelled);
    if (only.length === 1) return withValue(only[0] as Variant);
    // No fields at all fit every branch alike: that says nothing, so every choice is named.
    fitting = present.length > 0 ? shaped : [];
  }
  const choices = (fitting.length > 1 ? fitting : variants).map((variant) => JSON.stringify(variant.value));
  ctx.addIssue({
    code: "custom",
    path: [discriminator],
    message:
      fitting.length > 1
        ? `Missing "${discriminator}": these fields fit ${joinChoices(choices)}; say which one.`
        : `Missing "${discriminator}": choose one of ${joinChoices(choices)}.`,
  });
  return input;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

type JsonNode = Record<string, unknown>;

/**
 * Rewrites every union marked with {@link INFERABLE_DISCRIMINATOR_KEYWORD} in an exported JSON Schema: in each
 * branch that requires a field besides the discriminator, the discriminator becomes optional and defaults to
 * the branch's value. Exactly the inputs zod accepts then validate under the `oneOf`.
 */
export function relaxInferableUnions(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) relaxInferableUnions(item);
    return;
  }
  if (!isPlainObject(node)) return;
  const discriminator = node[INFERABLE_DISCRIMINATOR_KEYWORD];
  if (typeof discriminator === "string") {
    delete node[INFERABLE_DISCRIMINATOR_KEYWORD];
    const branches = node.oneOf;
    if (Array.isArray(branches)) for (const branch of branches) relaxBranch(branch, discriminator);
  }
  for (const child of Object.values(node)) relaxInferableUnions(child);
}

function relaxBranch(branch: unknown, discriminator: string): void {
  if (!isPlainObject(branch) || !Array.isArray(branch.required)) return;
  const others = branch.required.filter((key) => key !== discriminator);
  if (others.length === 0 || others.length === branch.required.length) return;
  branch.required = others;
  const properties = branch.properties as JsonNode | undefined;
  const property = properties?.[discriminator];
  if (!isPlainObject(property)) return;
  const value = property.const ?? (Array.isArray(property.enum) ? property.enum[0] : undefined);
  if (value !== undefined) property.default = value;
}
