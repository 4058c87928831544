/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * Layout checks on element boxes, not pixels, for every part of a report page marked
 * `data-box-check` (the summary, the OOM kills, the incidents): run inside the page by
 * `page.evaluate`, they return one readable line per problem, so a test asserts `toEqual([])`
 * and a failure says which element, where and by how much.
 *
 * - overflow: no visible element sticks out of its section, and no section out of the viewport,
 *   horizontally; an element inside a horizontal scroll container (overflow-x auto, scroll,
 *   hidden or clip) is exempt, because then the container is the one that scrolls, and the
 *   container itself must fit.
 * - headers: no two header cells of a row overlap, and no header's text is wider than its cell.
 * - cells: no table cell narrower than a readable minimum.
 * - times: the text of a `<time>` or `.clock` element sits on one line.
 * - contrast: every element with its own text has a colour contrast of at least the given ratio
 *   against the first opaque background behind it (WCAG 2 relative luminance).
 */
import type { Page } from 'playwright-core';

export interface BoxCheckOptions {
  /** Narrowest readable table cell, in CSS pixels. */
  minCellWidth: number;
  /** Contrast ratio text must reach, or null to skip the contrast check. */
  minContrast: number | null;
}

/** The problems found in every `[data-box-check]` part of the page, and how many parts were checked. */
export async function boxProblems(page: Page, options: BoxCheckOptions): Promise<{ sections: string[]; problems: string[] }> {
  return page.evaluate(checkBoxes, options);
}

// Runs in the page: everything it needs is inside it.
function checkBoxes({ minCellWidth, minContrast }: BoxCheckOptions): { sections: string[]; problems: string[] } {
  const SLACK = 0.5;
  const problems: string[] = [];
  const name = (el: Element) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.classList.length > 0 ? `.${[...el.classList].join('.')}` : ''}`;
  // Shown to a sighted reader: a box, not hidden, and not inside a "visually hidden" clip (the
  // 1 px box with overflow hidden that keeps a table header for screen readers only).
  const clippedAway = (el: Element) => {
    for (let at: Element | null = el; at; at = at.parentElement) {
      const style = getComputedStyle(at);
      if (style.overflow === 'visible' && style.getPropertyValue('clip') === 'auto') continue;
      const box = at.getBoundingClientRect();
      if (box.width <= 1 || box.height <= 1) return true;
    }
    return false;
  };
  const visible = (el: Element) => {
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && getComputedStyle(el).visibility !== 'hidden' && !clippedAway(el);
  };
  const scrollsX = (el: Element) => ['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(el).overflowX);
  const viewport = document.documentElement.clientWidth;
  const sections = [...document.querySelectorAll('[data-box-check]')].filter(visible);

  for (const section of sections) {
    const where = section.id || name(section);
    const outer = section.getBoundingClientRect();
    if (outer.left < -SLACK || outer.right > viewport + SLACK)
      problems.push(`${where}: the section spans ${Math.round(outer.left)}–${Math.round(outer.right)} px, the viewport is ${viewport} px wide`);
    for (const el of section.querySelectorAll('*')) {
      if (!visible(el)) continue;
      let scroller: Element | null = null;
      for (let up = el.parentElement; up && up !== section; up = up.parentElement) if (scrollsX(up)) scroller = up;
      if (scroller) continue;
      const box = el.getBoundingClientRect();
      if (box.left < outer.left - SLACK || box.right > outer.right + SLACK)
        problems.push(`${where}: ${name(el)} spans ${Math.round(box.left)}–${Math.round(box.right)} px, outside its section (${Math.round(outer.left)}–${Math.round(outer.right)} px)`);
    }
    for (const row of section.querySelectorAll('thead tr')) {
      const cells = [...row.children].filter(visible);
      cells.forEach((cell, i) => {
        if (cell.scrollWidth > cell.clientWidth + 1) problems.push(`${where}: header "${cell.textContent?.trim()}" needs ${cell.scrollWidth} px in a ${cell.clientWidth} px cell`);
        const a = cell.getBoundingClientRect();
        for (const other of cells.slice(i + 1)) {
          const b = other.getBoundingClientRect();
          const overlapX = Math.min(a.right, b.right) - Math.max(a.left, b.left);
          const overlapY = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
          if (overlapX > SLACK && overlapY > SLACK) problems.push(`${where}: headers "${cell.textContent?.trim()}" and "${other.textContent?.trim()}" overlap by ${Math.round(overlapX)} px`);
        }
      });
    }
    for (const cell of section.querySelectorAll('td, th')) {
      if (!visible(cell)) continue;
      const width = cell.getBoundingClientRect().width;
      if (width < minCellWidth) problems.push(`${where}: ${name(cell)} "${(cell.textContent ?? '').trim().slice(0, 30)}" is ${Math.round(width)} px wide (minimum ${minCellWidth})`);
    }
    for (const time of section.querySelectorAll('time, .clock')) {
      if (!visible(time)) continue;
      const range = document.createRange();
      range.selectNodeContents(time);
      const lines = new Set([...range.getClientRects()].filter((rect) => rect.width > 0).map((rect) => Math.round(rect.top)));
      if (lines.size > 1) problems.push(`${where}: time "${time.textContent?.trim()}" is broken over ${lines.size} lines`);
    }
    if (minContrast !== null) problems.push(...contrastProblems(section, where, minContrast));
  }
  return { sections: sections.map((section) => section.id || name(section)), problems };

  function contrastProblems(section: Element, where: string, minimum: number): string[] {
    const found: string[] = [];
    for (const el of [section, ...section.querySelectorAll('*')]) {
      const ownText = [...el.childNodes].some((node) => node.nodeType === Node.TEXT_NODE && (node.textContent ?? '').trim() !== '');
      if (!ownText || !visible(el)) continue;
      const style = getComputedStyle(el);
      const fg = rgba(style.color);
      const bg = backgroundOf(el);
      const ratio = contrast(blend(fg, bg), bg);
      if (ratio < minimum) found.push(`${where}: ${name(el)} "${(el.textContent ?? '').trim().slice(0, 30)}" has contrast ${ratio.toFixed(2)} (${style.color} on rgb(${bg.slice(0, 3).join(', ')}))`);
    }
    return found;
  }

  /** The colour behind an element: the backgrounds of it and its ancestors, composed up to the first opaque one. */
  function backgroundOf(el: Element): number[] {
    const layers: number[][] = [];
    for (let at: Element | null = el; at; at = at.parentElement) {
      const colour = rgba(getComputedStyle(at).backgroundColor);
      if (colour[3]! > 0) layers.push(colour);
      if (colour[3] === 1) break;
    }
    let result = [255, 255, 255, 1];
    for (const layer of layers.reverse()) result = blend(layer, result);
    return result;
  }

  function rgba(text: string): number[] {
    const parts = /rgba?\(([^)]+)\)/
      .exec(text)?.[1]
      ?.split(/[\s,/]+/)
      .filter(Boolean)
      .map(Number) ?? [0, 0, 0, 0];
    return [parts[0] ?? 0, parts[1] ?? 0, parts[2] ?? 0, parts[3] ?? 1];
  }

  function blend(top: number[], under: number[]): number[] {
    const alpha = top[3]!;
    return [0, 1, 2].map((i) => top[i]! * alpha + under[i]! * (1 - alpha)).concat(1);
  }

  function contrast(a: number[], b: number[]): number {
    const luminance = (c: number[]) => {
      const [r, g, bl] = c.slice(0, 3).map((v) => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
    };
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (hi! + 0.05) / (lo! + 0.05);
  }
}
