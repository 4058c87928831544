/** cgroup memory state of the kubepods cgroups (`cgroup` source). */
export { createCgroupMemoryReader, applyInterfaceFile, type CgroupMemoryData } from './cgroup-memory-reader.js';
export { parseCgroupFilePath, type CgroupFilePath } from './cgroup-file-path.js';
export { STAT_KEYS, emptyState, type CgroupMemoryState, type MemoryEvents, type OomControl } from './cgroup-memory-state.js';
export { MEMORY_INTERFACE_FILES, parseCounter, parseFlag, parseFlatKeyed, parseLimit, type ByteLimit, type InterfaceFile } from './memory-interface-files.js';
