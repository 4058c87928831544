import { describe, expect, it } from 'vitest';
import { hasCriTags, parseCriLine, parseUntaggedCriLine } from '../../../src/sources/pod-logs/cri-line.js';
import { parseDockerJsonLine } from '../../../src/sources/pod-logs/docker-json-line.js';
import { detectLogFormat } from '../../../src/sources/pod-logs/log-format.js';

describe('parseCriLine', () => {
  it('reads the header sample (containerd partial line)', () => {
    expect(parseCriLine('2024-01-01T12:00:00.1234Z stderr P first 16 KiB of a long line...')).toEqual({
      time: '2024-01-01T12:00:00.1234Z',
      stream: 'stderr',
      partial: true,
      content: 'first 16 KiB of a long line...',
    });
  });

  it('treats only a first tag P as partial, like the kubelet', () => {
    expect(parseCriLine('2024-01-01T12:00:00Z stdout P:x a')?.partial).toBe(true);
    expect(parseCriLine('2024-01-01T12:00:00Z stdout F:P a')?.partial).toBe(false);
    expect(parseCriLine('2024-01-01T12:00:00Z stdout PX a')?.partial).toBe(false);
    expect(parseCriLine('2024-01-01T12:00:00Z stdout future a')).toMatchObject({ partial: false, content: 'a' });
  });

  it('allows empty content, with or without the trailing space, and keeps inner spaces', () => {
    expect(parseCriLine('2024-01-01T12:00:00Z stdout F ')?.content).toBe('');
    expect(parseCriLine('2024-01-01T12:00:00Z stdout F')?.content).toBe('');
    expect(parseCriLine('2024-01-01T12:00:00Z stdout F  two  spaces ')?.content).toBe(' two  spaces ');
  });

  it('refuses unknown streams, missing fields and bad timestamps', () => {
    for (const line of ['2024-01-01T12:00:00Z stdin F a', '2024-01-01T12:00:00Z stdout', '2024-01-01T12:00:00Z stdout  F a', '2024-01-01 12:00:00 stdout F a', 'stdout F a', '']) {
      expect(parseCriLine(line), line).toBeNull();
    }
  });

  it('reads pre-1.9 lines without a tag field', () => {
    expect(parseUntaggedCriLine('2017-11-30T21:57:26.038813532Z stdout nginx: worker process started')).toEqual({
      time: '2017-11-30T21:57:26.038813532Z',
      stream: 'stdout',
      partial: false,
      content: 'nginx: worker process started',
    });
    expect(hasCriTags('2017-11-30T21:57:26.038813532Z stdout nginx: worker process started')).toBe(false);
    expect(hasCriTags('2024-01-01T12:00:00Z stdout F x')).toBe(true);
    expect(hasCriTags('2024-01-01T12:00:00Z stdout P')).toBe(true);
  });
});

describe('parseDockerJsonLine', () => {
  it('reads the header sample, decoding \\u003c escapes and dropping the newline', () => {
    expect(parseDockerJsonLine('{"log":"GET /healthz \\u003c200\\u003e\\n","stream":"stdout","time":"2019-03-02T10:15:02.123456789Z"}')).toEqual({
      time: '2019-03-02T10:15:02.123456789Z',
      stream: 'stdout',
      partial: false,
      content: 'GET /healthz <200>',
    });
  });

  it('marks an entry without a trailing newline as a fragment and ignores attrs', () => {
    expect(parseDockerJsonLine('{"log":"AAAA","stream":"stderr","time":"2019-03-02T10:15:03Z"}')).toMatchObject({ partial: true, content: 'AAAA', stream: 'stderr' });
    expect(parseDockerJsonLine('{"log":"x\\r\\n","stream":"stdout","attrs":{"tag":"web"},"time":"2019-03-02T10:15:03Z"}')).toMatchObject({ partial: false, content: 'x' });
  });

  it('refuses other JSON and broken lines', () => {
    for (const line of [
      '{"log":"x\\n","stream":"stdin","time":"2019-03-02T10:15:03Z"}',
      '{"log":1,"stream":"stdout","time":"2019-03-02T10:15:03Z"}',
      '{"log":"x\\n","stream":"stdout","time":"yesterday"}',
      '{"log":"x',
      '{"msg":"log"}',
      '[]',
    ]) {
      expect(parseDockerJsonLine(line), line).toBeNull();
    }
  });
});

describe('detectLogFormat', () => {
  it('tells the formats of the header samples apart', () => {
    expect(detectLogFormat('2024-01-01T12:00:00.123456789Z stdout F GET /healthz 200')).toBe('cri');
    expect(detectLogFormat('2017-11-30T21:57:26.038813532Z stdout GET /healthz 200')).toBe('cri-untagged');
    expect(detectLogFormat('{"log":"GET /healthz 200\\n","stream":"stdout","time":"2019-03-02T10:15:02Z"}')).toBe('docker-json');
    expect(detectLogFormat('GET /healthz 200')).toBeNull();
    expect(detectLogFormat('{"level":"info","msg":"a JSON app log is plain text here"}')).toBeNull();
  });
});
