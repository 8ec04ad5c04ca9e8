import Form from "@rjsf/core";
import type { ErrorSchema, RJSFSchema, UiSchema } from "@rjsf/utils";
import { useEffect, useState } from "react";
import { fetchForm, submitConfig, type Verdict } from "./api.js";
import { toErrorSchema } from "./error-schema.js";
import { validator } from "./validator.js";

interface Loaded {
  schema: RJSFSchema;
  uiSchema: UiSchema;
}

/** One provider's form: rendered from the exported schema + uiSchema, validated by the server on submit. */
export function ProviderForm({ type }: { type: string }) {
  const [form, setForm] = useState<Loaded | undefined>();
  const [formData, setFormData] = useState<unknown>(undefined);
  const [verdict, setVerdict] = useState<Verdict | undefined>();
  const [serverErrors, setServerErrors] = useState<ErrorSchema | undefined>();
  const [failure, setFailure] = useState<string | undefined>();

  useEffect(() => {
    let current = true;
    setForm(undefined);
    setFormData(undefined);
    setVerdict(undefined);
    setServerErrors(undefined);
    fetchForm(type).then(
      (loaded) => current && setForm(loaded),
      (error: unknown) => current && setFailure(String(error)),
    );
    return () => {
      current = false;
    };
  }, [type]);

  if (failure) return <p role="alert">{failure}</p>;
  if (!form) return <p>Loading…</p>;

  const onSubmit = async (data: unknown) => {
    setFormData(data);
    const answer = await submitConfig(type, data).catch((error: unknown) => {
      setFailure(String(error));
      return undefined;
    });
    setVerdict(answer);
    setServerErrors(answer && !answer.valid ? toErrorSchema(answer.issues) : undefined);
  };

  return (
    <div className="provider-form" data-provider={type}>
      <Form
        schema={form.schema}
        uiSchema={{ ...form.uiSchema, "ui:submitButtonOptions": { submitText: "Validate" } }}
        validator={validator}
        formData={formData}
        onChange={(event) => setFormData(event.formData)}
        onSubmit={(event) => void onSubmit(event.formData)}
        // The core is the authority: every submit goes to the server (the browser's own checks of email and
        // url inputs included), and its field errors show in place.
        // Optional objects (an optional auth method) start empty, behind an "add" button, instead of being
        // filled with the first branch's fixed values.
        experimental_defaultFormStateBehavior={{ emptyObjectFields: "populateRequiredDefaults" }}
        noValidate
        noHtml5Validate
        showErrorList={false}
        {...(serverErrors ? { extraErrors: serverErrors } : {})}
      />
      {verdict && <VerdictPanel verdict={verdict} />}
    </div>
  );
}

function VerdictPanel({ verdict }: { verdict: Verdict }) {
  if (!verdict.valid) {
    return (
      <section className="verdict refused" data-testid="verdict" data-valid="false">
        <h3>Refused by the core</h3>
        <ul>
          {verdict.issues.map((issue) => (
            <li key={`${issue.path}:${issue.message}`}>
              <code>{issue.path || "(config)"}</code>: {issue.message}
            </li>
          ))}
        </ul>
      </section>
    );
  }
  return (
    <section className="verdict accepted" data-testid="verdict" data-valid="true">
      <h3>Accepted</h3>
      <p>The config as the server would store and show it, secrets masked:</p>
      <pre data-testid="redacted-config">{JSON.stringify(verdict.config, null, 2)}</pre>
    </section>
  );
}
