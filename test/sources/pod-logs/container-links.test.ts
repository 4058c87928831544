import { describe, expect, it } from 'vitest';
import { createContainerLinksReader, parseContainerLinkLine, parseContainerLinkName } from '../../../src/sources/pod-logs/index.js';
import { feedReader } from './feed-reader.js';

const UID = '6f1e2d3c-4b5a-4978-8c1d-2e3f4a5b6c7d';
const ID = '3b1f9c0d2e4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c';
const NAME = `checkout-7d9f8b6c5-x2x9q_shop_api-${ID}.log`;
const TARGET = `/var/log/pods/shop_checkout-7d9f8b6c5-x2x9q_${UID}/api/0.log`;

/** The kubelet's `legacyLogSymlink`: the name is cut to fit 255 bytes with `.log`. */
function kubeletLinkName(pod: string, namespace: string, container: string, id: string): string {
  const body = `${pod}_${namespace}_${container}-${id}`;
  return `${body.slice(0, 255 - '.log'.length)}.log`;
}

describe('parseContainerLinkName', () => {
  it('reads the header sample: pod before namespace', () => {
    expect(parseContainerLinkName(NAME)).toEqual({ pod: 'checkout-7d9f8b6c5-x2x9q', namespace: 'shop', container: 'api', containerId: ID, truncated: false });
    expect(parseContainerLinkName(`/var/log/containers/${NAME}`)?.containerId).toBe(ID);
  });

  it('gives no id or container for a name the kubelet truncated', () => {
    const name = kubeletLinkName('p'.repeat(200), 'team-a', 'sidecar', ID);
    expect(Buffer.byteLength(name)).toBe(255);
    expect(parseContainerLinkName(name)).toEqual({ pod: 'p'.repeat(200), namespace: 'team-a', container: null, containerId: null, truncated: true });
  });

  it('refuses names that are not links', () => {
    expect(parseContainerLinkName('checkout_shop_api.log')).toBeNull();
    expect(parseContainerLinkName(`checkout_shop_api-${ID}.txt`)).toBeNull();
  });
});

describe('parseContainerLinkLine', () => {
  it('reads the collector table, ls -l output and bare names', () => {
    expect(parseContainerLinkLine(`${NAME}\t${TARGET}`)).toEqual({ name: NAME, target: TARGET });
    expect(parseContainerLinkLine(`lrwxrwxrwx 1 root root 98 Nov 27 10:00 ${NAME} -> ${TARGET}`)).toEqual({ name: NAME, target: TARGET });
    expect(parseContainerLinkLine(NAME)).toEqual({ name: NAME, target: null });
    expect(parseContainerLinkLine('total 8')).toBe('blank');
    expect(parseContainerLinkLine('')).toBe('blank');
    expect(parseContainerLinkLine('ls: cannot access /var/log/containers')).toBeNull();
  });
});

describe('container links reader', () => {
  it('reads the header sample of containers.txt', async () => {
    const { data, issues } = await feedReader(createContainerLinksReader(), 'containerLinks', { 'containers.txt': `${NAME}\t${TARGET}\n` });
    expect(issues).toEqual([]);
    expect(data.links).toEqual([
      {
        name: NAME,
        pod: 'checkout-7d9f8b6c5-x2x9q',
        namespace: 'shop',
        container: 'api',
        containerId: ID,
        nameTruncated: false,
        target: TARGET,
        targetUid: UID,
        targetAttempt: 0,
        file: 'containers.txt',
        line: 1,
      },
    ]);
  });

  it('resolves a truncated name through its target', async () => {
    const pod = 'p'.repeat(200);
    const name = kubeletLinkName(pod, 'team-a', 'sidecar', ID);
    const target = `/var/log/pods/team-a_${pod}_${UID}/sidecar/2.log`;
    const { data } = await feedReader(createContainerLinksReader(), 'containerLinks', { 'containers.txt': `total 4\n${name}\t${target}\n` });
    expect(data.links[0]).toMatchObject({ pod, namespace: 'team-a', container: 'sidecar', containerId: null, nameTruncated: true, targetUid: UID, targetAttempt: 2, line: 2 });
  });

  it('reads symlink entries and dereferenced copies of a hand-made containers/ folder', async () => {
    const { data } = await feedReader(createContainerLinksReader(), 'containerLinks', {
      [`containers/${NAME}`]: { symlink: TARGET },
      [`var/log/containers/other_shop_web-${'c'.repeat(64)}.log`]: '2026-11-27T10:00:00Z stdout F copied content is not read\n',
    });
    expect(data.links.map((link) => [link.name, link.container, link.targetAttempt, link.file, link.line])).toEqual([
      [NAME, 'api', 0, `containers/${NAME}`, null],
      [`other_shop_web-${'c'.repeat(64)}.log`, 'web', null, `var/log/containers/other_shop_web-${'c'.repeat(64)}.log`, null],
    ]);
  });

  it('reports lines that are no link, and keeps going', async () => {
    const { data, issues } = await feedReader(createContainerLinksReader(), 'containerLinks', { 'containers.txt': `garbage line here\n${NAME}\t${TARGET}\nnot-a-link.txt\n` });
    expect(data.links).toHaveLength(1);
    expect(issues.map((issue) => [issue.file, issue.line])).toEqual([
      ['containers.txt', 1],
      ['containers.txt', 3],
    ]);
  });
});
