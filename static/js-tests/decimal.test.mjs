import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as decimal from '../src/main/resources/static/js/decimal.js';
import { forAll } from './support/random.mjs';

// An independent oracle for the property tests: both values as BigInt at one fixed scale.
const SCALE = 18;
function scaled(text) {
  const negative = text.startsWith('-');
  const [whole, fraction = ''] = text.replace(/^[+-]/, '').split('.');
  const units = BigInt(whole + fraction.padEnd(SCALE, '0'));
  return negative ? -units : units;
}

test('sums decimal strings exactly where binary floating point does not', () => {
  assert.notEqual(0.1 + 0.2, 0.3);
  assert.equal(decimal.add('0.1', '0.2'), '0.3');
  assert.equal(decimal.sum(['0.1', '0.2', '0.3']), '0.6');
  assert.equal(decimal.sum(Array(10).fill('0.1')), '1');
  assert.equal(decimal.subtract('0.3', '0.1'), '0.2');
  assert.equal(decimal.add('0.00000555', '0.00000445'), '0.00001');
  assert.equal(decimal.sum(Array(1000).fill('0.000001')), '0.001');
});

test('keeps every digit of large values and of many decimal places', () => {
  assert.equal(decimal.add('123456789012345678901234567890', '1'), '123456789012345678901234567891');
  assert.equal(decimal.add('9007199254740993', '0.000000000000000001'), '9007199254740993.000000000000000001');
  assert.equal(decimal.normalize('0.123456789012345678901234567890'), '0.12345678901234567890123456789');
  assert.equal(decimal.subtract('1', '0.000000000000000000000000000001'), '0.999999999999999999999999999999');
});

test('handles signs and zero', () => {
  assert.equal(decimal.add('-0.1', '0.1'), '0');
  assert.equal(decimal.subtract('0.1', '0.25'), '-0.15');
  assert.equal(decimal.add('-1.5', '-2.25'), '-3.75');
  assert.equal(decimal.normalize('-0.000'), '0');
  assert.equal(decimal.normalize('+3.10'), '3.1');
  assert.equal(decimal.normalize('.5'), '0.5');
  assert.equal(decimal.normalize('5.'), '5');
  assert.equal(decimal.normalize('007.0700'), '7.07');
  assert.equal(decimal.normalize(' 2.50 '), '2.5');
  for (const nothing of [null, undefined, '']) assert.equal(decimal.normalize(nothing), '0');
  assert.ok(decimal.isZero('0.000'));
  assert.ok(decimal.isZero('-0'));
  assert.ok(!decimal.isZero('0.000000000000000001'));
});

test('reads numbers by their shortest text, written out in plain digits', () => {
  assert.equal(decimal.normalize(0.1 + 0.2), '0.30000000000000004');
  assert.equal(decimal.normalize(1e-7), '0.0000001');
  assert.equal(decimal.normalize(-2.5e-8), '-0.000000025');
  assert.equal(decimal.normalize(1.23456789012e-15), '0.00000000000000123456789012');
  assert.equal(decimal.normalize(1.5e-21), '0.0000000000000000000015');
  assert.equal(decimal.normalize(1e21), '1000000000000000000000');
  assert.equal(decimal.normalize(1.5e22), '15000000000000000000000');
  assert.equal(decimal.normalize(42), '42');
});

test('refuses what is not a decimal', () => {
  for (const bad of ['abc', '1.2.3', '.', '-', '1e5', '1,5', '$1', 'NaN', NaN, Infinity]) {
    assert.throws(() => decimal.parse(bad), /not a decimal/, String(bad));
  }
});

test('compares across scales', () => {
  assert.equal(decimal.compare('0.10', '0.1'), 0);
  assert.equal(decimal.compare('0.1', '0.09999999999999999999'), 1);
  assert.equal(decimal.compare('-1', '0.000001'), -1);
  assert.equal(decimal.compare('100', '99.999999999999999999999'), 1);
});

test('gives percentages and chart numbers for display', () => {
  assert.equal(decimal.percentOf('1', '3'), 33.333333333);
  assert.equal(decimal.percentOf('0.25', '0.5'), 50);
  assert.equal(decimal.percentOf('12', '0'), 0);
  assert.equal(decimal.percentOf('150', '100'), 150);
  assert.equal(decimal.toNumber('0.00000555'), 0.00000555);
  assert.equal(decimal.toNumber('-12.5'), -12.5);
});

test('property: add and subtract agree with BigInt arithmetic at a fixed scale', () => {
  forAll(
    500,
    (random) => [random.decimal(), random.decimal()],
    ([a, b]) => {
      const total = decimal.add(a, b);
      assert.equal(scaled(total), scaled(a) + scaled(b));
      assert.equal(scaled(decimal.subtract(a, b)), scaled(a) - scaled(b));
      assert.equal(total, decimal.add(b, a));
      assert.equal(decimal.subtract(total, b), decimal.normalize(a));
    },
  );
});

test('property: normalize keeps the value, drops only padding, and is idempotent', () => {
  forAll(
    500,
    (random) => random.decimal(),
    (a) => {
      const text = decimal.normalize(a);
      assert.equal(scaled(text), scaled(a));
      assert.match(text, /^-?(0|[1-9]\d*)(\.\d*[1-9])?$/);
      assert.equal(decimal.normalize(text), text);
    },
  );
});

test('property: compare orders as the exact values do, and sums do not depend on order', () => {
  forAll(
    300,
    (random) => Array.from({ length: random.int(2, 8) }, () => random.decimal()),
    (values) => {
      const [a, b] = values;
      const expected = scaled(a) < scaled(b) ? -1 : scaled(a) > scaled(b) ? 1 : 0;
      assert.equal(decimal.compare(a, b), expected);
      assert.equal(decimal.compare(b, a), -expected);
      assert.equal(decimal.sum(values), decimal.sum([...values].reverse()));
      assert.equal(
        scaled(decimal.sum(values)),
        values.reduce((total, value) => total + scaled(value), 0n),
      );
    },
  );
});

test('property: a number reads as the decimal its shortest text shows', () => {
  forAll(
    500,
    (random) => (random.next() - 0.5) * 10 ** random.int(-30, 30),
    (n) => {
      const text = decimal.normalize(n);
      assert.match(text, /^-?\d+(\.\d+)?$/);
      assert.equal(Number(text), n === 0 ? 0 : n);
    },
  );
});
