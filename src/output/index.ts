export { checkWritable, removePendingWrites, writeFileAtomic, type FileContent } from './atomic-file.js';
