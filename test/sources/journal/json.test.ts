import { describe, expect, it } from 'vitest';
import { readExportEntries } from '../../../src/sources/journal/read-export.js';
import { readJsonEntries, readJsonPrettyEntries } from '../../../src/sources/journal/read-json.js';
import type { EntrySink } from '../../../src/sources/journal/entry-sink.js';
import { collectEntries, fixture } from './read-journal.js';

const json = (content: AsyncIterable<Buffer>, file: string, sink: EntrySink) => readJsonEntries(content, file, 'json', sink);
const jsonSeq = (content: AsyncIterable<Buffer>, file: string, sink: EntrySink) => readJsonEntries(content, file, 'json-seq', sink);

describe('journalctl -o json / json-seq / json-pretty', () => {
  it('reads the real json export of the same journal into the same entries as the export form', async () => {
    const fromJson = await collectEntries(json, fixture('real-journald-252-kubelet-containerd-kernel.json'));
    const fromExport = await collectEntries(readExportEntries, fixture('real-journald-252-kubelet-containerd-kernel.export'));
    expect(fromJson.issues).toEqual([]);
    const strip = ({ line: _line, ...rest }: { line: number }) => rest;
    expect(fromJson.entries.map(strip)).toEqual(fromExport.entries.map(strip));
    expect(fromJson.entries.map((e) => e.line)).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
  });

  it('decodes byte arrays, joins repeated fields, and marks null (over 4096 bytes) as cut', async () => {
    const lines = [
      '{"__REALTIME_TIMESTAMP":"1795839379651884","SYSLOG_IDENTIFIER":"kubelet","MESSAGE":[72,105,13,10,116,104,101,114,101]}',
      '{"MESSAGE":["first",[115,101,99,111,110,100]],"SYSLOG_IDENTIFIER":["kubelet","ignored"]}',
      '{"MESSAGE":null,"SYSLOG_IDENTIFIER":"kubelet"}',
    ].join('\n');
    const { entries } = await collectEntries(json, lines);
    expect(entries.map((e) => [e.message, e.messageCut, e.identifier])).toEqual([
      ['Hi\r\nthere', false, 'kubelet'],
      ['first\nsecond', false, 'kubelet'],
      ['', true, 'kubelet'],
    ]);
  });

  it('reads the real json-seq (RS before each record) and json-pretty outputs', async () => {
    const seq = await collectEntries(jsonSeq, fixture('real-journald-252-two-entries.json-seq'));
    expect(seq.issues).toEqual([]);
    expect(seq.entries.map((e) => [e.identifier, e.transport])).toEqual([
      ['kubelet', 'journal'],
      ['podmortem', 'kernel'],
    ]);
    const pretty = await collectEntries(readJsonPrettyEntries, fixture('real-journald-252-one-entry.json-pretty'));
    expect(pretty.entries).toMatchObject([{ line: 1, identifier: 'podmortem', transport: 'kernel', priority: 4, sourceMonotonic: 1120.856146, message: 'fixture kernel line after journald start' }]);
  });

  it('reports lines that are not JSON objects with their line and reads the rest', async () => {
    const { entries, issues } = await collectEntries(json, '{"MESSAGE":"one"}\n{"MESSAGE":"cut\n[1,2]\n\n{"MESSAGE":"four"}\n');
    expect(entries.map((e) => [e.line, e.message])).toEqual([
      [1, 'one'],
      [5, 'four'],
    ]);
    expect(issues.map((issue) => issue.line)).toEqual([2, 3]);
  });
});
