/**
 * Secrets, replaced by SECRET_MARK and never pseudonymized: a secret has no use in a diagnosis,
 * and a pseudonym would tell whoever reads two bundles that two secrets are equal. The rules are
 * the collector's (src/collector/lib/55-redact.sh, which says why each has its shape), extended
 * with cloud keys, vendor tokens and base64-encoded PEM; the ones that span lines (key blocks, YAML
 * block scalars, a flag whose value is on the next line, env pairs split over two lines) keep
 * their state in SecretLines.
 */

export const SECRET_MARK = '<redacted:secret>';

/** Why a value is a secret: the record counts replacements per rule. */
export type SecretRule =
  | 'pem-block'
  | 'pem-base64'
  | 'key-value'
  | 'env-name'
  | 'env-pair'
  | 'secret-flag'
  | 'authorization'
  | 'bearer'
  | 'jwt'
  | 'bootstrap-token'
  | 'url-password'
  | 'aws-access-key'
  | 'gcp-key'
  | 'azure-signature'
  | 'vendor-token'
  | 'yaml-block'
  | 'argv-value';

export const SECRET_RULES: readonly string[] = [
  'pem-block',
  'pem-base64',
  'key-value',
  'env-name',
  'env-pair',
  'secret-flag',
  'authorization',
  'bearer',
  'jwt',
  'bootstrap-token',
  'url-password',
  'aws-access-key',
  'gcp-key',
  'azure-signature',
  'vendor-token',
  'yaml-block',
  'argv-value',
] satisfies readonly SecretRule[];

const KEYS =
  '(?:password|passwd|passphrase|secret|token|apikey|api_key|api-key|accesskey|access_key|access-key|secretkey|secret_key|privatekey|private_key|private-key|private_key_id|client-key-data|credentials?|accountkey|sharedaccesskey|sharedaccesssignature)';
const Q = '(?:\\\\?")?';
const SEP = `${Q}[ \\t]*[:=][ \\t]*`;
const ENVNAME = '(?:[A-Z0-9]+_)*(?:[A-Z0-9]*(?:PASS|PASSWORD|PASSWD|PASSPHRASE|TOKEN|SECRET|KEY|CRED|CREDENTIAL)S?|PAT)(?:_[A-Z0-9]+)*';

/** What KV and ENVKV imply, led by their words: the rules themselves try every position of a line. */
const KV_HINT = new RegExp(`(?:${KEYS}|auth)${SEP}`, 'i');
const ENVKV_HINT = new RegExp(`(?:PASS|TOKEN|SECRET|KEY|CRED|PAT)[A-Z0-9_]*${SEP}`);
const KV = new RegExp(`(?<![a-z0-9_.-])(?:[a-z0-9_.-]*${KEYS}|auth)${SEP}`, 'gi');
const ENVKV = new RegExp(`(?<![A-Za-z0-9_.-])${ENVNAME}${SEP}`, 'g');
const FLAG = new RegExp(`--[a-z0-9_.-]*${KEYS}(?:[ \\t]+|(?:\\\\?"|')?[ \\t]*,[ \\t]*(?:\\\\?"|')?)`, 'gi');
const ARGFLAG = new RegExp(`^[ \\t]*(?:-[ \\t]+)?(?:\\\\?"|')?--?[a-z0-9_.-]*${KEYS}(?:\\\\?"|')?,?[ \\t]*$`, 'i');
const AUTH = new RegExp(`authorization${SEP}(?:\\[[ \\t]*)?(?:\\\\?"|')?(?:[a-z][a-z0-9_-]*[ \\t]+)?`, 'gi');
const BEARER = /bearer[ \t]+/gi;
const PAIR = new RegExp(`[nk][ae][my]e?${Q}[ \\t]*:[ \\t]*${Q}(?:[a-z0-9_.-]*${KEYS}|${ENVNAME})${Q}[ \\t]*,[ \\t]*${Q}value${SEP}`, 'gi');
const PAIRHEAD = new RegExp(`[nk][ae][my]e?"?[ \\t]*:[ \\t]*"?(?:[a-z0-9_.-]*${KEYS}|${ENVNAME})"?,?[ \\t]*$`, 'i');
const PAIRVALUE = /^[ \t-]*"?value"?[ \t]*:[ \t]*/i;
const URL_USER = /:\/\/[^/ \t:@"]+:/g;
const AZURE_SIG = /[?&]sig=/gi;
const BLOCKHEAD = /^[|>][-+0-9]*[ \t]*(?:#.*)?$/;

/** Whole-match rules: the match itself is the secret. The third pattern is a cheaper test the match implies. */
const WHOLE: [SecretRule, RegExp, RegExp][] = [
  ['jwt', /eyJ[A-Za-z0-9_-]+\.eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/g, /eyJ/],
  // Led by the dot: a test led by a character class tries every position of the line.
  ['bootstrap-token', /(?<![A-Za-z0-9.])[a-z0-9]{6}\.[a-z0-9]{16}(?![A-Za-z0-9.])/g, /\.[a-z0-9]{16}/],
  ['pem-base64', /LS0tLS1CRUdJTi[A-Za-z0-9+/=]*/g, /LS0tLS1CRUdJTi/],
  ['aws-access-key', /(?<![A-Z0-9])(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}(?![A-Z0-9])/g, /A[KSGIRNP][A-Z]A[A-Z0-9]{16}/],
  ['gcp-key', /AIza[0-9A-Za-z_-]{35}|ya29\.[0-9A-Za-z_-]{20,}/g, /AIza|ya29\./],
  ['vendor-token', /\bgh[pousr]_[A-Za-z0-9]{30,}|\bgithub_pat_[A-Za-z0-9_]{22,}|\bglpat-[A-Za-z0-9_-]{20,}|\bxox[abposr]-[A-Za-z0-9-]{10,}/g, /gh[pousr]_|github_pat_|glpat-|xox[abposr]-/],
];

/**
 * What every rule above needs somewhere in a line (case ignored: a superset), as one test: the
 * words KEYS and ENVNAME are made of (ENVNAME's PAT is never followed by a letter or digit, which
 * keeps out every `"path"` of a JSON log), `auth`, the literal starts of the rest. Most log lines
 * have none of them, and such a line, outside a multi-line secret, leaves SecretLines unchanged.
 */
const TRIGGER_WORD_GROUPS = ['pass|secret|token', 'key|cred|auth', 'pat(?![a-z0-9])|sig=|bearer', String.raw`:\/\/[^/ \t:@"]+:`];
const TRIGGER_WORDS = new RegExp(TRIGGER_WORD_GROUPS.join('|'), 'i');
/** Apart, because these are case-sensitive: one regex with them all under /i scans several times slower. */
const TRIGGER_SHAPES = /-----|eyJ|LS0tLS1CRUdJTi|AIza|ya29\.|gh[pousr]_|xox[abposr]-|A[KSGIRNP][A-Z]A[A-Z0-9]{16}|\.[a-z0-9]{16}/;

const PEM_INLINE = /(-----BEGIN [A-Z0-9 ]+-----)(.*?)(-----END [A-Z0-9 ]+-----)/g;
const PEM_BEGIN = /-----BEGIN [A-Z0-9 ]+-----/;
const PEM_END = /-----END [A-Z0-9 ]+-----/;

/** The value that starts at `at`, without quotes: [start, end) or null. The awk's find_value. */
function valueAt(line: string, at: number, mode: 'bare' | 'nodash' | 'url' | 'rest'): [number, number] | null {
  let start = at;
  if (mode !== 'url' && line[start] === '[') {
    while (line[start] === '[' || line[start] === ' ' || line[start] === '\t') start++;
  }
  let end: number;
  const rest = line.slice(start, start + 65536);
  let match: RegExpExecArray | null;
  if (mode === 'url') {
    match = /^[^/ \t@"]+@/.exec(rest);
    if (!match) return null;
    end = start + match[0].length - 1;
  } else if (rest.startsWith('\\"')) {
    start += 2;
    end = start + /^[^"\\]*/.exec(rest.slice(2))![0].length;
  } else if (rest[0] === '"' || rest[0] === "'") {
    start += 1;
    end = start + rest.slice(1).indexOf(rest[0]);
    if (end < start) end = start + /^[^ \t,]*/.exec(rest.slice(1))![0].length;
  } else if (mode === 'nodash' && rest[0] === '-') {
    return null;
  } else if (mode === 'rest') {
    match = /^.*[^ \t,]/.exec(rest);
    if (!match) return null;
    end = start + match[0].length;
  } else {
    end = start + /^[^\][{} \t,;&"'\\]*/.exec(rest)![0].length;
  }
  if (end <= start) return null;
  const value = line.slice(start, end);
  if (value.startsWith('<redacted')) return null;
  return [start, end];
}

export class SecretLines {
  /** Inside a PEM block with no END yet. */
  private inPem = false;
  /** Indentation of a YAML block scalar's key; -1 outside one. */
  private blockIndent = -1;
  /** The previous line was a lone secret flag: this line is its value. */
  private argNext = false;
  /** The previous line named a secret env pair: `value:` on this line is its value. */
  private pairPending = false;

  constructor(private readonly count: (rule: SecretRule, original: string) => void) {}

  /**
   * The tests of which a line must pass one to be changed here, for searching a whole chunk: the
   * words in groups. Over a long text V8 skips ahead to where a match can start only while an
   * alternation has few first letters; with all ten words at once it tries every position. In
   * text-scan.ts's hitLines over 150 MB of the bench bundle, the words cost 660 ms as one search
   * and 460 ms as four (all triggers: 1,400 against 1,230 ms). A line matches TRIGGER_WORDS
   * exactly when it matches one of the groups, so which lines are hit does not change.
   */
  static readonly triggers: readonly RegExp[] = [...TRIGGER_WORD_GROUPS.map((group) => new RegExp(group, 'i')), TRIGGER_SHAPES];

  /** No multi-line secret is open: the next line is judged on its own. */
  idle(): boolean {
    return !this.inPem && this.blockIndent < 0 && !this.argNext && !this.pairPending;
  }

  /** Forgets the state of the lines before (a new binary journal field starts clean). */
  reset(): void {
    this.inPem = false;
    this.blockIndent = -1;
    this.argNext = false;
    this.pairPending = false;
  }

  line(text: string): string {
    if (this.idle() && !TRIGGER_WORDS.test(text) && !TRIGGER_SHAPES.test(text)) return text;
    if (this.inPem) return this.pemLine(text);
    if (this.blockIndent >= 0) {
      const blockLine = this.blockLine(text);
      if (blockLine !== null) return blockLine;
    }
    let line = text;
    if (this.argNext) line = this.argValue(line);
    // `value: |` after a secret's name opens a block scalar: the lines below are the secret.
    if (this.pairPending && PAIRVALUE.test(line)) line = this.blockOrValue(line, new RegExp(PAIRVALUE.source, 'gi'), 'env-pair');
    const tail = line.length > 4096 ? line.slice(-4096) : line;
    this.argNext = ARGFLAG.test(tail);
    this.pairPending = /name|key/i.test(tail) && PAIRHEAD.test(tail);
    return this.oneLine(line);
  }

  private oneLine(text: string): string {
    let line = text;
    if (line.includes('-----')) line = this.pem(line);
    const lower = line.toLowerCase();
    if (/pass|secret|token|key|cred|auth|pat|sig=|bearer|:\/\/|private|value/.test(lower)) {
      if (lower.includes('value')) line = this.after(line, PAIR, 'bare', 'env-pair');
      if (KV_HINT.test(line)) line = this.blockOrValue(line, KV, 'key-value');
      if (ENVKV_HINT.test(line)) line = this.blockOrValue(line, ENVKV, 'env-name');
      if (lower.includes('authorization')) line = this.after(line, AUTH, 'bare', 'authorization');
      if (lower.includes('--')) line = this.after(line, FLAG, 'nodash', 'secret-flag');
      if (lower.includes('bearer')) line = this.after(line, BEARER, 'bare', 'bearer');
      if (lower.includes('://')) line = this.after(line, URL_USER, 'url', 'url-password');
      if (lower.includes('sig=')) line = this.after(line, AZURE_SIG, 'bare', 'azure-signature');
    }
    for (const [rule, pattern, hint] of WHOLE) {
      if (!hint.test(line)) continue;
      line = line.replace(pattern, (secret: string) => {
        this.count(rule, secret);
        return SECRET_MARK;
      });
    }
    return line;
  }

  /** A key whose value is a YAML block scalar (`token: |`) opens a block; otherwise the value goes. */
  private blockOrValue(line: string, pattern: RegExp, rule: SecretRule): string {
    pattern.lastIndex = 0;
    let opened = false;
    const result = this.after(line, pattern, 'bare', rule, (at) => {
      if (!BLOCKHEAD.test(line.slice(at))) return false;
      opened = true;
      return true;
    });
    if (opened) this.blockIndent = /^[ \t]*(?:-[ \t]+)*/.exec(line)![0].length;
    return result;
  }

  /** Replaces the value after every match of `pattern`; `skip(at)` keeps a value as it is. */
  private after(line: string, pattern: RegExp, mode: 'bare' | 'nodash' | 'url', rule: SecretRule, skip?: (at: number) => boolean): string {
    let out = '';
    let done = 0;
    // exec with lastIndex, not matchAll: matchAll copies the RegExp on every call.
    pattern.lastIndex = 0;
    for (let match = pattern.exec(line); match; match = pattern.exec(line)) {
      const at = match.index + match[0].length;
      if (match.index < done || skip?.(at)) continue;
      const value = valueAt(line, at, mode);
      if (!value) continue;
      out += line.slice(done, value[0]) + SECRET_MARK;
      done = value[1];
      this.count(rule, line.slice(value[0], value[1]));
    }
    return done === 0 ? line : out + line.slice(done);
  }

  private pem(line: string): string {
    let replaced = line.replace(PEM_INLINE, (_all, begin: string, body: string, end: string) => {
      if (body.length === 0) return `${begin}${end}`;
      this.count('pem-block', body);
      return `${begin}${SECRET_MARK}${end}`;
    });
    const begin = PEM_BEGIN.exec(replaced);
    if (begin && !PEM_END.test(replaced.slice(begin.index))) {
      const cut = begin.index + begin[0].length;
      if (cut < replaced.length) replaced = `${replaced.slice(0, cut)}${SECRET_MARK}`;
      this.inPem = true;
      this.count('pem-block', replaced.slice(cut));
    }
    return replaced;
  }

  /** Inside a PEM block: every line is key material until the END line. */
  private pemLine(text: string): string {
    const end = PEM_END.exec(text);
    if (!end) return text.trim() === '' ? text : SECRET_MARK;
    this.inPem = false;
    return `${end.index > 0 ? SECRET_MARK : ''}${text.slice(end.index)}`;
  }

  /** Inside a block scalar: blank and deeper-indented lines are the value. Null: the block ended. */
  private blockLine(text: string): string | null {
    if (text.trim() === '') return text;
    const indent = /^[ \t]*/.exec(text)![0].length;
    if (indent <= this.blockIndent) {
      this.blockIndent = -1;
      return null;
    }
    this.count('yaml-block', text.slice(indent));
    return `${text.slice(0, indent)}${SECRET_MARK}`;
  }

  /** The line after a lone secret flag is its value, unless it is the next flag. */
  private argValue(line: string): string {
    const pre = /^[ \t]*(?:-[ \t]+)?/.exec(line)![0].length;
    if (/^(?:\\?"|')?-/.test(line.slice(pre))) return line;
    const value = valueAt(line, pre, 'rest');
    if (!value) return line;
    this.count('argv-value', line.slice(value[0], value[1]));
    return line.slice(0, value[0]) + SECRET_MARK + line.slice(value[1]);
  }
}
