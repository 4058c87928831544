/**
 * The kubelet's configuration file (`runtime/kubelet-config.yaml`: the file its `--config` flag
 * names, secrets redacted), a KubeletConfiguration in YAML (kubeadm) or JSON (EKS); the form is
 * told by the first character, not the file name. Sample, kubeadm 1.32 /var/lib/kubelet/config.yaml:
 *
 *   apiVersion: kubelet.config.k8s.io/v1beta1
 *   authentication:
 *     anonymous:
 *       enabled: false
 *   …
 *   cgroupDriver: systemd
 *   clusterDNS:
 *   - 10.96.0.10
 *   containerRuntimeEndpoint: unix:///var/run/containerd/containerd.sock
 *   evictionPressureTransitionPeriod: 0s
 *   kind: KubeletConfiguration
 *   memorySwap: {}
 *   …
 *
 *   → { kind: 'KubeletConfiguration', apiVersion: 'kubelet.config.k8s.io/v1beta1', cgroupDriver: 'systemd',
 *       containerRuntimeEndpoint: 'unix:///var/run/containerd/containerd.sock', evictionPressureTransitionPeriod: '0s',
 *       evictionHard: null, swapBehavior: null, fields: { apiVersion: …, cgroupDriver: 'systemd', … } }
 *
 * A map left out is null, and that differs from `{}`: the kubelet fills in its defaults only for a
 * field that is absent (k/k pkg/kubelet/apis/config/v1beta1/defaults.go: `if obj.EvictionHard == nil`),
 * so `evictionHard: {}` means no hard thresholds at all. Values that look redacted stay as printed
 * and are listed in `redacted`.
 */
import type { SourceFile } from '../source-reader.js';
import { BoundedList, BoundedRecord } from '../stats/columns.js';
import { createLineReader, type LineParser, type ReportIssue } from '../stats/line-reader.js';
import { parseInteger } from '../stats/numbers.js';
import { ConfigDocument, type ConfigSink } from './config-document.js';
import { looksRedacted } from './kubelet-flags.js';

export interface KubeletConfig {
  file: string;
  format: 'yaml' | 'json';
  kind: string | null;
  apiVersion: string | null;
  /** Every top-level scalar, unquoted, as printed. */
  fields: Record<string, string>;
  /** Top-level key → the line it is on, for evidence. */
  lines: Record<string, number>;
  /** Top-level keys whose value looks redacted (`<redacted>`, `***` …). */
  redacted: string[];
  /** Signal → quantity (`memory.available` → `100Mi`); null when the file does not set the field. */
  evictionHard: Record<string, string> | null;
  evictionSoft: Record<string, string> | null;
  evictionSoftGracePeriod: Record<string, string> | null;
  evictionMinimumReclaim: Record<string, string> | null;
  evictionPressureTransitionPeriod: string | null;
  evictionMaxPodGracePeriod: number | null;
  /** Recent kubelets: true makes the signals evictionHard leaves out keep their defaults. */
  mergeDefaultEvictionSettings: boolean | null;
  systemReserved: Record<string, string> | null;
  kubeReserved: Record<string, string> | null;
  enforceNodeAllocatable: string[] | null;
  featureGates: Record<string, string> | null;
  cgroupDriver: string | null;
  containerRuntimeEndpoint: string | null;
  maxPods: number | null;
  failSwapOn: boolean | null;
  /** `memorySwap.swapBehavior`: `NoSwap`, `LimitedSwap` (older: `UnlimitedSwap`). */
  swapBehavior: string | null;
}

const MAP_FIELDS = ['evictionHard', 'evictionSoft', 'evictionSoftGracePeriod', 'evictionMinimumReclaim', 'systemReserved', 'kubeReserved', 'featureGates'] as const;
type MapField = (typeof MAP_FIELDS)[number];

export const MAX_KUBELET_CONFIG_KEYS = 500;
const MAX_MAP_ENTRIES = 64;
const MAX_LIST_ITEMS = 16;

export function createKubeletConfigReader() {
  return createLineReader(startKubeletConfig, (config) => Object.keys(config.lines).length === 0);
}

export function startKubeletConfig(file: SourceFile, report: ReportIssue): LineParser<KubeletConfig> {
  const builder = new KubeletConfigBuilder(report);
  const document = new ConfigDocument(builder, report);
  return {
    line(text, lineNo) {
      document.line(text, lineNo);
    },
    finish() {
      document.finish();
      return builder.result(file.path, document.format);
    },
  };
}

/** Keeps the fields the analyzer reads, bounded, from either document form. */
class KubeletConfigBuilder implements ConfigSink {
  private readonly fields = new BoundedRecord<string>(MAX_KUBELET_CONFIG_KEYS);
  private readonly lines = new BoundedRecord<number>(MAX_KUBELET_CONFIG_KEYS);
  private readonly maps = new Map<MapField, BoundedRecord<string>>();
  private enforceNodeAllocatable: BoundedList<string> | null = null;
  private swapBehavior: string | null = null;

  constructor(private readonly report: ReportIssue) {}

  scalar(path: readonly string[], text: string, line: number): void {
    const [top, inner] = path;
    if (path.length === 1) {
      this.noteKey(top!, line);
      this.fields.set(top!, text);
    } else if (path.length === 2 && isMapField(top!) && inner !== '-') {
      this.mapOf(top).set(inner!, text);
    } else if (path.length === 2 && top === 'enforceNodeAllocatable' && inner === '-') {
      (this.enforceNodeAllocatable ??= new BoundedList(MAX_LIST_ITEMS)).push(text);
    } else if (path.length === 2 && top === 'memorySwap' && inner === 'swapBehavior') {
      this.swapBehavior = text;
    }
  }

  container(path: readonly string[], line: number): void {
    const top = path[0]!;
    if (path.length !== 1) return;
    this.noteKey(top, line);
    if (isMapField(top)) this.mapOf(top);
    if (top === 'enforceNodeAllocatable') this.enforceNodeAllocatable ??= new BoundedList(MAX_LIST_ITEMS);
  }

  private noteKey(key: string, line: number): void {
    if (Object.prototype.hasOwnProperty.call(this.lines.values, key)) this.report(line, `${key} given again: the last one counts`);
    this.lines.set(key, line);
  }

  private mapOf(field: MapField): BoundedRecord<string> {
    let map = this.maps.get(field);
    if (!map) this.maps.set(field, (map = new BoundedRecord<string>(MAX_MAP_ENTRIES)));
    return map;
  }

  result(file: string, format: KubeletConfig['format']): KubeletConfig {
    const fields = this.fields.values;
    const redacted = Object.keys(fields).filter((key) => looksRedacted(fields[key]!));
    const get = (key: string) => (redacted.includes(key) || fields[key] === undefined || fields[key] === '' ? null : fields[key]);
    const map = (field: MapField) => this.maps.get(field)?.values ?? null;
    const kind = get('kind');
    if (Object.keys(this.lines.values).length === 0) this.report(null, 'no kubelet configuration found');
    else if (kind !== null && kind !== 'KubeletConfiguration') this.report(null, `kind ${kind}, not KubeletConfiguration`);
    return {
      file,
      format,
      kind,
      apiVersion: get('apiVersion'),
      fields,
      lines: this.lines.values,
      redacted,
      evictionHard: map('evictionHard'),
      evictionSoft: map('evictionSoft'),
      evictionSoftGracePeriod: map('evictionSoftGracePeriod'),
      evictionMinimumReclaim: map('evictionMinimumReclaim'),
      evictionPressureTransitionPeriod: get('evictionPressureTransitionPeriod'),
      evictionMaxPodGracePeriod: parseInteger(get('evictionMaxPodGracePeriod') ?? ''),
      mergeDefaultEvictionSettings: parseBoolean(get('mergeDefaultEvictionSettings')),
      systemReserved: map('systemReserved'),
      kubeReserved: map('kubeReserved'),
      enforceNodeAllocatable: this.enforceNodeAllocatable?.items ?? null,
      featureGates: map('featureGates'),
      cgroupDriver: get('cgroupDriver'),
      containerRuntimeEndpoint: get('containerRuntimeEndpoint'),
      maxPods: parseInteger(get('maxPods') ?? ''),
      failSwapOn: parseBoolean(get('failSwapOn')),
      swapBehavior: this.swapBehavior === '' ? null : this.swapBehavior,
    };
  }
}

function isMapField(key: string): key is MapField {
  return (MAP_FIELDS as readonly string[]).includes(key);
}

/** YAML 1.1 as the kubelet's decoder reads it: `true`, `True`, `yes`, `on` … */
function parseBoolean(text: string | null): boolean | null {
  if (text === null) return null;
  if (/^(?:true|yes|on|y)$/i.test(text)) return true;
  if (/^(?:false|no|off|n)$/i.test(text)) return false;
  return null;
}
