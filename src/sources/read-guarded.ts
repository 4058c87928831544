import type { IssueLog, SourceFile, SourceReader } from './source-reader.js';

/**
 * Gives one file to its reader. A reader that throws is a bug in that reader: it becomes a parse
 * issue and the analysis goes on. An error of the content itself (a limit, a corrupt archive) is
 * passed back to the bundle stage, even when the reader caught it.
 */
export async function readGuarded(reader: SourceReader<unknown>, file: SourceFile, open: () => AsyncIterable<Buffer>, issues: IssueLog): Promise<void> {
  let contentError: unknown = null;
  const content = async function* () {
    try {
      yield* open();
    } catch (error) {
      contentError = error;
      throw error;
    }
  };
  try {
    await reader.read(file, content(), issues);
  } catch (error) {
    if (!contentError) {
      issues.add({ source: file.source, file: file.path, line: null, message: `internal error in the ${file.source} reader, please report: ${(error as Error).message}` });
    }
  }
  if (contentError) throw contentError;
}
