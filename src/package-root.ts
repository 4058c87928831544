import { existsSync } from 'node:fs';

/**
 * The installed package's folder (where package.json, templates/ and dist/ are): the nearest
 * folder above this module that holds package.json. Found by walking up rather than by a fixed
 * `../` so that it is right from src/ (vitest), from dist/ as tsc writes it, and from the entry
 * points `npm run build` bundles into single files (dist/cli/main.js, whose depth differs).
 */
export const PACKAGE_ROOT: URL = findPackageRoot(new URL('.', import.meta.url));

function findPackageRoot(start: URL): URL {
  for (let folder = start; ;) {
    if (existsSync(new URL('package.json', folder))) return folder;
    const parent = new URL('..', folder);
    if (parent.href === folder.href) throw new Error(`podmortem is not installed as a package: no package.json above ${start.pathname}`);
    folder = parent;
  }
}
