/** What a header format found in one raw line. */
export interface ParsedLine {
  /** The message: the line minus its header. */
  message: string;
  /** Header fields by lowercase name (time, level, component, pid, host...). */
  fields: Record<string, string>;
}

/** A raw-line format: splits a line into header fields and message, or says it does not apply. */
export interface HeaderFormat {
  readonly name: string;
  parse(line: string): ParsedLine | undefined;
}
