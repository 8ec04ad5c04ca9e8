import { type CustomValidatorOptionsType, customizeValidator } from "@rjsf/validator-ajv8";
import { Ajv2020 } from "ajv/dist/2020.js";

/**
 * The exported schemas are JSON Schema 2020-12, so RJSF gets ajv's 2020 class. RJSF uses it to pick the
 * union branch that matches the data; the config itself is validated by the core on submit.
 */
export const validator = customizeValidator({
  // RJSF types the option as ajv's default-export module (class plus re-exports); the 2020 class is what it
  // instantiates, as RJSF's docs show.
  AjvClass: Ajv2020 as unknown as CustomValidatorOptionsType["AjvClass"],
});
