/**
 * Reads content that is small by nature (a manifest, a JSON document, a link target) into one
 * string, up to `maxBytes`; `cut` says whether there was more. Shared by the archive and sources
 * stages, which is why it lives in util/.
 */
export async function readSmallFile(content: AsyncIterable<Buffer>, maxBytes: number): Promise<{ text: string; cut: boolean }> {
  const parts: Buffer[] = [];
  let total = 0;
  let cut = false;
  for await (const chunk of content) {
    if (total + chunk.length > maxBytes) {
      cut = true;
      parts.push(chunk.subarray(0, maxBytes - total));
      total = maxBytes;
      break;
    }
    parts.push(chunk);
    total += chunk.length;
  }
  return { text: Buffer.concat(parts, total).toString('utf8'), cut };
}
