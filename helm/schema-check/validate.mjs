// Validates every document of rendered Kubernetes manifests (multi-document YAML files given as arguments)
// against the Kubernetes API schemas (kubernetes-models) and the ServiceMonitor / ScaledObject CRD schemas.
// Prints one line per document and exits 1 if any document is invalid or of a kind it has no schema for.
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

const CRD_PACKAGES = {
  "monitoring.coreos.com": "@kubernetes-models/prometheus-operator",
  "keda.sh": "@kubernetes-models/keda",
};

async function modelFor(apiVersion, kind) {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
  const module = CRD_PACKAGES[group] ? `${CRD_PACKAGES[group]}/${group}/${version}`
    : group ? `kubernetes-models/${group}/${version}` : `kubernetes-models/${version}`;
  const models = await import(module);
  if (!models[kind]) {
    throw new Error(`no schema for ${kind} in ${module}`);
  }
  return models[kind];
}

let invalid = 0;
let checked = 0;
for (const file of process.argv.slice(2)) {
  for (const doc of parseAllDocuments(readFileSync(file, "utf8"))) {
    const manifest = doc.toJS();
    if (!manifest) {
      continue;
    }
    const name = `${manifest.kind}/${manifest.metadata?.name} (${file})`;
    try {
      const Model = await modelFor(manifest.apiVersion, manifest.kind);
      new Model(manifest).validate();
      console.log(`valid    ${name}`);
    } catch (e) {
      invalid++;
      console.log(`INVALID  ${name}: ${e.message}`);
    }
    checked++;
  }
}
console.log(`${checked - invalid} of ${checked} manifests valid`);
process.exit(invalid === 0 && checked > 0 ? 0 : 1);
