/** Number formatting for the site: 万/亿 in Chinese, thousands separators in English, exact money. */
import { describe, expect, it } from 'vitest';
import {
  formatCount,
  formatInteger,
  formatMinor,
  formatMoney,
  formatMoneyShort,
  formatPercent,
  formatQuantity,
  minorToDecimal,
  pluralUnit,
} from '../../site/lib/format.ts';

describe('counts', () => {
  it('uses 万 and 亿 in Chinese, with at most three significant digits', () => {
    expect(formatCount(9_999, 'zh-CN')).toBe('9,999');
    expect(formatCount(12_345, 'zh-CN')).toBe('1.23万');
    expect(formatCount(120_000, 'zh-CN')).toBe('12万');
    expect(formatCount(1_234_567, 'zh-CN')).toBe('123.5万');
    expect(formatCount(98_765_432, 'zh-CN')).toBe('9,877万');
    expect(formatCount(123_456_789, 'zh-CN')).toBe('1.23亿');
    expect(formatCount(-25_000, 'zh-CN')).toBe('-2.5万');
  });

  it('uses thousands separators in English', () => {
    expect(formatCount(1_234_567, 'en')).toBe('1,234,567');
    expect(formatInteger(0, 'en')).toBe('0');
  });
});

describe('money', () => {
  it('is exact from integer minor units, with its currency', () => {
    expect(formatMinor(123_456_789, 'CNY', 'en')).toBe('1,234,567.89');
    expect(formatMoney(5, 'CNY', 'zh-CN')).toBe('¥0.05');
    expect(formatMoney(112_651_600, 'CNY', 'en')).toBe('CNY 1,126,516.00');
    expect(formatMoney(-1_050, 'CNY', 'zh-CN')).toBe('-¥10.50');
    expect(formatMoney(1_234, 'JPY', 'en')).toBe('JPY 1,234');
    // Beyond 2^53 / 100 a float division would lose fen; integer splitting does not.
    expect(formatMinor(9_007_199_254_740_991, 'CNY', 'en')).toBe('90,071,992,547,409.91');
  });

  it('is short for headlines: 万 and 亿 in Chinese, whole units in English', () => {
    expect(formatMoneyShort(850_000, 'CNY', 'zh-CN')).toBe('¥8,500');
    expect(formatMoneyShort(123_456_78, 'CNY', 'zh-CN')).toBe('¥12.35万');
    expect(formatMoneyShort(12_000_000_000, 'CNY', 'zh-CN')).toBe('¥1.2亿');
    expect(formatMoneyShort(12_345_678, 'CNY', 'en')).toBe('CNY 123,457');
    expect(formatMoneyShort(3, 'CNY', 'en')).toBe('CNY 0.03');
  });

  it('writes plain decimals for CSV files', () => {
    expect(minorToDecimal(123_456, 'CNY')).toBe('1234.56');
    expect(minorToDecimal(-7, 'CNY')).toBe('-0.07');
    expect(minorToDecimal(500, 'JPY')).toBe('500');
  });
});

describe('quantities and shares', () => {
  it('names the unit, in the plural where English needs it', () => {
    expect(formatQuantity(1_200, { zh: '盒', en: 'box' }, 'zh-CN')).toBe('1,200 盒');
    expect(formatQuantity(1_200, { zh: '盒', en: 'box' }, 'en')).toBe('1,200 boxes');
    expect(formatQuantity(1, { zh: '支', en: 'prefilled syringe' }, 'en')).toBe('1 prefilled syringe');
    expect(formatQuantity(250_000, { zh: '个', en: 'piece' }, 'zh-CN', true)).toBe('25万 个');
    expect(pluralUnit('case')).toBe('cases');
  });

  it('formats percentages', () => {
    expect(formatPercent(0.4567, 'en')).toBe('45.7%');
  });
});
