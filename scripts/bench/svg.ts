/** A hand-written SVG bar chart (pure): groups (scenarios) of bars (Dockerfiles), one bar per figure. */

export interface Bar {
  readonly series: string;
  readonly value: number;
}

export interface BarGroup {
  readonly label: string;
  readonly bars: readonly Bar[];
}

const COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** Renders the groups as a vertical bar chart of seconds; bars are labelled with their value. */
export function renderChart(title: string, groups: readonly BarGroup[]): string {
  const series = [...new Set(groups.flatMap((g) => g.bars.map((b) => b.series)))];
  const color = (name: string) => COLORS[series.indexOf(name) % COLORS.length];
  const max = Math.max(1, ...groups.flatMap((g) => g.bars.map((b) => b.value)));
  const barWidth = 30;
  const gap = 28;
  const left = 60;
  const top = 40;
  const plotHeight = 300;
  const groupWidth = (g: BarGroup) => Math.max(1, g.bars.length) * barWidth;
  const width = left + groups.reduce((sum, g) => sum + groupWidth(g) + gap, 0) + 20;
  const legendTop = top + plotHeight + 60;
  const height = legendTop + series.length * 18 + 10;
  const y = (value: number) => top + plotHeight - (value / max) * plotHeight;
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`);
  parts.push(`<title>${escapeXml(title)}</title>`);
  parts.push(`<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`);
  parts.push(`<text x="${left}" y="20" font-size="14" font-weight="bold">${escapeXml(title)}</text>`);
  for (const tick of [0, 0.25, 0.5, 0.75, 1]) {
    const v = max * tick;
    parts.push(`<line x1="${left - 4}" y1="${y(v).toFixed(1)}" x2="${width - 10}" y2="${y(v).toFixed(1)}" stroke="#dddddd"/>`);
    parts.push(`<text x="${left - 8}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end">${v.toFixed(0)} s</text>`);
  }
  let x = left + gap / 2;
  for (const group of groups) {
    group.bars.forEach((bar, i) => {
      const bx = x + i * barWidth;
      const by = y(bar.value);
      parts.push(`<rect class="bar" x="${bx.toFixed(1)}" y="${by.toFixed(1)}" width="${barWidth - 3}" height="${(top + plotHeight - by).toFixed(1)}" fill="${color(bar.series)}"><title>${escapeXml(`${group.label} / ${bar.series}: ${bar.value.toFixed(1)} s`)}</title></rect>`);
      parts.push(`<text x="${(bx + (barWidth - 3) / 2).toFixed(1)}" y="${(by - 3).toFixed(1)}" text-anchor="middle" font-size="9">${bar.value.toFixed(bar.value < 10 ? 1 : 0)}</text>`);
    });
    parts.push(`<text x="${(x + groupWidth(group) / 2).toFixed(1)}" y="${top + plotHeight + 16}" text-anchor="middle">${escapeXml(group.label)}</text>`);
    x += groupWidth(group) + gap;
  }
  parts.push(`<line x1="${left}" y1="${top + plotHeight}" x2="${width - 10}" y2="${top + plotHeight}" stroke="#333333"/>`);
  series.forEach((name, i) => {
    const ly = legendTop + i * 18;
    parts.push(`<rect x="${left}" y="${ly - 10}" width="12" height="12" fill="${color(name)}"/>`);
    parts.push(`<text x="${left + 18}" y="${ly}">${escapeXml(name)}</text>`);
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
