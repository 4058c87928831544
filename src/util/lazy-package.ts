/**
 * Packages a run may not need, loaded the first time they are used instead of when the CLI
 * starts. Every command pays at start for all it imports, before it does anything: before
 * `--help` answers, before `xz` can begin on a `.tar.xz`. handlebars (the HTML pages) and yaml
 * (kubelet config files) cost about 23 and 25 ms of that (measured: importing them after tar,
 * commander and marked); a run renders its page last, and many bundles hold no YAML at all.
 * Both are CommonJS, so require() loads them synchronously where they are first needed.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * A getter for the package `name`: loaded on its first call, the same module after that. The
 * caller states the module's type (`as () => typeof import('yaml')`), as with any require().
 */
export function lazyPackage(name: string): () => unknown {
  let loaded: unknown;
  return () => (loaded ??= require(name) as unknown);
}
