import { escapeXml, renderChart } from '../../scripts/bench/svg';

/** A small well-formedness check: every tag closes in order, attributes are quoted, entities are known. */
function wellFormed(xml: string): void {
  const stack: string[] = [];
  const body = xml.trim();
  expect(body.startsWith('<svg ')).toBe(true);
  for (const match of body.matchAll(/<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/g)) {
    const [, closing, name, , selfClosing] = match;
    if (closing) {
      expect(stack.pop()).toBe(name);
    } else if (!selfClosing) {
      stack.push(name);
    }
  }
  expect(stack).toEqual([]);
  // No stray markup: removing every well-formed tag leaves no '<' or '>'.
  const text = body.replace(/<\/?[A-Za-z][\w:-]*(?:\s+[\w:-]+="[^"<]*")*\s*\/?>/g, '');
  expect(text).not.toMatch(/[<>]/);
  for (const entity of text.matchAll(/&([^;\s]*);?/g)) {
    expect(['amp', 'lt', 'gt', 'quot', 'apos']).toContain(entity[1]);
  }
}

describe('renderChart', () => {
  const groups = [
    { label: 'cold', bars: [{ series: 'ours LAYER', value: 50.5 }, { series: 'naive <COPY . .>', value: 48 }] },
    { label: 'source edit & rebuild', bars: [{ series: 'ours LAYER', value: 4.2 }, { series: 'naive <COPY . .>', value: 47 }] },
    { label: 'native', bars: [{ series: 'native cargo', value: 3.1 }] },
  ];

  test('well-formed XML with names escaped', () => {
    const svg = renderChart('Median seconds & "reps"', groups);
    wellFormed(svg);
    expect(svg).toContain('naive &lt;COPY . .&gt;');
    expect(svg).toContain('source edit &amp; rebuild');
  });

  test('one bar per figure, the tallest for the largest value', () => {
    const svg = renderChart('t', groups);
    const bars = [...svg.matchAll(/<rect class="bar" x="[\d.]+" y="([\d.]+)" width="[\d.]+" height="([\d.]+)"/g)];
    expect(bars).toHaveLength(5);
    const heights = bars.map((b) => Number(b[2]));
    expect(Math.max(...heights)).toBe(heights[0]);
    expect(heights[0]).toBeCloseTo(300, 0);
  });

  test('no figures: an empty, still well-formed chart', () => {
    const svg = renderChart('nothing', []);
    wellFormed(svg);
    expect(svg).not.toContain('class="bar"');
  });

  test('escapeXml', () => {
    expect(escapeXml('a<b>&"c\'')).toBe('a&lt;b&gt;&amp;&quot;c&apos;');
  });
});
