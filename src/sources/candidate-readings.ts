import type { BundleFile, BundleInventory } from '../bundle/index.js';
import { SourceReading, type SourceData } from './index.js';

/**
 * One SourceReading per candidate bundle root (`BundleFile.root`): the bundle stage hands each
 * file to every root it could belong to and names the winner only when the archive has ended
 * (see `readBundle`). Readings of roots that lose are dropped; each keeps bounded state, and
 * roots other than the true one see only a few small files.
 */
export class CandidateReadings {
  private readonly byRoot = new Map<string, SourceReading>();

  read(file: BundleFile): Promise<void> {
    const root = file.root ?? '';
    let reading = this.byRoot.get(root);
    if (!reading) this.byRoot.set(root, (reading = new SourceReading()));
    return reading.read(file);
  }

  /**
   * The parsed sources of the root the inventory chose; once. The readings are dropped: their
   * readers' own state (a pod log's lines as read, before they became attempts) is not kept
   * alive for the rest of the analysis by whoever still holds this object.
   */
  finish(inventory: Pick<BundleInventory, 'root' | 'top'>): SourceData {
    const reading = this.byRoot.get(inventory.root) ?? new SourceReading();
    const top = inventory.top === inventory.root ? reading : (this.byRoot.get(inventory.top) ?? new SourceReading());
    const data = reading.finish(top);
    this.byRoot.clear();
    return data;
  }
}
