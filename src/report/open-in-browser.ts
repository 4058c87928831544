/**
 * `--open`: hands the written report to the desktop's opener (xdg-open, macOS `open`, Windows
 * `start`), which picks the default browser. The opener is started detached and not waited for;
 * the promise settles once it started, or rejects when there is no opener to start.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

export function openerFor(platform: NodeJS.Platform, path: string): { command: string; args: string[] } {
  if (platform === 'darwin') return { command: 'open', args: [path] };
  if (platform === 'win32') return { command: 'cmd', args: ['/c', 'start', '""', `"${path}"`] };
  return { command: 'xdg-open', args: [path] };
}

export function openInBrowser(path: string, platform: NodeJS.Platform = process.platform): Promise<void> {
  const { command, args } = openerFor(platform, resolve(path));
  return new Promise((done, fail) => {
    const child = spawn(command, args, { detached: true, stdio: 'ignore', windowsVerbatimArguments: platform === 'win32' });
    child.once('error', (error) => fail(new Error(`could not start ${command}: ${error.message}`)));
    child.once('spawn', () => {
      child.unref();
      done();
    });
  });
}
