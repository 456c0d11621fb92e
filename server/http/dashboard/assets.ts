// The dashboard's static files: its icon, its stylesheet and the script that shows every <time> in
// the viewer's time zone (served from here so the CSP needs no inline style or script).
export const DASHBOARD_CSS = `
:root {
  --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --bg: #ffffff; --soft: #f6f8fa;
  --green: #1a7f37; --green-bg: #dafbe1; --red: #cf222e; --red-bg: #ffebe9;
  --amber: #9a6700; --amber-bg: #fff8c5; --blue: #0969da; --blue-bg: #ddf4ff;
  --grey: #59636e; --grey-bg: #eff2f5; --purple: #8250df; --purple-bg: #fbefff;
}
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.5 -apple-system, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif; color: var(--fg); background: var(--bg); }
a { color: var(--blue); text-decoration: none; }
a:hover { text-decoration: underline; }
code, .mono { font-family: ui-monospace, SFMono-Regular, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 12.5px; }
header.top { display: flex; align-items: center; gap: 24px; padding: 10px 24px; background: #24292f; color: #fff; }
header.top .brand { font-weight: 700; font-size: 16px; color: #fff; }
header.top nav { display: flex; gap: 16px; flex: 1; }
header.top nav a { color: #e6edf3; }
header.top form { margin: 0; }
header.top button { background: transparent; color: #e6edf3; border: 1px solid #57606a; border-radius: 6px; padding: 3px 10px; cursor: pointer; font: inherit; }
main { max-width: 1180px; margin: 0 auto; padding: 20px 24px 48px; }
h1 { font-size: 22px; margin: 8px 0 4px; display: flex; align-items: center; gap: 12px; flex-wrap: wrap; }
h2 { font-size: 16px; margin: 28px 0 10px; padding-bottom: 6px; border-bottom: 1px solid var(--line); }
.sub { color: var(--muted); margin: 0 0 12px; }
.badge { display: inline-block; padding: 1px 10px; border-radius: 999px; font-size: 12px; font-weight: 600; border: 1px solid transparent; white-space: nowrap; }
.status-pending { color: var(--amber); background: var(--amber-bg); border-color: #d4a72c66; }
.status-approved { color: var(--green); background: var(--green-bg); border-color: #4ac26b66; }
.status-false_positive { color: var(--blue); background: var(--blue-bg); border-color: #54aeff66; }
.status-rejected { color: var(--red); background: var(--red-bg); border-color: #ff818266; }
.status-expired { color: var(--purple); background: var(--purple-bg); border-color: #c297ff66; }
.status-cancelled { color: var(--grey); background: var(--grey-bg); border-color: #afb8c166; }
.sev-critical { color: #fff; background: #a40e26; }
.sev-high { color: var(--red); background: var(--red-bg); }
.sev-medium { color: var(--amber); background: var(--amber-bg); }
.sev-low { color: var(--grey); background: var(--grey-bg); }
table { border-collapse: collapse; width: 100%; border: 1px solid var(--line); border-radius: 6px; }
th, td { text-align: left; padding: 7px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: var(--soft); font-weight: 600; font-size: 12px; color: var(--muted); text-transform: uppercase; letter-spacing: .03em; }
tr:last-child td { border-bottom: 0; }
td.num { text-align: right; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 18px; margin: 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; }
.panel { border: 1px solid var(--line); border-radius: 6px; padding: 12px 16px; background: var(--soft); }
.panel.decision { border: 1px solid var(--line); border-left: 4px solid var(--grey); background: var(--soft); color: var(--fg); }
.decision.status-approved { border-left-color: var(--green); }
.decision.status-false_positive { border-left-color: var(--blue); }
.decision.status-rejected { border-left-color: var(--red); }
.decision.status-pending { border-left-color: #d4a72c; }
.decision.status-expired { border-left-color: var(--purple); }
.decision .reason { font-size: 15px; margin: 4px 0 0; }
.chain { padding: 8px 12px; border-radius: 6px; font-weight: 600; margin-bottom: 10px; }
.chain.ok { color: var(--green); background: var(--green-bg); border: 1px solid #4ac26b66; }
.chain.broken { color: var(--red); background: var(--red-bg); border: 1px solid #ff818266; }
.preview { background: var(--soft); border: 1px solid var(--line); border-radius: 4px; padding: 0 5px; white-space: nowrap; }
.section-head { display: flex; justify-content: space-between; align-items: center; gap: 12px; flex-wrap: wrap; margin: 28px 0 10px; padding-bottom: 6px; border-bottom: 1px solid var(--line); }
.section-head h1, .section-head h2 { margin: 0; padding: 0; border: 0; }
.muted { color: var(--muted); }
.row { display: flex; gap: 12px; align-items: center; flex-wrap: wrap; }
.row.spread { justify-content: space-between; }
form.inline { display: inline; margin: 0; }
button, .button { font: inherit; padding: 4px 12px; border: 1px solid var(--line); border-radius: 6px; background: var(--soft); color: var(--fg); cursor: pointer; }
button.primary { background: #1f883d; border-color: #1a7f37; color: #fff; font-weight: 600; }
form.filters { display: flex; gap: 10px; align-items: end; flex-wrap: wrap; margin: 10px 0 16px; padding: 12px; background: var(--soft); border: 1px solid var(--line); border-radius: 6px; }
form.filters label { display: flex; flex-direction: column; gap: 2px; font-size: 12px; color: var(--muted); }
input, select { font: inherit; padding: 4px 8px; border: 1px solid var(--line); border-radius: 6px; background: #fff; color: var(--fg); }
.pager { display: flex; gap: 12px; align-items: center; margin-top: 12px; }
.signin { max-width: 380px; margin: 80px auto; }
.signin form { display: flex; flex-direction: column; gap: 10px; }
.error { color: var(--red); background: var(--red-bg); border: 1px solid #ff818266; padding: 8px 12px; border-radius: 6px; }
.notice { max-width: 640px; margin: 80px auto; }
.event-data { color: var(--muted); word-break: break-all; }
.exports { display: flex; gap: 8px; align-items: center; }
`;

export const LOCAL_TIME_JS = `// Shows each <time datetime> in the viewer's time zone; the server writes UTC.
(function () {
  var fmt = { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', timeZoneName: 'short' };
  var times = document.querySelectorAll('time[datetime]');
  for (var i = 0; i < times.length; i++) {
    var t = times[i];
    var d = new Date(t.getAttribute('datetime'));
    if (isNaN(d.getTime())) continue;
    t.title = t.textContent;
    t.textContent = d.toLocaleString(undefined, fmt);
    t.setAttribute('data-local', 'true');
  }
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  var zones = document.querySelectorAll('[data-viewer-zone]');
  for (var j = 0; j < zones.length; j++) zones[j].textContent = zone;
})();
`;

export const ICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#24292f"/><path d="M16 6l8 3v6c0 5-3.4 9.3-8 11-4.6-1.7-8-6-8-11V9z" fill="#1f883d"/><path d="M12 16l3 3 5-6" stroke="#fff" stroke-width="2.4" fill="none" stroke-linecap="round" stroke-linejoin="round"/></svg>`;
