import { formatGoal, formatMiB, formatRatio, formatSeconds, median, ratio } from '../../scripts/bench/stats';

describe('median', () => {
  test('odd count: the middle value, whatever the order', () => {
    expect(median([9, 1, 5])).toBe(5);
  });
  test('even count: the mean of the two middle values', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
  test('one value, and none', () => {
    expect(median([7.25])).toBe(7.25);
    expect(median([])).toBeNaN();
  });
  test('does not reorder its input', () => {
    const values = [3, 1, 2];
    median(values);
    expect(values).toEqual([3, 1, 2]);
  });
});

describe('ratio and goals', () => {
  test('value / baseline', () => {
    expect(ratio(6, 4)).toBe(1.5);
  });
  test('undefined when a side is missing or the baseline is not positive', () => {
    expect(ratio(undefined, 4)).toBeUndefined();
    expect(ratio(3, undefined)).toBeUndefined();
    expect(ratio(3, 0)).toBeUndefined();
    expect(ratio(NaN, 2)).toBeUndefined();
  });
  test('formats', () => {
    expect(formatRatio(1.4249)).toBe('1.42×');
    expect(formatRatio(undefined)).toBe('–');
    expect(formatSeconds(12.345)).toBe('12.3 s');
    expect(formatSeconds(undefined)).toBe('–');
    expect(formatMiB(3 * 1024 * 1024)).toBe('3.0 MiB');
  });
  test('a goal is met at its limit, not above, and says when not measured', () => {
    expect(formatGoal(1.5, 1.5)).toBe('met (1.50× ≤ 1.5×)');
    expect(formatGoal(1.51, 1.5)).toBe('NOT met (1.51× > 1.5×)');
    expect(formatGoal(undefined, 2.5)).toBe('not measured (goal ≤ 2.5×)');
  });
});
