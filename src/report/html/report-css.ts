/** Light, print-friendly styles for report.html. */
export const REPORT_CSS = `
:root { --fg: #1f2328; --muted: #57606a; --line: #d0d7de; --soft: #f6f8fa; --accent: #0969da;
  --good: #116329; --good-bg: #dafbe1; --bad: #a40e26; --bad-bg: #ffebe9; }
* { box-sizing: border-box; }
html { background: #ffffff; }
body { margin: 0; color: var(--fg); font: 15px/1.55 -apple-system, BlinkMacSystemFont, "Segoe UI", Helvetica, Arial, sans-serif; }
main { max-width: 1280px; margin: 0 auto; padding: 32px 28px 48px; }
header { border-bottom: 1px solid var(--line); margin-bottom: 8px; padding-bottom: 12px; }
h1 { font-size: 28px; margin: 0 0 6px; letter-spacing: -0.01em; }
h2 { font-size: 21px; margin: 36px 0 12px; padding-bottom: 6px; border-bottom: 1px solid var(--line); }
.lede { color: var(--muted); font-size: 17px; margin: 0; }
nav { font-size: 14px; margin: 12px 0 0; }
nav a { color: var(--accent); text-decoration: none; margin-right: 16px; }
nav a:hover { text-decoration: underline; }
p { margin: 10px 0; max-width: 80ch; }
.table-wrap { overflow-x: auto; margin: 12px 0 18px; border: 1px solid var(--line); border-radius: 6px; }
table { border-collapse: collapse; width: 100%; font-size: 13.5px; font-variant-numeric: tabular-nums; }
th, td { padding: 6px 9px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: var(--soft); font-weight: 600; text-align: left; vertical-align: bottom; line-height: 1.3; }
tbody tr:nth-child(even) td { background: #fbfcfd; }
tbody tr:last-child td { border-bottom: none; }
td.num, th.num { text-align: right; }
td.num { white-space: nowrap; }
td.mid, th.mid { text-align: center; }
table.facts { width: auto; }
table.facts td:first-child { color: var(--muted); white-space: nowrap; }
code { font: 12.5px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: var(--soft); padding: 1px 4px; border-radius: 4px; word-break: break-all; }
.tone-better { color: var(--good); background: var(--good-bg) !important; font-weight: 600; }
.tone-worse { color: var(--bad); background: var(--bad-bg) !important; font-weight: 600; }
.tone-muted { color: var(--muted); }
.note { display: block; font-size: 11.5px; color: var(--muted); font-weight: normal; }
td.nowrap, th.nowrap { white-space: nowrap; }
.badge { display: inline-block; padding: 2px 8px; border-radius: 10px; font-size: 12px; font-weight: 700; letter-spacing: 0.02em; white-space: nowrap; }
.tone-held .badge { color: var(--good); background: var(--good-bg); border: 1px solid #4ac26b; }
.tone-failed .badge { color: var(--bad); background: var(--bad-bg); border: 1px solid #ff8182; }
figure { margin: 20px 0 28px; padding: 14px; border: 1px solid var(--line); border-radius: 6px; overflow-x: auto; background: #ffffff; }
figcaption { font-size: 13px; color: var(--muted); margin-top: 6px; }
figcaption a { color: var(--accent); }
.chart { min-height: 120px; }
.chart[data-error] { color: var(--bad); background: var(--bad-bg); padding: 12px; border-radius: 4px; }
footer { margin-top: 40px; padding-top: 12px; border-top: 1px solid var(--line); color: var(--muted); font-size: 13px; }
@media print { figure { break-inside: avoid; } main { max-width: none; } }
`;
