export { collectFleet, type CollectRequest, type CollectResult } from './collect-fleet.js';
export type { NodeOutcome, PodCleanup } from './collect-node.js';
export { renderCollectorManifest, type ManifestRequest } from './collector-manifest.js';
export { startCollectProgress } from './collect-progress.js';
export type { CollectorOptions, KubectlTarget, NodeChoice } from './kubectl-args.js';
export { collectExitCode, renderCollectSummary } from './collect-summary.js';
