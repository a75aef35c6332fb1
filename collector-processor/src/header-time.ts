/**
 * The time a raw line's header states, in ms since the epoch, or 0 when it states none that can
 * be read. Header fields come from the format parser with lowercase names. Understood: an epoch
 * in seconds or milliseconds (`timestamp`, `time`), ISO-8601-like date-times (`time`, or `date`
 * and `time`, with `-`, `.` or `/` between date parts, `T`, space or `-` before the clock, and
 * `.` or `,` before fractions), and the Apache/CLF `dd/Mon/yyyy:hh:mm:ss +zone` form. Times
 * without a zone are read as UTC, so results do not depend on the machine.
 */
const ISO = /^(\d{4})[-./](\d{2})[-./](\d{2})[T \-.](\d{2})[:.](\d{2})[:.](\d{2})(?:[.,](\d{1,9}))?(Z|[+-]\d{2}:?\d{2})?$/;
const CLF = /^(\d{2})\/([A-Z][a-z]{2})\/(\d{4}):(\d{2}):(\d{2}):(\d{2}) ([+-]\d{4})$/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function headerTimeMs(fields: Record<string, string>): number {
  const epoch = fields.timestamp ?? fields.time;
  if (epoch !== undefined && /^\d{9,13}(?:\.\d+)?$/.test(epoch)) {
    const n = Number(epoch);
    return n < 1e11 ? n * 1000 : n;
  }
  const time = fields.time;
  if (time === undefined) return 0;
  return isoMs(time) || (fields.date !== undefined ? isoMs(`${fields.date} ${time}`) : 0) || clfMs(time);
}

function isoMs(text: string): number {
  const m = ISO.exec(text);
  if (m === null) return 0;
  const fraction = m[7] === undefined ? 0 : Number(`0.${m[7]}`) * 1000;
  let ms = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) + fraction;
  if (m[8] !== undefined && m[8] !== 'Z') ms -= zoneOffsetMs(m[8]);
  return Number.isFinite(ms) ? ms : 0;
}

function clfMs(text: string): number {
  const m = CLF.exec(text);
  if (m === null) return 0;
  const month = MONTHS.indexOf(m[2]);
  if (month < 0) return 0;
  return Date.UTC(+m[3], month, +m[1], +m[4], +m[5], +m[6]) - zoneOffsetMs(m[7]);
}

function zoneOffsetMs(zone: string): number {
  const sign = zone[0] === '-' ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4))) * 60_000;
}
