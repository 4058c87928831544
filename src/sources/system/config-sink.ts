/**
 * What the kubelet-config document readers (config-yaml.ts, config-json.ts) hand on: scalars and
 * containers by their key path from the top of the document, so one builder serves both forms.
 *
 *   evictionHard:               container(['evictionHard'], 1)            (once its first entry is seen)
 *     memory.available: 100Mi   scalar(['evictionHard', 'memory.available'], '100Mi', 2)
 *   enforceNodeAllocatable:     container(['enforceNodeAllocatable'], 3)
 *   - pods                      scalar(['enforceNodeAllocatable', '-'], 'pods', 4)
 */
export interface ConfigSink {
  /** A scalar, unquoted; a list item adds `-` to the path. `null` / `~` values are not reported. */
  scalar(path: readonly string[], text: string, line: number): void;
  /** `path` holds a map or a list, possibly empty (`{}`), reported at the line of its key. */
  container(path: readonly string[], line: number): void;
}

/** Deeper than this nobody writes a kubelet configuration; the rest of such a branch is not read. */
export const MAX_CONFIG_DEPTH = 32;
