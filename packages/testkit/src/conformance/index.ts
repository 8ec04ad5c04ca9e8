export { compileJsonSchema } from "./json-schema-check.js";
export { measureRoundTrips, type RoundTripMeasurement } from "./round-trips.js";
export { canarySecret, findLeaks, leakForms } from "./secret-forms.js";
export {
  type ConformanceOptions,
  type Scenario,
  type ScenarioSetup,
  testProviderConformance,
} from "./suite.js";
export { type ValidationProbe, validationProbe } from "./validation-probe.js";
