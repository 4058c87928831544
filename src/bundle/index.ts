export { BUNDLE_FORMAT, BUNDLE_FORMAT_VERSION, LAYOUT, SOURCE_IDS, sourceLayout, type SourceGroup, type SourceId, type SourceLayout } from './layout.js';
export { FORMAT_LAYOUTS, INPUT_FORMATS, type ForeignLayout, type FormatLayout, type InputFormat } from './format-layout.js';
export { candidateRoots, formatsClaiming, matchSource, type SourceMatch } from './match-source.js';
export { MAX_LISTED, type BundleInventory, type SourceFiles } from './inventory.js';
export { readBundle, type BundleFile, type BundleReadResult } from './read-bundle.js';
export { LONE_FILE_FORMATS, type LoneFileFacts, type LoneFileFormat } from './lone-file.js';
export { readAgain } from './read-again.js';
