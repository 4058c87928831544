/** Container runtime state from crictl (`crictl` source). */
export { createCrictlReader, MAX_JSON_BYTES, type CrictlData } from './crictl-reader.js';
export {
  CONTAINER_STATES,
  SANDBOX_STATES,
  crictlContainer,
  crictlExit,
  crictlSandbox,
  crictlStamp,
  type CrictlContainer,
  type CrictlContainerState,
  type CrictlExit,
  type CrictlSandbox,
  type CrictlSandboxState,
  type KubernetesLabels,
} from './crictl-records.js';
export { parseJsonDocuments, type JsonProblem } from './json-documents.js';
