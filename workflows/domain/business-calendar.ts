/**
 * Business-calendar arithmetic (SLA.md, "Business calendars"): pure functions over epoch milliseconds,
 * so a workflow replays to the same answer. Wall-clock time in a zone comes from `Intl` only.
 */

export interface WeeklyRange {
  /** Local day of the week the range opens on, Sunday = 0. */
  day: 0 | 1 | 2 | 3 | 4 | 5 | 6;
  /** 'HH:MM' local wall-clock time. */
  open: string;
  /** 'HH:MM' or '24:00'; not later than `open` means it runs past midnight into the next day. */
  close: string;
}

export interface BusinessCalendar {
  timeZone: string;
  ranges: WeeklyRange[];
  /** 'YYYY-MM-DD' local dates, or 'MM-DD' for every year; each closes the ranges that open on it. */
  holidays: string[];
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const DAY = 24 * 60 * MINUTE;
/** How far past the last open time a search goes before deciding the calendar never opens again. */
const SEARCH_LIMIT_DAYS = 400;

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const YEARLY = /^(\d{2})-(\d{2})$/;

interface Interval {
  start: number;
  end: number;
}

/** A calendar parsed once per call: ranges as minutes past local midnight, holidays as local day numbers. */
interface Compiled {
  format: Intl.DateTimeFormat;
  byWeekday: { open: number; close: number }[][];
  holidays: Set<number>;
  /** 'MM-DD' of yearly holidays. */
  yearly: Set<string>;
  hasRanges: boolean;
  /** Each local day's intervals once computed: zone arithmetic is the costly part. */
  days: Map<number, Interval[]>;
}

/** Compiled calendars by object: a ticket workflow asks about the same calendar many times. */
const compiledCalendars = new WeakMap<BusinessCalendar, Compiled>();

/** Human-readable problems with a calendar; empty when it is usable. */
export function validateCalendar(input: BusinessCalendar): string[] {
  const problems: string[] = [];
  if (typeof input.timeZone !== 'string' || formatterFor(input.timeZone) === null)
    problems.push(`Unknown time zone "${input.timeZone}".`);
  input.ranges.forEach((range, index) => {
    const which = `Range ${index + 1}`;
    if (!Number.isInteger(range.day) || range.day < 0 || range.day > 6)
      problems.push(`${which}: day must be 0 (Sunday) to 6 (Saturday), got ${String(range.day)}.`);
    if (parseTime(range.open, false) === null)
      problems.push(`${which}: opening time "${range.open}" is not a time between 00:00 and 23:59.`);
    if (parseTime(range.close, true) === null)
      problems.push(`${which}: closing time "${range.close}" is not a time between 00:00 and 24:00.`);
  });
  for (const holiday of input.holidays)
    if (parseDate(holiday) === null && !isYearlyDate(holiday))
      problems.push(`Holiday "${holiday}" is neither a YYYY-MM-DD date nor a yearly MM-DD date.`);
  return problems;
}

/** Whether `at` lies inside an open range; the close instant itself is outside. */
export function isOpen(calendar: BusinessCalendar | null, at: number): boolean {
  if (calendar === null) return true;
  const compiled = compile(calendar);
  const today = localDay(compiled, at);
  // An overnight range that opened yesterday may still cover `at`.
  for (let day = today - 2; day <= today + 1; day++)
    if (dayIntervals(compiled, day).some((interval) => interval.start <= at && at < interval.end))
      return true;
  return false;
}

/**
 * The earliest instant at which `ms` business milliseconds have elapsed from `start`; a deadline that
 * falls on a range's end is reported at that end, and `ms = 0` gives the instant the clock starts.
 */
export function addBusinessTime(calendar: BusinessCalendar | null, start: number, ms: number): number {
  if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`Business time to add must be ≥ 0, got ${ms}.`);
  if (calendar === null) return start + ms;
  const compiled = compile(calendar);
  if (!compiled.hasRanges) throw new Error('The business calendar has no opening hours; no deadline exists.');

  let remaining = ms;
  let covered = start; // Everything before this instant is counted already (overlapping ranges count once).
  let lastOpenDay = localDay(compiled, start);
  for (let day = lastOpenDay - 2; ; day++) {
    if (day - lastOpenDay > SEARCH_LIMIT_DAYS)
      throw new Error(`The business calendar has no open time within ${SEARCH_LIMIT_DAYS} days.`);
    for (const interval of dayIntervals(compiled, day)) {
      const from = Math.max(interval.start, covered);
      if (interval.end <= from) continue;
      if (remaining <= interval.end - from) return from + remaining;
      remaining -= interval.end - from;
      covered = interval.end;
      lastOpenDay = day;
    }
  }
}

/** Business milliseconds in `[start, end)`; 0 when `end <= start`. */
export function businessTimeBetween(calendar: BusinessCalendar | null, start: number, end: number): number {
  if (end <= start) return 0;
  if (calendar === null) return end - start;
  const compiled = compile(calendar);
  let total = 0;
  let covered = start;
  const lastDay = localDay(compiled, end);
  for (let day = localDay(compiled, start) - 2; day <= lastDay; day++) {
    for (const interval of dayIntervals(compiled, day)) {
      const from = Math.max(interval.start, covered);
      const to = Math.min(interval.end, end);
      if (to <= from) continue;
      total += to - from;
      covered = to;
    }
  }
  return total;
}

function compile(calendar: BusinessCalendar): Compiled {
  let compiled = compiledCalendars.get(calendar);
  if (compiled === undefined) {
    compiled = compileFresh(calendar);
    compiledCalendars.set(calendar, compiled);
  }
  return compiled;
}

function compileFresh(calendar: BusinessCalendar): Compiled {
  const problems = validateCalendar(calendar);
  if (problems.length > 0) throw new Error(`Invalid business calendar: ${problems.join(' ')}`);
  const byWeekday: Compiled['byWeekday'] = [[], [], [], [], [], [], []];
  for (const range of calendar.ranges) {
    const open = parseTime(range.open, false)!;
    const close = parseTime(range.close, true)!;
    // Rule 1: a close not later than the open is on the next day.
    byWeekday[range.day]!.push({ open, close: close > open ? close : close + 24 * 60 });
  }
  for (const ranges of byWeekday) ranges.sort((a, b) => a.open - b.open);
  return {
    format: formatterFor(calendar.timeZone)!,
    byWeekday,
    holidays: new Set(calendar.holidays.filter((date) => DATE.test(date)).map((date) => parseDate(date)!)),
    yearly: new Set(calendar.holidays.filter((date) => YEARLY.test(date))),
    hasRanges: calendar.ranges.length > 0,
    days: new Map(),
  };
}

/**
 * The concrete intervals of the ranges that open on local day `day` (days since 1970-01-01), in
 * opening order; none on a holiday, as a holiday closes what starts on it (rule 2).
 */
function dayIntervals(compiled: Compiled, day: number): Interval[] {
  let intervals = compiled.days.get(day);
  if (intervals === undefined) {
    intervals = intervalsOf(compiled, day);
    compiled.days.set(day, intervals);
  }
  return intervals;
}

function intervalsOf(compiled: Compiled, day: number): Interval[] {
  if (compiled.holidays.has(day) || compiled.yearly.has(monthDay(day))) return [];
  const weekday = (((day + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday.
  const intervals: Interval[] = [];
  for (const range of compiled.byWeekday[weekday]!) {
    const start = wallToInstant(compiled.format, day * DAY + range.open * MINUTE);
    const end = wallToInstant(compiled.format, day * DAY + range.close * MINUTE);
    // A range lying wholly in a skipped hour collapses to nothing.
    if (end > start) intervals.push({ start, end });
  }
  return intervals;
}

function localDay(compiled: Compiled, at: number): number {
  return Math.floor((at + offsetAt(compiled.format, at)) / DAY);
}

/**
 * The instant a local wall time (as ms on a UTC-like axis) denotes. A repeated wall time is read as its
 * first occurrence; a skipped one as the instant the clock jumps forward (rule 3).
 */
function wallToInstant(format: Intl.DateTimeFormat, wall: number): number {
  // No zone offset exceeds a day, so the offsets a day either side cover every reading of `wall`.
  const before = offsetAt(format, wall - DAY);
  const after = offsetAt(format, wall + DAY);
  const readings = [wall - before, wall - after].filter((at) => at + offsetAt(format, at) === wall);
  if (readings.length > 0) return Math.min(...readings);
  // In a gap: find the first instant with the later offset, between the two candidate readings.
  let low = Math.min(wall - before, wall - after);
  let high = Math.max(wall - before, wall - after);
  const lowOffset = offsetAt(format, low);
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (offsetAt(format, middle) === lowOffset) low = middle;
    else high = middle;
  }
  return high;
}

/** Local minus UTC at `at`, in ms; Intl reports whole seconds, so it is read at the containing second. */
function offsetAt(format: Intl.DateTimeFormat, at: number): number {
  const second = Math.floor(at / SECOND) * SECOND;
  const parts: Record<string, number> = {};
  for (const part of format.formatToParts(second))
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  const wall = Date.UTC(
    parts.year!,
    parts.month! - 1,
    parts.day!,
    parts.hour! % 24, // Some engines print midnight as 24.
    parts.minute!,
    parts.second!,
  );
  return wall - second;
}

const formatters = new Map<string, Intl.DateTimeFormat | null>();

/** One formatter per zone (they are costly to build); null for a zone Intl does not know. */
function formatterFor(timeZone: string): Intl.DateTimeFormat | null {
  let format = formatters.get(timeZone);
  if (format === undefined) {
    try {
      format = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      format = null;
    }
    formatters.set(timeZone, format);
  }
  return format;
}

/** Minutes past midnight for 'HH:MM', or null; '24:00' only where a close is meant. */
function parseTime(value: unknown, allowMidnightEnd: boolean): number | null {
  if (typeof value !== 'string') return null;
  if (value === '24:00') return allowMidnightEnd ? 24 * 60 : null;
  const match = TIME.exec(value);
  return match ? Number(match[1]) * 60 + Number(match[2]) : null;
}

/** 'MM-DD' of local day `day`. */
function monthDay(day: number): string {
  return new Date(day * DAY).toISOString().slice(5, 10);
}

/** A month and day that exist in some year ('02-29' included). */
function isYearlyDate(value: unknown): boolean {
  return typeof value === 'string' && YEARLY.test(value) && parseDate(`2000-${value}`) !== null;
}

/** Days since 1970-01-01 for a real 'YYYY-MM-DD' date, or null. */
function parseDate(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const match = DATE.exec(value);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  date.setUTCFullYear(year); // Date.UTC maps years 0–99 to 1900–1999.
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day)
    return null;
  return date.getTime() / DAY;
}
