/** The panel's only styles, scoped under `.chatsync-devtools` (rendered with it, no stylesheet to import). */
export const styles = `
.chatsync-devtools{--csd-bg:#0f172a;--csd-bg2:#1e293b;--csd-line:#334155;--csd-text:#e2e8f0;--csd-muted:#94a3b8;--csd-ok:#22c55e;--csd-warn:#f59e0b;--csd-bad:#ef4444;--csd-info:#38bdf8;font:12px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;color:var(--csd-text);text-align:left}
.chatsync-devtools *{box-sizing:border-box}
.chatsync-devtools button{font:inherit;color:inherit;cursor:pointer}
.csd-toggle{display:inline-flex;align-items:center;gap:6px;padding:4px 10px;border:1px solid var(--csd-line);border-radius:999px;background:var(--csd-bg);box-shadow:0 2px 8px rgba(0,0,0,.25)}
.csd-toggle[data-position]:not([data-position=relative]){position:fixed;z-index:99999}
.csd-toggle[data-position=relative]{margin-top:8px}
.csd-toggle[data-position=bottom-right]{right:12px;bottom:12px}.csd-toggle[data-position=bottom-left]{left:12px;bottom:12px}
.csd-toggle[data-position=top-right]{right:12px;top:12px}.csd-toggle[data-position=top-left]{left:12px;top:12px}
.csd-dot{width:8px;height:8px;border-radius:50%;background:var(--csd-muted)}
.csd-dot[data-status=ready]{background:var(--csd-ok)}.csd-dot[data-status=syncing],.csd-dot[data-status=signing]{background:var(--csd-warn)}
.csd-dot[data-status=error],.csd-dot[data-status=rejected]{background:var(--csd-bad)}
.csd-count{padding:0 6px;border-radius:999px;background:var(--csd-bad);color:#fff}
.chatsync-devtools-panel{background:var(--csd-bg);border:1px solid var(--csd-line);display:flex;flex-direction:column;min-height:0}
.chatsync-devtools-panel[data-position=fixed]{position:fixed;left:0;right:0;bottom:0;height:45vh;z-index:99998;border-width:1px 0 0}
.chatsync-devtools-panel[data-position=inline]{margin-top:8px;border-radius:8px;max-height:480px}
.csd-head{display:flex;align-items:center;gap:8px;padding:6px 10px;border-bottom:1px solid var(--csd-line)}
.csd-head strong{font-size:13px;white-space:nowrap}.csd-head .csd-close{margin-left:auto;background:none;border:0;font-size:16px;line-height:1}
.csd-head .csd-account{min-width:0;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.csd-tabs{display:flex;gap:2px;padding:4px 6px 0;border-bottom:1px solid var(--csd-line)}
.csd-tab{background:none;border:0;border-bottom:2px solid transparent;padding:4px 8px;color:var(--csd-muted)}
.csd-tab[aria-selected=true]{color:var(--csd-text);border-bottom-color:var(--csd-info)}
.csd-body{overflow:auto;padding:8px 10px;flex:1;min-height:0}
.csd-grid{display:grid;grid-template-columns:max-content 1fr;gap:4px 14px;margin:0}
.csd-grid dt{color:var(--csd-muted)}.csd-grid dd{margin:0;overflow-wrap:anywhere}
.csd-pill{display:inline-block;padding:0 6px;border-radius:4px;background:var(--csd-bg2);border:1px solid var(--csd-line)}
.csd-pill[data-tone=ok]{color:var(--csd-ok);border-color:var(--csd-ok)}.csd-pill[data-tone=warn]{color:var(--csd-warn);border-color:var(--csd-warn)}
.csd-pill[data-tone=bad]{color:var(--csd-bad);border-color:var(--csd-bad)}.csd-pill[data-tone=info]{color:var(--csd-info);border-color:var(--csd-info)}
.csd-muted{color:var(--csd-muted)}
.csd-store{margin:0 0 10px}.csd-store h3{font-size:12px;margin:4px 0;font-weight:600}
.csd-table{width:100%;border-collapse:collapse;table-layout:fixed}
.csd-entries th:nth-child(2){width:18ch}.csd-entries th:nth-child(3){width:11ch}.csd-entries th:nth-child(1){width:26%}
.csd-outbox th:nth-child(3){width:18ch}.csd-outbox th:nth-child(4){width:14ch}.csd-outbox th:nth-child(5){width:12ch}
.csd-table th{text-align:left;color:var(--csd-muted);font-weight:400;border-bottom:1px solid var(--csd-line);padding:2px 6px}
.csd-table td{border-bottom:1px solid var(--csd-bg2);padding:2px 6px;vertical-align:top;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.csd-table tr[data-deleted=true] td{color:var(--csd-muted)}.csd-table tr[data-deleted=true] .csd-key{text-decoration:line-through}
.csd-fold{display:block;width:100%;padding:0;border:0;background:none;text-align:left;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.csd-fold::before{content:'▸ ';color:var(--csd-muted)}.csd-fold[aria-expanded=true]::before{content:'▾ '}
.csd-detail td{white-space:normal}.csd-detail pre{margin:2px 0 6px;white-space:pre-wrap;overflow-wrap:anywhere}
.csd-error{border-left:3px solid var(--csd-bad);padding:2px 8px;margin:0 0 8px}
.csd-error p{margin:0}
`
