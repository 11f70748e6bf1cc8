"""The report page's stylesheet, inlined into the HTML (no external fonts or files)."""

CSS = """
:root { --ink: #1d1d1f; --muted: #5f6368; --line: #e0e0e0; --bg: #fafafa; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--ink);
       font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans CJK JP", sans-serif; }
main { max-width: 980px; margin: 0 auto; padding: 24px; }
header h1 { margin: 0 0 4px; font-size: 24px; }
h2 { margin: 32px 0 8px; padding-bottom: 4px; border-bottom: 2px solid var(--line); font-size: 19px; }
h3 { margin: 18px 0 6px; font-size: 15px; }
nav a { margin-right: 12px; color: #1a5fb4; text-decoration: none; }
.muted, .note { color: var(--muted); }
dl.counts { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 8px; margin: 12px 0; }
dl.counts div { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px; }
dl.counts dt { color: var(--muted); font-size: 12px; }
dl.counts dd { margin: 0; font-size: 18px; font-weight: 600; }
svg.chart { display: block; max-width: 100%; height: auto; background: #fff; border: 1px solid var(--line);
            border-radius: 6px; margin: 8px 0 16px; }
svg.chart rect.bar:hover, svg.chart circle.point:hover { opacity: .75; }
table { border-collapse: collapse; background: #fff; margin: 6px 0 12px; font-size: 13px; }
th, td { border: 1px solid var(--line); padding: 3px 8px; text-align: left; vertical-align: top; }
th { background: #f1f3f4; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.chip { display: inline-block; padding: 0 8px; margin: 0 4px 2px 0; border-radius: 10px; font-size: 12px;
        font-weight: 600; }
article.doc { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 10px 14px; margin: 12px 0; }
article.doc h3 { margin-top: 0; }
.spans { line-height: 2.5; white-space: pre-wrap; overflow-wrap: anywhere; }
.spans .tok { font-weight: bold; display: inline-block; position: relative; white-space: pre; }
.spans .span-line { position: absolute; left: -1px; width: calc(100% + 2px); height: 4px; }
.spans .span-label { position: absolute; z-index: 10; top: -0.5em; left: 0; padding: 2px 3px; border-radius: 3px;
                     font-size: 0.6em; font-weight: bold; line-height: 1; white-space: nowrap; }
footer { margin: 32px 0 8px; color: var(--muted); font-size: 12px; }
"""
