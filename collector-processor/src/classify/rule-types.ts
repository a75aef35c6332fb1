import type { LogClass } from '../otlp-model.js';

/**
 * A classification rule: one piece of evidence for one class. Rules are plain data (JSON-able),
 * so users add or override them in configuration without code; see classify/RULES.md.
 *
 * Exactly one of `words`, `pattern` or `attribute` says what the rule looks at.
 */
export interface ClassRule {
  /** Unique name, used to disable or replace a rule and in explanations (e.g. `security.invalid-user`). */
  id: string;
  class: LogClass;
  /** Evidence added to the class when the rule matches; negative values count against it. */
  weight: number;
  /** Phrases matched case-insensitively as whole words in the message (`time out` matches "Time out:" but not "timeouts"). */
  words?: string[];
  /** A regular expression (JavaScript syntax, matched case-insensitively) tested against the message. */
  pattern?: string;
  /** A condition on a record attribute. */
  attribute?: AttributeCondition;
  /**
   * A topic rule says what a line is about (a disk, a connection, a setting), not that anything
   * is wrong: it counts only when the line reports a problem, i.e. its severity is WARN or above
   * or a non-topic rule of a class other than normal matched.
   */
  topic?: boolean;
  /**
   * Generic problem evidence ("error", "failed to"): marks the line as reporting a problem, and
   * counts for its class only when no non-topic rule of another class (other than normal) matched.
   */
  generic?: boolean;
  /** The rule only counts at or above this severity (OTLP severity number 1..24 or a level name). */
  minSeverity?: number | string;
  /** The rule only counts at or below this severity. */
  maxSeverity?: number | string;
}

/** A test on the first present attribute among `keys`. At most one of the value tests may be given; none means "is present". */
export interface AttributeCondition {
  /** Attribute names to look up, in order; the first one present is tested (e.g. both old and new semantic-convention names). */
  keys: string[];
  /** Equal to this value (strings compared case-insensitively). */
  equals?: string | number | boolean;
  /** Equal to one of these values. */
  in?: Array<string | number | boolean>;
  /** Numeric value (or numeric string) within [min, max]; either bound may be left out. */
  min?: number;
  max?: number;
  /** A regular expression (case-insensitive) tested against the value as text. */
  pattern?: string;
}
