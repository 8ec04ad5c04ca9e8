import * as z from "zod";
import { TEST_RESULT_CATEGORIES } from "../result/categories.js";

/** The four statuses of a connection. ACTIVE is the only one in which it is used and health-checked. */
export const CONNECTION_STATUSES = ["ACTIVE", "SUSPENDED", "FAILED", "ARCHIVED"] as const;

/** One of {@link CONNECTION_STATUSES}. */
export type ConnectionStatus = (typeof CONNECTION_STATUSES)[number];

/** Longest `last_error` kept; longer messages are cut with an ellipsis. */
export const MAX_LAST_ERROR_LENGTH = 1_000;

const isoDate = z.iso.datetime({ offset: true });

/** Metadata values a connection may carry (key-value, as in the seed API). */
export const connectionMetadataSchema = z
  .record(z.string().min(1).max(64), z.union([z.string().max(500), z.number(), z.boolean()]))
  .refine((value) => Object.keys(value).length <= 50, { message: "At most 50 metadata keys." })
  .meta({ title: "Metadata", description: "Your own key-value data (at most 50 keys)." });

/** Why and when a connection was suspended, so a person (or a retest) can act on it. */
export const suspensionSchema = z.strictObject({
  category: z.enum(TEST_RESULT_CATEGORIES).or(z.literal("manual")),
  step: z.string().optional(),
  message: z.string().max(MAX_LAST_ERROR_LENGTH),
  at: isoDate,
});

/** A compact summary of the latest test. */
export const lastTestSchema = z.strictObject({
  success: z.boolean(),
  result: z.enum(TEST_RESULT_CATEGORIES),
  at: isoDate,
  duration_ms: z.number().nonnegative(),
  failed_step: z.string().optional(),
});

/** The stored connection record (seed fields, snake_case, plus the lifecycle's evidence). */
export const connectionRecordSchema = z.strictObject({
  connection_id: z.string().regex(/^conn_[A-Za-z0-9]{15}$/),
  internal_id: z.uuid(),
  organization_id: z.string().min(1),
  name: z.string().min(1).max(100),
  description: z.string().max(500).optional(),
  provider_type: z.string().min(1),
  created_by: z.string().min(1),
  status: z.enum(CONNECTION_STATUSES),
  is_active: z.boolean(),
  last_sync_at: isoDate.nullable(),
  last_tested_at: isoDate.nullable(),
  last_error: z.string().max(MAX_LAST_ERROR_LENGTH + 1).nullable(),
  consecutive_failures: z.number().int().nonnegative(),
  /** When the current window for counting transient failures opened (null: none counted yet). */
  transient_window_started_at: isoDate.nullable(),
  last_test: lastTestSchema.nullable(),
  suspended_at: isoDate.nullable(),
  suspension: suspensionSchema.nullable(),
  created_at: isoDate,
  updated_at: isoDate,
  metadata: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
});

/** A connection record. `is_active` is always exactly `status === "ACTIVE"`. */
export type ConnectionRecord = z.output<typeof connectionRecordSchema>;
/** The suspension evidence of a record. */
export type Suspension = z.output<typeof suspensionSchema>;
