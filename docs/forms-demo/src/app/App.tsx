import { useEffect, useState } from "react";
import { fetchProviders, type ProviderSummary } from "./api.js";
import { ProviderForm } from "./ProviderForm.js";

function typeFromHash(): string {
  return decodeURIComponent(window.location.hash.replace(/^#/, ""));
}

/** The provider list on the left, the chosen provider's form on the right; `#<type>` deep-links a form. */
export function App() {
  const [providers, setProviders] = useState<ProviderSummary[] | undefined>();
  const [failure, setFailure] = useState<string | undefined>();
  const [selected, setSelected] = useState(typeFromHash);

  useEffect(() => {
    fetchProviders().then(setProviders, (error: unknown) => setFailure(String(error)));
    const onHashChange = () => setSelected(typeFromHash());
    window.addEventListener("hashchange", onHashChange);
    return () => window.removeEventListener("hashchange", onHashChange);
  }, []);

  const current = providers?.find((provider) => provider.type === selected);
  return (
    <div className="layout">
      <nav aria-label="Providers">
        <h1>Plugboard forms</h1>
        {failure && <p role="alert">{failure}</p>}
        <ul>
          {providers?.map((provider) => (
            <li key={provider.type}>
              <a href={`#${provider.type}`} aria-current={provider.type === selected ? "page" : undefined}>
                {provider.displayName}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main>
        {current ? (
          <>
            <h2>{current.displayName}</h2>
            <p className="provider-description">{current.description}</p>
            <ProviderForm key={current.type} type={current.type} />
          </>
        ) : (
          <p>Choose a provider to render its connection form.</p>
        )}
      </main>
    </div>
  );
}
