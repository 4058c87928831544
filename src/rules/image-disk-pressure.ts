/**
 * The filesystem holding container images filled up: the kubelet's image garbage collector
 * started deleting unused images, and could not free enough (kubelet-node-classifiers.ts):
 *
 *   "Disk usage on image filesystem is over the high threshold, trying to free bytes down to the low threshold" usage=85 highThreshold=85 amountToFree=1290842112 lowThreshold=80
 *   "Image garbage collection failed multiple times in a row" err="Failed to garbage collect required amount of images. Attempted to free 1290842112 bytes, but only found 0 bytes eligible to free."
 *
 * One finding for the image filesystem: a warning when garbage collection failed (DiskPressure and
 * evictions follow), info when it only went over the high threshold and the collector ran.
 */
import { defineRule } from './define-rule.js';
import { eventEvidence, eventsOf, notKeptData, timeSpan, type EventOf, lacksServiceLines } from './service-event-helpers.js';
import { formatBytes } from '../util/format-bytes.js';
import { remedyFacts, runtimeRoot, sh, suggest } from './command-helpers.js';
import { describeNode, imageStore, kubeletLogs } from './node-command-helpers.js';

/**
 * At every start the kubelet tries a first collection before its stats are ready and logs
 * `"Image garbage collection failed once. Stats initialization may not have completed yet"
 * err="invalid capacity 0 on image filesystem"`: noise, unless it names bytes it could not free.
 */
const STARTUP_NOISE = 'Stats initialization may not have completed yet';

type GcFailure = EventOf<'image-gc-failed'>;

export const imageDiskPressure = defineRule({
  id: 'image-disk-pressure',
  title: 'Image filesystem full: image garbage collection failing',
  severity: 'warning',
  severities: {
    warning: 'image garbage collection failed',
    info: 'image filesystem over its threshold, with no failure seen',
  },
  requires: [['journal', 'kernel']],
  lacks: lacksServiceLines,
  messages: {
    'gc-failed': 'Image garbage collection failed {failures|atLeast:time}: {toFree} had to be freed, {freed} could be',
    'over-threshold': 'The image filesystem went over the {highThresholdPercent}% high threshold {reports|atLeast:time} (at {usagePercent}%); the kubelet deleted unused images',
  },
  commands(finding, model) {
    const facts = remedyFacts(model);
    const root = runtimeRoot(facts);
    return [
      kubeletLogs(facts, finding.time, 'image garbage collection|image filesystem|ImageGCFailed|FreeDiskSpaceFailed'),
      imageStore(facts),
      suggest("the runtime's filesystem now: bytes and inodes", sh`df -h ${root}; df -i ${root}`),
      suggest('the images the runtime holds', facts.runtime === 'docker' ? 'docker images' : facts.runtime === null ? null : 'crictl images'),
      describeNode(facts, 'DiskPressure|ImageGCFailed|FreeDiskSpaceFailed', "the node's disk condition and image GC events"),
      suggest(
        'remove every image no container uses (frees space; images are pulled again when needed)',
        facts.runtime === 'docker' ? 'docker image prune -a' : facts.runtime === null ? null : 'crictl rmi --prune',
        true,
      ),
    ];
  },
  check(model, report) {
    const failures = eventsOf(model, ['image-gc-failed']).filter((event) => !isStartupNoise(event));
    const over = eventsOf(model, ['image-fs-over-threshold']);
    if (failures.length === 0 && over.length === 0) return;
    const lastFailure = failures.findLast((event) => event.bytesToFree !== null) ?? failures.at(-1);
    const lastOver = over.at(-1);
    const span = timeSpan(failures.length > 0 ? failures : over);
    report({
      messageId: failures.length > 0 ? 'gc-failed' : 'over-threshold',
      severity: failures.length > 0 ? 'warning' : 'info',
      data: {
        failures: failures.length,
        bytesToFree: lastFailure?.bytesToFree ?? lastOver?.bytesToFree ?? null,
        toFree: sizeText(lastFailure?.bytesToFree ?? lastOver?.bytesToFree ?? null),
        bytesFreed: lastFailure?.bytesFreed ?? null,
        freed: sizeText(lastFailure?.bytesFreed ?? null),
        reports: over.length,
        usagePercent: lastOver?.usagePercent ?? null,
        highThresholdPercent: lastOver?.highThreshold ?? null,
        lowThresholdPercent: lastOver?.lowThreshold ?? null,
        ...span,
        ...notKeptData(model, ['image-gc-failed', 'image-fs-over-threshold']),
      },
      subject: null,
      time: span.firstTime,
      evidence: [...eventEvidence(failures), ...eventEvidence(over)],
    });
  },
});

function isStartupNoise(event: GcFailure): boolean {
  return event.bytesToFree === null && event.text.includes(STARTUP_NOISE);
}

function sizeText(bytes: number | null): string | null {
  return bytes === null ? null : formatBytes(bytes);
}
