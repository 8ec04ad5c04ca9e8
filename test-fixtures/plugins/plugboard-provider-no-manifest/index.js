// Never imported: the registry refuses it before loading because package.json has no "plugboard" manifest.
export default undefined;
