/**
 * The redaction of text: secrets first (replaced), then the rest of each line pseudonymized.
 * One engine serves a whole run (its pseudonym table makes every file agree); each file gets a
 * LineRedactor with its own multi-line state and its own counts for the record.
 */
import type { PseudonymTable } from './pseudonym-table.js';
import { Pseudonymizer, type PseudonymRule } from './pseudonymize.js';
import { SECRET_MARK, SecretLines, type SecretRule } from './secret-rules.js';
import type { ValueFinder } from './value-finder.js';
import type { Vocabulary } from './vocabulary.js';

export type RedactionRule = SecretRule | PseudonymRule;

export interface RedactionSettings {
  /** `--names`: namespaces, pods, workloads and containers too. */
  names: boolean;
  /** `--keyword`s, as given. */
  keywords: string[];
}

/** Per rule: how many replacements, and the first few distinct originals (for --dry-run, never written). */
export interface RuleTally {
  count: number;
  examples: string[];
}

const EXAMPLES = 3;

/** journald's trusted fields (`_…`) and the well-known ones of systemd.journal-fields(7): never a customer's word. */
const WELL_KNOWN_FIELD =
  /^(?:_[A-Z0-9_]*|MESSAGE(?:_ID)?|PRIORITY|CODE_(?:FILE|LINE|FUNC)|ERRNO|TID|(?:USER_)?INVOCATION_ID|(?:USER_)?UNIT|SYSLOG_[A-Z_]+|CONTAINER_[A-Z_]+|IMAGE_NAME|DOCUMENTATION|OBJECT_[A-Z_]+|COREDUMP_[A-Z_]+)$/;

export class RedactionEngine {
  private readonly pseudonymizer: Pseudonymizer;

  constructor(
    readonly table: PseudonymTable,
    vocabulary: Vocabulary,
    settings: RedactionSettings,
  ) {
    // Text is handled as latin1 (one char per byte, so any byte sequence survives): a keyword is
    // looked for as its UTF-8 bytes.
    const keywords = settings.keywords.map((word) => Buffer.from(word, 'utf8').toString('latin1'));
    this.pseudonymizer = new Pseudonymizer(table, { words: vocabulary.words(), keywords });
  }

  lines(): LineRedactor {
    return new LineRedactor(this.pseudonymizer);
  }

  /** A path in the bundle, segment by segment, with the same pseudonyms as text (no secret rules: paths hold none). */
  path(path: string, tally?: Map<RedactionRule, RuleTally>): string {
    return path
      .split('/')
      .map((segment) => this.pseudonymizer.apply(segment, (rule, original, pseudonym) => tally && note(tally, rule, `${original} → ${pseudonym}`)))
      .join('/');
  }
}

export class LineRedactor {
  readonly tally = new Map<RedactionRule, RuleTally>();
  private readonly secrets: SecretLines;

  constructor(private readonly pseudonymizer: Pseudonymizer) {
    this.secrets = new SecretLines((rule, original) => note(this.tally, rule, masked(original)));
  }

  /** One line (latin1, without its newline). */
  line(text: string): string {
    return this.pseudonymized(this.secrets.line(text));
  }

  /**
   * A line read while idle() whose triggers() were already tested by the caller: `secret` and
   * `value` say whether those of the secret rules and of the pseudonymizer matched in it, and a
   * test that failed there is not run again. Same result as line(): an idle line no secret
   * trigger hits leaves SecretLines as it was and comes out unchanged, and a line no value
   * trigger hits has no value to pseudonymize. `found` from `valuesAt` (when not -1): the
   * values of this line as finder() finds them, found already (text-scan.ts hitLines).
   */
  scannedLine(text: string, secret: boolean, value: boolean, found: ArrayLike<number> = [], valuesAt = -1): string {
    const cleaned = secret ? this.secrets.line(text) : text;
    if (cleaned !== text) return this.pseudonymized(cleaned);
    if (!value) return text;
    return valuesAt === -1 ? this.pseudonymized(text, true) : this.pseudonymizer.replace(text, found, valuesAt, this.count);
  }

  /**
   * A journal export's `NAME=value` line. The secret rules see it whole (`DB_TOKEN=…` names its
   * secret), but the name is a field name: journald's own and the well-known ones stay, any
   * other keeps the form a field name must have (A–Z, a–z, 0–9, `_`), or the export breaks.
   */
  field(text: string, nameLength: number): string {
    const name = text.slice(0, nameLength);
    const cleaned = this.secrets.line(text);
    if (!cleaned.startsWith(`${name}=`)) return this.pseudonymized(cleaned);
    return `${this.fieldName(name)}=${this.pseudonymized(cleaned.slice(nameLength + 1))}`;
  }

  /**
   * A binary field's first value line, read after its `NAME=` as a text field's value is: a name
   * that marks a secret (DB_TOKEN, PASSWORD) replaces the value as it does in `NAME=value`.
   */
  binaryValueLine(name: string, text: string): string {
    const cleaned = this.secrets.line(`${name}=${text}`);
    const value = cleaned.startsWith(`${name}=`) ? cleaned.slice(name.length + 1) : cleaned.slice(cleaned.indexOf('=') + 1);
    return this.pseudonymized(value);
  }

  /** A binary field's name, on its own line: kept or pseudonymized like a text field's. */
  fieldName(name: string): string {
    if (WELL_KNOWN_FIELD.test(name)) return name;
    return this.pseudonymized(name).replace(/[^A-Za-z0-9_]/g, '_');
  }

  /** `hinted`: the pseudonymizer's trigger is known to match in `cleaned` (see Pseudonymizer.apply). */
  private pseudonymized(cleaned: string, hinted = false): string {
    if (!cleaned.includes(SECRET_MARK)) return this.pseudonymizer.apply(cleaned, this.count, hinted);
    return cleaned
      .split(SECRET_MARK)
      .map((piece) => this.pseudonymizer.apply(piece, this.count))
      .join(SECRET_MARK);
  }

  private readonly count = (rule: PseudonymRule, original: string, pseudonym: string) => note(this.tally, rule, `${original} → ${pseudonym}`);

  /**
   * The tests of which a line must pass one to be changed (each a necessary condition of some
   * rule), with the g flag for scanning many lines at once: the secret rules', then the
   * pseudonymizer's (the order scannedLine's flags follow). A line that passes none, read while
   * idle(), comes out of line() as it went in, changes no state and counts nothing.
   */
  triggers(): RegExp[] {
    return [...SecretLines.triggers, this.pseudonymizer.trigger].map((test) => new RegExp(test.source, `${test.flags}g`));
  }

  /** What finds the values to pseudonymize (its options let another thread build the same). */
  finder(): ValueFinder {
    return this.pseudonymizer.finder;
  }

  /** No multi-line secret is open (see triggers()). */
  idle(): boolean {
    return this.secrets.idle();
  }

  /** Lines that follow are not a continuation of the lines before (a new binary journal field). */
  reset(): void {
    this.secrets.reset();
  }
}

function note(tally: Map<RedactionRule, RuleTally>, rule: RedactionRule, example: string): void {
  let entry = tally.get(rule);
  if (!entry) tally.set(rule, (entry = { count: 0, examples: [] }));
  entry.count += 1;
  if (entry.examples.length < EXAMPLES && !entry.examples.includes(example)) entry.examples.push(example.length > 80 ? `${example.slice(0, 79)}…` : example);
}

/** A secret shown on the sender's screen by --dry-run: enough to recognise it, not to use it. */
function masked(secret: string): string {
  return secret.length <= 4 ? '****' : `${secret.slice(0, 4)}…(${secret.length} chars)`;
}
