// Exact decimal arithmetic on the ledger's cost strings ("0.00000555"): BigInt units at a scale,
// so sums shown to a user never pick up binary floating-point error.

const PATTERN = /^([+-]?)(\d*)(?:\.(\d*))?$/;

export function parse(value) {
  if (value === null || value === undefined || value === '') return { units: 0n, scale: 0 };
  let text = typeof value === 'number' ? numberText(value) : String(value).trim();
  const match = PATTERN.exec(text);
  if (!match || (match[2] === '' && (match[3] || '') === '')) throw new Error(`not a decimal: ${text}`);
  const fraction = match[3] || '';
  const units = BigInt((match[2] || '0') + fraction) * (match[1] === '-' ? -1n : 1n);
  return { units, scale: fraction.length };
}

// A number's shortest round-trip text ("1.5e-7", "1e+21") written out in plain digits: exact,
// where toFixed would round past 20 places or give up at 1e21.
function numberText(n) {
  const text = String(n);
  const match = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (!match) return text;
  const [, sign, lead, rest = '', exponent] = match;
  const digits = lead + rest;
  const point = 1 + Number(exponent);
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return sign + digits + '0'.repeat(point - digits.length);
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

function align(a, b) {
  const scale = Math.max(a.scale, b.scale);
  return [a.units * 10n ** BigInt(scale - a.scale), b.units * 10n ** BigInt(scale - b.scale), scale];
}

export function add(a, b) {
  const [x, y, scale] = align(parse(a), parse(b));
  return toText({ units: x + y, scale });
}

export function subtract(a, b) {
  const [x, y, scale] = align(parse(a), parse(b));
  return toText({ units: x - y, scale });
}

export function sum(values) {
  return values.reduce((total, value) => add(total, value), '0');
}

export function compare(a, b) {
  const [x, y] = align(parse(a), parse(b));
  return x < y ? -1 : x > y ? 1 : 0;
}

export function isZero(value) {
  return parse(value).units === 0n;
}

/** For drawing only (chart coordinates); never shown as a figure. */
export function toNumber(value) {
  return Number(toText(parse(value)));
}

/** value × 100 / total as a number for display (nine decimal places kept). */
export function percentOf(value, total) {
  const [x, y] = align(parse(value), parse(total));
  if (y === 0n) return 0;
  return Number((x * 100n * 10n ** 9n) / y) / 1e9;
}

export function toText({ units, scale }) {
  const negative = units < 0n;
  let digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  let fraction = scale ? digits.slice(digits.length - scale) : '';
  fraction = fraction.replace(/0+$/, '');
  const text = fraction ? `${whole}.${fraction}` : whole;
  return negative && text !== '0' ? `-${text}` : text;
}

export function normalize(value) {
  return toText(parse(value));
}
