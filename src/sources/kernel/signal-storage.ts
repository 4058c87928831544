/**
 * Disk and filesystem signals. One sample per form (real-world wording, numbers changed; the
 * same lines are in test/sources/kernel/fixtures/kernel-signals-dmesg-kernel-5.15.txt):
 *
 *   blk_update_request: I/O error, dev sda, sector 1953328 op 0x1:(WRITE) flags 0x800 phys_seg 1 prio class 0
 *     → { kind: 'io-error', form: 'block', device: 'sda', error: 'I/O', sector: 1953328, operation: 'WRITE' }
 *   (also `print_req_error:` 4.17–5.x, `end_request:` 3.x, and no prefix at all in 5.x+)
 *   Buffer I/O error on dev sda1, logical block 243910, lost async page write
 *     → { form: 'buffer', device: 'sda1', logicalBlock: 243910 }
 *   sd 0:0:0:0: [sda] tag#17 FAILED Result: hostbyte=DID_OK driverbyte=DRIVER_SENSE cmd_age=0s
 *     → { form: 'scsi', device: 'sda', result: 'hostbyte=DID_OK driverbyte=DRIVER_SENSE' }
 *   EXT4-fs error (device sda1): ext4_find_entry:1455: inode #2: comm kubelet: reading directory lblock 0
 *     → { kind: 'filesystem', fs: 'ext4', device: 'sda1', problem: 'error' }
 *   EXT4-fs (sda1): Remounting filesystem read-only        → problem: 'remount-read-only'
 *   XFS (nvme1n1): Corruption of in-memory data (0x8) detected at xfs_trans_cancel+0x9c/0xb0 (fs/xfs/xfs_trans.c:1104).  Shutting down filesystem.
 *     → { fs: 'xfs', device: 'nvme1n1', problem: 'shutdown' }
 */
import type { FilesystemFields, IoErrorFields } from './kernel-signal.js';

const DEV_SECTOR = /^([^,\s]{1,64}), sector (\d{1,20})(?: op 0x[0-9a-fA-F]{1,8}:\(([A-Z_]{1,20})\))?/;
const ERROR_NAME = /^[A-Za-z][A-Za-z /]{0,40}$/;
const BUFFER = /^Buffer I\/O error on dev(?:ice)? ([^,\s]{1,64}), logical block (\d{1,20})/;
const SCSI = /^(?:sd|sr|st|sg) \d{1,5}:\d{1,5}:\d{1,5}:\d{1,10}: \[(\w{1,32})\] (?:tag#\d{1,6} )?\S{1,32} Result: (hostbyte=\S{1,32} driverbyte=\S{1,32})/;
const NVME_ERROR = /^(nvme\w{1,16}): .{0,200}?I\/O Error \(/;
const NVME_TIMEOUT = /^nvme (nvme\d{1,4}): I\/O \d{1,10} QID \d{1,5} timeout/;
const EXT_DEVICE = /^(EXT[234])-fs (error|warning) \(device ([^)]{1,64})\): ?(.*)$/;
const EXT_PLAIN = /^(EXT[234])-fs \(([^)]{1,64})\): (.*)$/;
const XFS = /^XFS \(([^)]{1,64})\): (.*)$/;
/** `BTRFS error (device sdb1): …`, and with a colon on some kernels: `BTRFS: error (device sdb1: state A) in …`. */
const BTRFS = /^BTRFS:? (error|critical|warning|info) \(device ([^):]{1,64})(?:: state \w{1,8})?\):? (.*)$/;
const JOURNAL_ABORT = /^Aborting journal on device ([^.\s]{1,64})/;

function ioError(form: IoErrorFields['form'], device: string, error: string, extra: Partial<IoErrorFields> = {}): IoErrorFields {
  return { kind: 'io-error', form, device, error, sector: null, operation: null, logicalBlock: null, result: null, ...extra };
}

export function detectIoError(text: string): IoErrorFields | null {
  const at = text.indexOf(' error, dev ');
  if (at > 0) {
    const colon = text.lastIndexOf(': ', at);
    const error = text.slice(colon < 0 ? 0 : colon + 2, at);
    const where = DEV_SECTOR.exec(text.slice(at + ' error, dev '.length));
    if (!where || !ERROR_NAME.test(error)) return null;
    return ioError('block', where[1]!, error, { sector: Number(where[2]), operation: where[3] ?? null });
  }
  if (text.startsWith('Buffer I/O error')) {
    const buffer = BUFFER.exec(text);
    return buffer ? ioError('buffer', buffer[1]!, 'I/O', { logicalBlock: Number(buffer[2]) }) : null;
  }
  if (text.includes(' Result: hostbyte=')) {
    const scsi = SCSI.exec(text);
    return scsi ? ioError('scsi', scsi[1]!, 'command failed', { result: scsi[2]! }) : null;
  }
  if (text.startsWith('nvme')) {
    const failed = NVME_ERROR.exec(text);
    if (failed) return ioError('nvme', failed[1]!, 'I/O');
    const timeout = NVME_TIMEOUT.exec(text);
    if (timeout) return ioError('nvme', timeout[1]!, 'timeout');
  }
  return null;
}

export function detectFilesystemProblem(text: string): FilesystemFields | null {
  const first = text.charCodeAt(0);
  if (first === 0x45 /* E */) return detectExt(text);
  if (first === 0x58 /* X */ && text.startsWith('XFS (')) return detectXfs(text);
  if (first === 0x42 /* B */ && (text.startsWith('BTRFS ') || text.startsWith('BTRFS: '))) return detectBtrfs(text);
  if (first === 0x41 /* A */) {
    const abort = JOURNAL_ABORT.exec(text);
    if (abort) return { kind: 'filesystem', fs: 'jbd2', device: abort[1]!, problem: 'journal-abort', detail: cut(text) };
  }
  return null;
}

function detectExt(text: string): FilesystemFields | null {
  const withDevice = EXT_DEVICE.exec(text);
  if (withDevice) return { kind: 'filesystem', fs: extName(withDevice[1]!), device: withDevice[3]!, problem: withDevice[2] as 'error' | 'warning', detail: cut(withDevice[4]!) };
  const plain = EXT_PLAIN.exec(text);
  if (!plain) return null;
  const detail = plain[3]!;
  const problem = detail.includes('Remounting filesystem read-only') ? 'remount-read-only' : /I\/O error|error while/.test(detail) ? 'error' : null;
  return problem ? { kind: 'filesystem', fs: extName(plain[1]!), device: plain[2]!, problem, detail: cut(detail) } : null;
}

function detectXfs(text: string): FilesystemFields | null {
  const xfs = XFS.exec(text);
  if (!xfs) return null;
  const detail = xfs[2]!;
  const problem = /Shutting down filesystem|shut down|force_shutdown/.test(detail) ? 'shutdown' : /[Cc]orrupt/.test(detail) ? 'corruption' : /error/i.test(detail) ? 'error' : null;
  return problem ? { kind: 'filesystem', fs: 'xfs', device: xfs[1]!, problem, detail: cut(detail) } : null;
}

function detectBtrfs(text: string): FilesystemFields | null {
  const btrfs = BTRFS.exec(text);
  if (!btrfs) return null;
  const [, level, device, detail] = btrfs as unknown as [string, string, string, string];
  const problem = detail.includes('forced readonly') ? 'remount-read-only' : level === 'warning' ? 'warning' : level === 'info' ? null : 'error';
  return problem ? { kind: 'filesystem', fs: 'btrfs', device, problem, detail: cut(detail) } : null;
}

function extName(prefix: string): 'ext2' | 'ext3' | 'ext4' {
  return prefix.toLowerCase() as 'ext2' | 'ext3' | 'ext4';
}

function cut(text: string): string {
  return text.length > 200 ? text.slice(0, 200) : text;
}
