import type { HeaderFormat } from './header-format.js';
import { compileSpec } from './spec-format.js';
import { JSON_LINES, LOGFMT } from './structured-formats.js';

/*
 * Built-in raw-line formats, most specific first (detection prefers the earlier of two formats
 * that parse equally many lines). Field patterns are deliberately tight so that a format only
 * matches lines that really have its header.
 */
const LEVEL = '[A-Za-z]+';
const DATE = '\\d{4}-\\d{2}-\\d{2}|\\d{2}/\\d{2}/\\d{2}|\\d{6}';
const TIME = '\\d{2}:\\d{2}:\\d{2}(?:[.,]\\d+)?|\\d{6}';
const MONTH = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)';

const SPECS: [string, string][] = [
  // RFC 5424: <PRI>VERSION TIMESTAMP HOSTNAME APP-NAME PROCID MSGID STRUCTURED-DATA MSG
  ['syslog-5424', '<Pri:\\<\\d{1,3}\\>>1 <Time:\\S+> <Host:\\S+> <App:\\S+> <Pid:\\S+> <MsgId:\\S+> <Data:-|(?:\\[(?:[^\\]\\\\]|\\\\.)*\\])+>(?: <Content>)?'],
  // Apache/nginx access log, common and combined: host ident user [time] "request" status bytes ...
  ['access-log', '<Client:\\S+> <Ident:\\S+> <User:\\S+> \\[<Time:[^\\]]+>\\] (?=")<Content>'],
  // Apache error log: [time] [level] message (2.4 adds [module:level] and [pid ...]).
  ['apache-error', '\\[<Time:[A-Z][a-z]{2} [^\\]]+>\\] \\[<Level:[^\\]\\s]+>\\] <Content>'],
  // Log4j-style with pid: yymmdd hhmmss pid LEVEL component: message
  ['log4j-pid', `<Date:${DATE}> <Time:${TIME}> <Pid:\\d+> <Level:${LEVEL}> <Component:[^\\s:]+>: <Content>`],
  // Log4j-style with [thread]
  ['log4j-thread', `<Date:${DATE}> <Time:${TIME}> <Level:${LEVEL}> \\[<Thread:[^\\]]*>\\] <Component:[^\\s:]+>: <Content>`],
  // Log4j-style with a dash: date time - LEVEL [thread:class@line] - message
  ['log4j-dash', `<Date:${DATE}> <Time:${TIME}> - <Level:${LEVEL}> \\[<Thread:.*?>@<Line:\\d+>\\] - <Content>`],
  // Log4j-style, plain: date time LEVEL component: message
  ['log4j', `<Date:${DATE}> <Time:${TIME}> <Level:${LEVEL}> <Component:[^\\s:]+>: <Content>`],
  // Android logcat threadtime: MM-DD time pid tid L tag: message
  ['logcat', '<Date:\\d{2}-\\d{2}> <Time:\\d{2}:\\d{2}:\\d{2}\\.\\d+> <Pid:\\d+> <Tid:\\d+> <Level:[VDIWEFA]> <Component:.*?>: <Content>'],
  // Servicing-stack logs: date time, Level   Component   message
  ['cbs', `<Date:\\d{4}-\\d{2}-\\d{2}> <Time:\\d{2}:\\d{2}:\\d{2}>, <Level:${LEVEL}> <Component:\\S+> <Content>`],
  // Supercomputer RAS event log: tag epoch date node time node type component level message
  ['ras', `<Label:\\S+> <Timestamp:\\d{9,}> <Date:\\d{4}\\.\\d{2}\\.\\d{2}> <Node:\\S+> <Time:\\d{4}-\\d{2}-\\d{2}-\\d{2}\\.\\d{2}\\.\\d{2}\\.\\d+> <NodeRepeat:\\S+> <Type:[A-Z_]+> <Component:[A-Z_]+> <Level:[A-Z]+>(?: <Content>)?`],
  // Syslog collected with an alert tag and epoch in front (tag epoch date host syslog-line)
  ['tagged-syslog', `<Label:\\S+> <Timestamp:\\d{9,}> <Date:\\d{4}\\.\\d{2}\\.\\d{2}> <User:\\S+> <Month:${MONTH}> <Day:\\d{1,2}> <Time:\\d{2}:\\d{2}:\\d{2}> <Location:\\S+> <Component:\\S.*?>(?:\\[<Pid:\\d+>\\])?: <Content>`],
  // Cluster event log: id node component state epoch flag message
  ['cluster-event', '<LogId:\\d+> <Node:\\S+> <Component:\\S+> <State:\\S+> <Time:\\d{9,}> <Flag:-?\\d+> <Content>'],
  // RFC 3164 (BSD syslog): [<PRI>]Mmm dd hh:mm:ss host app[pid]: message. The tag runs to the
  // first `: ` (as loghub splits it), so `ntpd 4.2.8: synchronized` has the message `synchronized`.
  ['syslog-3164', `(?:<Pri:\\<\\d{1,3}\\>>)?<Month:${MONTH}> <Day:\\d{1,2}> <Time:\\d{2}:\\d{2}:\\d{2}> <Host:\\S+> <App:\\S.*?>(?:\\[<Pid:\\d+>\\])?: <Content>`],
];

let cache: HeaderFormat[] | undefined;

/** All built-in formats in detection priority order. */
export function builtinFormats(): readonly HeaderFormat[] {
  cache ??= [JSON_LINES, LOGFMT, ...SPECS.map(([name, spec]) => compileSpec(name, spec))];
  return cache;
}

/** A built-in format by name, or a loghub-style spec compiled on the fly. */
export function resolveFormat(nameOrSpec: string): HeaderFormat {
  const builtin = builtinFormats().find((f) => f.name === nameOrSpec);
  if (builtin !== undefined) return builtin;
  if (nameOrSpec.includes('<Content')) return compileSpec('custom', nameOrSpec);
  const names = builtinFormats()
    .map((f) => f.name)
    .join(', ');
  throw new Error(`unknown log format '${nameOrSpec}': use one of ${names}, or a spec with <Content>`);
}
