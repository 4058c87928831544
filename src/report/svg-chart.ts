/**
 * Geometry for the page's small inline SVG charts: numbers only, computed here so the template
 * just places them (inline SVG needs no script and no style attribute, so the CSP stays strict).
 */

export interface Sparkline {
  width: number;
  height: number;
  /** `x,y x,y …` for a polyline; an empty string when no value is known. */
  points: string;
  /** The same line closed down to the baseline, for the filled area. */
  area: string;
  /** Dots for single samples, which a line cannot show. */
  dots: { x: number; y: number }[];
  min: number | null;
  max: number | null;
  last: number | null;
  samples: number;
}

export interface SparklineOptions {
  width?: number;
  height?: number;
  /** Fixed bounds (percentages: 0–100); by default the values' own range, from 0. */
  floor?: number;
  ceiling?: number;
}

const PAD = 3;

export function sparkline(values: readonly (number | null)[], options: SparklineOptions = {}): Sparkline {
  const width = options.width ?? 240;
  const height = options.height ?? 48;
  const known = values.filter((value): value is number => value !== null && Number.isFinite(value));
  const min = known.length > 0 ? Math.min(...known) : null;
  const max = known.length > 0 ? Math.max(...known) : null;
  const floor = options.floor ?? Math.min(0, min ?? 0);
  const ceiling = Math.max(options.ceiling ?? max ?? 1, floor + 1e-9);
  const step = values.length > 1 ? (width - 2 * PAD) / (values.length - 1) : 0;
  const xy = values.flatMap((value, i) => {
    if (value === null || !Number.isFinite(value)) return [];
    const clamped = Math.min(Math.max(value, floor), ceiling);
    return [{ x: round(PAD + i * step), y: round(height - PAD - ((clamped - floor) / (ceiling - floor)) * (height - 2 * PAD)) }];
  });
  const points = xy.map((p) => `${p.x},${p.y}`).join(' ');
  const first = xy[0];
  const lastPoint = xy.at(-1);
  const area = first && lastPoint && xy.length > 1 ? `${first.x},${height - PAD} ${points} ${lastPoint.x},${height - PAD}` : '';
  return { width, height, points: xy.length > 1 ? points : '', area, dots: xy.length === 1 ? xy : [], min, max, last: known.at(-1) ?? null, samples: values.length };
}

/** A bar's length for a percentage, within `width`. */
export function barWidth(percent: number | null, width: number): number {
  if (percent === null || !Number.isFinite(percent)) return 0;
  return round((Math.min(Math.max(percent, 0), 100) / 100) * width);
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
