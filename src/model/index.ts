import type { BundleInventory } from '../bundle/index.js';
import type { SourceData } from '../sources/index.js';
import { buildCoverage, type CoverageRow } from './coverage.js';
import { buildNodeFacts, type NodeFacts } from './node-facts.js';

export { buildCoverage, type CoverageRow, type CoverageState } from './coverage.js';
export { buildNodeFacts, type NodeFacts } from './node-facts.js';

/** Everything known about the node, joined across sources; the only input of the rules. */
export interface NodeModel {
  node: NodeFacts;
  coverage: CoverageRow[];
}

export function buildNodeModel(sources: SourceData, inventory: BundleInventory): NodeModel {
  return {
    node: buildNodeFacts(sources.manifest, inventory.root),
    coverage: buildCoverage(inventory, sources.manifest, sources.parseIssueCounts),
  };
}
