/**
 * Times as node tools print them. Millions of lines share a second, so the per-second text is
 * cached and only the fraction is formatted per line. All times are UTC (the node's zone).
 * Times are float milliseconds since the epoch; the part below a millisecond gives the
 * nanosecond digits.
 */
export class TimeText {
  private second = Number.NaN;
  private day = Number.NaN;
  private date = '';
  private monthDay = '';
  private iso = '';
  private klogDate = '';

  private at(ms: number): number {
    const second = Math.floor(ms / 1000);
    if (second !== this.second) this.newSecond(second);
    return Math.floor((ms - second * 1000) * 1_000_000);
  }

  private newSecond(second: number): void {
    this.second = second;
    const day = Math.floor(second / 86_400);
    if (day !== this.day) {
      this.day = day;
      this.date = new Date(day * 86_400_000).toISOString().slice(0, 10);
      this.monthDay = this.date.slice(5, 7) + this.date.slice(8, 10);
    }
    const inDay = second - day * 86_400;
    const clock = `${two(Math.floor(inDay / 3600))}:${two(Math.floor(inDay / 60) % 60)}:${two(inDay % 60)}`;
    this.iso = `${this.date}T${clock}`;
    this.klogDate = `${this.monthDay} ${clock}`;
  }

  /** containerd's CRI stamp, Go RFC3339Nano: trailing zeros dropped, `Z` → `2026-11-27T10:15:02.12345Z`. */
  containerd(ms: number): string {
    const nanos = this.at(ms);
    if (nanos === 0) return `${this.iso}Z`;
    return `${this.iso}.${String(nanos).padStart(9, '0').replace(/0+$/, '')}Z`;
  }

  /** conmon's CRI stamp: always nine digits and a numeric offset → `2026-11-27T10:15:02.123456789+00:00`. */
  crio(ms: number): string {
    const nanos = this.at(ms);
    return `${this.iso}.${String(nanos).padStart(9, '0')}+00:00`;
  }

  /** containerd's own logrus stamp, fixed nine digits → `2026-11-27T10:15:02.123456789Z`. */
  logrus(ms: number): string {
    const nanos = this.at(ms);
    return `${this.iso}.${String(nanos).padStart(9, '0')}Z`;
  }

  /** An application's ISO stamp with milliseconds → `2026-11-27T10:15:02.123Z`. */
  isoMillis(ms: number): string {
    const nanos = this.at(ms);
    return `${this.iso}.${String(Math.floor(nanos / 1_000_000)).padStart(3, '0')}Z`;
  }

  /** `2026-11-27 10:15:02.123` (logback, python with a dot). */
  spaced(ms: number, separator = '.'): string {
    const nanos = this.at(ms);
    return `${this.iso.slice(0, 10)} ${this.iso.slice(11)}${separator}${String(Math.floor(nanos / 1_000_000)).padStart(3, '0')}`;
  }

  /** klog's header stamp without the level letter → `1127 10:15:02.123456`. */
  klog(ms: number): string {
    const nanos = this.at(ms);
    return `${this.klogDate}.${String(Math.floor(nanos / 1000)).padStart(6, '0')}`;
  }

  /** nginx's `$time_local` → `27/Nov/2026:10:15:02 +0000`. */
  nginx(ms: number): string {
    this.at(ms);
    const [year, month, day] = [this.iso.slice(0, 4), Number(this.iso.slice(5, 7)), this.iso.slice(8, 10)];
    return `${day}/${MONTHS[month - 1]}/${year}:${this.iso.slice(11)} +0000`;
  }
}

function two(value: number): string {
  return value < 10 ? `0${value}` : String(value);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Microseconds since the epoch as a decimal string (journal `__REALTIME_TIMESTAMP`). */
export function micros(ms: number): number {
  return Math.floor(ms * 1000);
}
