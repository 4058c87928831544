import { LAYOUT, SOURCE_IDS, type SourceId } from './layout.js';
import { EKS_LAYOUT } from './layout-eks.js';
import { RANCHER_LAYOUT } from './layout-rancher.js';
import { SOS_LAYOUT } from './layout-sos.js';
import { VAR_LOG_LAYOUT } from './layout-var-log.js';

/** The layouts the bundle stage knows, as named in the report (`input.format`). */
export const INPUT_FORMATS = ['podmortem', 'var-log', 'eks', 'rancher', 'sos'] as const;
/** `lone-file`: one log file, not a bundle (lone-file.ts); no layout table applies. */
export type InputFormat = (typeof INPUT_FORMATS)[number] | 'lone-file' | 'unknown';

/**
 * Another collector's layout: which of its paths feed which of podmortem's sources. Same pattern
 * syntax as `LAYOUT` (`*` within a segment, `**` across segments); within a source, earlier
 * patterns are preferred. The parsers recognise content, so a table only says where to look.
 */
export interface ForeignLayout {
  format: Exclude<InputFormat, 'podmortem' | 'lone-file' | 'unknown'>;
  title: string;
  /** Where the paths were checked (repository and file), for the next person who updates them. */
  facts: string;
  paths: Partial<Record<SourceId, readonly string[]>>;
}

export interface FormatLayout {
  format: Exclude<InputFormat, 'lone-file' | 'unknown'>;
  title: string;
  paths: Partial<Record<SourceId, readonly string[]>>;
}

const PODMORTEM_LAYOUT: FormatLayout = {
  format: 'podmortem',
  title: 'podmortem bundle',
  paths: Object.fromEntries(SOURCE_IDS.map((id) => [id, LAYOUT[id].candidates])),
};

/** Every format's table, in the order of INPUT_FORMATS (a tie in detection goes to the earlier one). */
export const FORMAT_LAYOUTS: readonly FormatLayout[] = [PODMORTEM_LAYOUT, VAR_LOG_LAYOUT, EKS_LAYOUT, RANCHER_LAYOUT, SOS_LAYOUT];
