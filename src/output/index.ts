export { removePendingWrites, writeFileAtomic, type FileContent } from './atomic-file.js';
