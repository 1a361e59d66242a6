/**
 * Options that take several values (`--kme a --kme b`, or `--kme a,b`): the
 * shared option parser keeps one value per option, so repeated occurrences
 * are joined into one comma-separated value first and split after.
 */

/** Joins repeated `--name VALUE` / `--name=VALUE` occurrences of the `names` options into one `--name A,B`. */
export function joinRepeated(argv: readonly string[], names: readonly string[]): string[] {
  const values = new Map<string, string[]>();
  const firstAt = new Map<string, number>();
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      out.push(...argv.slice(i));
      break;
    }
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') ? arg.slice(2, eq < 0 ? undefined : eq) : '';
    if (!names.includes(name)) {
      out.push(arg);
      continue;
    }
    let value: string | undefined;
    if (eq >= 0) value = arg.slice(eq + 1);
    else if (i + 1 < argv.length && !argv[i + 1]!.startsWith('--')) value = argv[++i];
    if (value === undefined) {
      out.push(arg); // let the parser say the value is missing
      continue;
    }
    if (!firstAt.has(name)) {
      firstAt.set(name, out.length);
      out.push(`--${name}`, '');
    }
    (values.get(name) ?? values.set(name, []).get(name)!).push(value);
  }
  for (const [name, at] of firstAt) out[at + 1] = values.get(name)!.join(',');
  return out;
}

/** The items of a comma-separated option value, trimmed, empty ones dropped. */
export function listValue(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
