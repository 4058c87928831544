/**
 * `manifest.json`, written by the collector (bundle format v1). Sample:
 *
 *   {"format":"podmortem-bundle","formatVersion":1,
 *    "collector":{"name":"podmortem-collect","version":"0.1.0"},"node":"node-1",
 *    "collection":{"start":"2026-11-28T04:00:00Z","end":"2026-11-28T04:00:09Z","since":"2026-11-26T04:00:00Z",
 *                  "mode":"host","root":"/","budgetBytes":268435456,"usedBytes":1048576,"redact":true},
 *    "anchors":{"wallClockUtc":"2026-11-28T04:00:00Z","uptimeSeconds":86412.5,"btime":1764215987,
 *               "bootId":"0f3c…-…","timezone":"UTC","utcOffset":"+0000"},
 *    "items":[{"path":"kernel/dmesg.txt","what":"dmesg","status":"ok","exitCode":0,"bytes":1234,"durationMs":12,"note":null}],
 *    "missingTools":["iostat"],"redactions":[{"path":"runtime/kubelet-config.yaml","count":1}]}
 *
 * The manifest comes from a broken machine or a stranger: every field is checked, a wrong one
 * becomes null plus a parse issue, and the rest is kept. Every string is cut at 2 KiB as the
 * file is read (`readCappedJson`), so a huge field never reaches memory whole.
 */
import type { SourceFile, SourceReader, IssueLog } from './source-reader.js';
import { readCappedJson } from './capped-json.js';

/**
 * `skipped-window`: the file was last written before the collection window (`--since`): out of scope, not lost.
 * `skipped-unsafe`: not read because it would leave the host root (a link climbing out, a link
 * loop) or its name holds a newline, tab or carriage return; the note says which.
 */
export const ITEM_STATUSES = ['ok', 'missing', 'failed', 'timeout', 'truncated', 'skipped-budget', 'skipped-window', 'skipped-unsafe'] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

export const RUN_MODES = ['host', 'chroot', 'nsenter', 'read-only', 'root-dir'] as const;
export type RunMode = (typeof RUN_MODES)[number];

export interface ManifestItem {
  /** Path of the item in the bundle, relative to its root: `stats/vmstat.txt`. */
  path: string;
  /** The command run or the file copied: `vmstat -w 1 5`, `/proc/meminfo`. */
  what: string;
  status: ItemStatus;
  exitCode: number | null;
  bytes: number | null;
  durationMs: number | null;
  /** Why an item is not ok, or what was cut: `tool not found`, `kept the last 10 MiB`. */
  note: string | null;
}

export interface BundleManifest {
  format: string | null;
  formatVersion: number | null;
  collector: { name: string | null; version: string | null };
  node: string | null;
  collection: {
    start: string | null;
    end: string | null;
    since: string | null;
    mode: RunMode | null;
    root: string | null;
    budgetBytes: number | null;
    usedBytes: number | null;
    redact: boolean | null;
    /** Why a debug-pod run fell back to nsenter or read-only collection. */
    modeNote: string | null;
  };
  anchors: {
    wallClockUtc: string | null;
    uptimeSeconds: number | null;
    btime: number | null;
    bootId: string | null;
    timezone: string | null;
    utcOffset: string | null;
  };
  items: ManifestItem[];
  missingTools: string[];
  redactions: { path: string; count: number }[];
  /** Per container log folder, what the collector's pod-log budget kept and by which round. */
  podLogs: PodLogBudget[];
}

/**
 * The pod-log budget's rounds (collector `67-pod-budget.sh`): `oom-victim` (named by the kernel
 * as an OOM victim: kept whole first), `tail` (an equal share of the end of its current log),
 * `newest` (what was left, newest first), `none` (nothing kept).
 */
export const POD_LOG_ROUNDS = ['oom-victim', 'tail', 'newest', 'none'] as const;
export type PodLogRound = (typeof POD_LOG_ROUNDS)[number];

export interface PodLogBudget {
  /** Bundle folder of the container's logs: `pods/<ns>_<pod>_<uid>/<container>`. */
  container: string;
  round: PodLogRound;
  keptBytes: number | null;
  /** Bytes of its log files on the node when they were listed. */
  logBytes: number | null;
  files: number | null;
  keptFiles: number | null;
  /** Why it was a victim, or that its share was short. */
  note: string | null;
}

/**
 * A collector's manifest is about 10 KB, plus some 300 bytes per collected file: 8 MiB is far
 * above any real one, and keeps the parsed manifest well inside the analyzer's memory bound.
 */
const MAX_MANIFEST_BYTES = 8 * 1024 * 1024;
/** Every string of the manifest (node name, paths, commands, notes) is cut past this many bytes. */
const MAX_MANIFEST_STRING_BYTES = 2048;

/** Reads `manifest.json`; the result is null when the bundle has none or it is unreadable. */
export function createManifestReader(): SourceReader<BundleManifest | null> {
  let manifest: BundleManifest | null = null;
  return {
    async read(file: SourceFile, content: AsyncIterable<Buffer>, issues: IssueLog) {
      const report = issues.forFile(file);
      const { text, cut, cutStrings } = await readCappedJson(content, MAX_MANIFEST_STRING_BYTES, MAX_MANIFEST_BYTES);
      if (cut) return report(null, `manifest larger than ${MAX_MANIFEST_BYTES} bytes (its strings cut at ${MAX_MANIFEST_STRING_BYTES}): ignored`);
      if (cutStrings > 0) report(null, `${cutStrings} manifest ${cutStrings === 1 ? 'field was' : 'fields were'} longer than ${MAX_MANIFEST_STRING_BYTES} bytes: cut`);
      manifest = parseManifest(text, (message) => report(null, message));
    },
    result: () => manifest,
  };
}

export function parseManifest(text: string, warn: (message: string) => void): BundleManifest | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    warn(`manifest is not valid JSON (${(error as Error).message})`);
    return null;
  }
  if (!isObject(json)) {
    warn('manifest is not a JSON object');
    return null;
  }
  const field = new FieldReader(warn);
  const collection = isObject(json.collection) ? json.collection : {};
  const anchors = isObject(json.anchors) ? json.anchors : {};
  const collector = isObject(json.collector) ? json.collector : {};
  return {
    format: field.string(json, 'format'),
    formatVersion: field.number(json, 'formatVersion'),
    collector: { name: field.string(collector, 'name'), version: field.string(collector, 'version') },
    node: field.string(json, 'node'),
    collection: {
      start: field.string(collection, 'start'),
      end: field.string(collection, 'end'),
      since: field.string(collection, 'since'),
      mode: field.oneOf(collection, 'mode', RUN_MODES),
      root: field.string(collection, 'root'),
      budgetBytes: field.number(collection, 'budgetBytes'),
      usedBytes: field.number(collection, 'usedBytes'),
      redact: field.boolean(collection, 'redact'),
      modeNote: field.string(collection, 'modeNote'),
    },
    anchors: {
      wallClockUtc: field.string(anchors, 'wallClockUtc'),
      uptimeSeconds: field.number(anchors, 'uptimeSeconds'),
      btime: field.number(anchors, 'btime'),
      bootId: field.string(anchors, 'bootId'),
      timezone: field.string(anchors, 'timezone'),
      utcOffset: field.string(anchors, 'utcOffset'),
    },
    items: field.array(json, 'items').flatMap((item, index) => parseItem(item, index, field)),
    missingTools: field.array(json, 'missingTools').filter((tool): tool is string => typeof tool === 'string'),
    redactions: field
      .array(json, 'redactions')
      .flatMap((entry) => (isObject(entry) && typeof entry.path === 'string' && typeof entry.count === 'number' ? [{ path: entry.path, count: entry.count }] : [])),
    podLogs: field.array(json, 'podLogs').flatMap((entry) => parsePodLogBudget(entry, field)),
  };
}

/** One `podLogs` record; one without a folder or with an unknown round is dropped. */
function parsePodLogBudget(entry: unknown, field: FieldReader): PodLogBudget[] {
  if (!isObject(entry) || typeof entry.container !== 'string') return [];
  const round = field.oneOf(entry, 'round', POD_LOG_ROUNDS);
  if (!round) return [];
  return [
    {
      container: entry.container,
      round,
      keptBytes: field.number(entry, 'keptBytes'),
      logBytes: field.number(entry, 'logBytes'),
      files: field.number(entry, 'files'),
      keptFiles: field.number(entry, 'keptFiles'),
      note: field.string(entry, 'note'),
    },
  ];
}

function parseItem(item: unknown, index: number, field: FieldReader): ManifestItem[] {
  if (!isObject(item) || typeof item.path !== 'string') {
    field.warn(`manifest item ${index} has no path: ignored`);
    return [];
  }
  const status = field.oneOf(item, 'status', ITEM_STATUSES);
  if (!status) return [];
  return [
    {
      path: item.path.replace(/^\.\//, ''),
      what: field.string(item, 'what') ?? item.path,
      status,
      exitCode: field.number(item, 'exitCode'),
      bytes: field.number(item, 'bytes'),
      durationMs: field.number(item, 'durationMs'),
      note: field.string(item, 'note'),
    },
  ];
}

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads typed fields; a present field of the wrong type is reported once and read as null. */
class FieldReader {
  constructor(readonly warn: (message: string) => void) {}

  private typed<T>(object: JsonObject, key: string, ok: (value: unknown) => value is T, what: string): T | null {
    const value = object[key];
    if (value === undefined || value === null) return null;
    if (ok(value)) return value;
    this.warn(`manifest field ${key} should be ${what}: ignored`);
    return null;
  }

  string(object: JsonObject, key: string): string | null {
    return this.typed(object, key, (v): v is string => typeof v === 'string', 'a string');
  }

  number(object: JsonObject, key: string): number | null {
    return this.typed(object, key, (v): v is number => typeof v === 'number' && Number.isFinite(v), 'a number');
  }

  boolean(object: JsonObject, key: string): boolean | null {
    return this.typed(object, key, (v): v is boolean => typeof v === 'boolean', 'true or false');
  }

  array(object: JsonObject, key: string): unknown[] {
    return this.typed(object, key, (v): v is unknown[] => Array.isArray(v), 'an array') ?? [];
  }

  oneOf<T extends string>(object: JsonObject, key: string, allowed: readonly T[]): T | null {
    const isAllowed = (v: unknown): v is T => typeof v === 'string' && (allowed as readonly string[]).includes(v);
    return this.typed(object, key, isAllowed, `one of ${allowed.join(', ')}`);
  }
}
