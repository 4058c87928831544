export { checkWritable, removePendingWrites, removeTempFilesIn, writeFileAtomic, type FileContent } from './atomic-file.js';
