/** handlebars, loaded when a page is first rendered (util/lazy-package.ts says why). */
import type Handlebars from 'handlebars';
import { lazyPackage } from '../util/lazy-package.js';

export const handlebarsPackage = lazyPackage('handlebars') as () => typeof Handlebars;
