import { FormatDetector, type HeaderFormat } from './format/index.js';
import { headerTimeMs } from './header-time.js';
import { severityNumberFromText, type RecordView } from './normalize/index.js';

/**
 * Header splitting for records whose body is a whole raw line: one format detector per service
 * stream (or one explicit format for all), the header's fields become attributes, and its level
 * and time fill in the record's when it had none.
 */
export class RawLineStage {
  private readonly streams = new Map<string, FormatDetector>();
  private readonly format: string | HeaderFormat | undefined;
  private readonly maxStreams: number;
  private readonly capEvent: (store: string) => void;

  constructor(format: string | HeaderFormat | undefined, maxStreams: number, capEvent: (store: string) => void) {
    this.format = format;
    this.maxStreams = maxStreams;
    this.capEvent = capEvent;
  }

  apply(n: RecordView): void {
    const parsed = this.detector(n.service).parse(n.message);
    const fields = parsed.fields;
    let any = false;
    for (const key in fields) {
      any = true;
      if (!n.attributes.has(key)) n.attributes.set(key, fields[key]);
    }
    if (!any) return;
    n.message = parsed.message;
    if (n.severityNumber === 0 && fields.level !== undefined) {
      n.severityText = fields.level;
      n.severityNumber = severityNumberFromText(fields.level);
    }
    const t = headerTimeMs(fields);
    if (t > 0) n.timeMs = t;
  }

  private detector(service: string): FormatDetector {
    let d = this.streams.get(service);
    if (d === undefined) {
      if (this.streams.size >= this.maxStreams) {
        // Forget the oldest stream; it is detected again if it comes back.
        const oldest = this.streams.keys().next().value;
        if (oldest !== undefined) this.streams.delete(oldest);
        this.capEvent('format.streams.evicted');
      }
      d = new FormatDetector(this.format);
      this.streams.set(service, d);
    }
    return d;
  }
}
