export {
  basicUsernameSchema,
  bearerAuthSchema,
  bearerTokenSchema,
  headerValueOnlySchema,
} from "./auth-fields.js";
export { discardBody } from "./discard-body.js";
export {
  HEADER_NAME_PATTERN,
  HEADER_VALUE_PATTERN,
  headerNameSchema,
  headerValueSchema,
  RESERVED_HEADER_NAMES,
} from "./header-fields.js";
export { isRedirectStatus, isSameHost, MAX_REDIRECTS } from "./redirects.js";
export { retryAfterSeconds } from "./retry-after.js";
