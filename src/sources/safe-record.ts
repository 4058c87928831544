/**
 * An object for keys taken from the input (syslog tags, memory.stat names, klog and logrus
 * fields, /proc/meminfo keys, ip route attributes): without a prototype,
 * so a key like `__proto__` or `constructor` is just a key, never an inherited member.
 */
export function emptyRecord<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}
