export { writeFileAtomic, type FileContent } from './atomic-file.js';
