// auditor serve: the editors' page. Every piece of the audited text goes into the page as a
// text node (createTextNode / textContent), never as HTML: a draft may contain markup and script.
"use strict";

const API = "/api/v1";
const SEVERITIES = ["error", "warning", "info"];
const state = {
  original: "",        // the text as first checked (or opened): exports diff against it
  text: "",            // the text now, after accepted corrections
  filename: "draft.txt",
  findings: [],        // the server's finding records
  readability: null,
  ignored: new Set(),  // keys of findings ignored for this session
  shownSeverities: new Set(SEVERITIES),
  hiddenFamilies: new Set(),
  currentKey: null,    // the selected finding's key
  pendingFix: null,    // the answer of "Accept all safe fixes" until applied or cancelled
  busy: false,
};

const $ = (id) => document.getElementById(id);
const csrfToken = () => document.querySelector('meta[name="csrf-token"]').content;

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === "className") node.className = value;
    else if (name === "dataset") Object.assign(node.dataset, value);
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value);
  }
  for (const child of children) {
    if (child === null || child === undefined) continue;
    node.append(typeof child === "string" ? document.createTextNode(child) : child);
  }
  return node;
}

function setStatus(message, kind = "") {
  const status = $("status");
  status.textContent = message;
  status.className = "status " + kind;
}

async function call(path, body, { raw = false, headers = {} } = {}) {
  const response = await fetch(API + path, {
    method: "POST",
    headers: raw ? headers : { "Content-Type": "application/json", ...headers },
    body: raw ? body : JSON.stringify(body),
    credentials: "same-origin",
  });
  if (!response.ok) {
    let message = `${response.status} ${response.statusText}`;
    try { message = (await response.json()).error || message; } catch (error) { /* not JSON */ }
    throw new Error(message);
  }
  return response;
}

async function work(label, action) {
  if (state.busy) return;
  state.busy = true;
  document.body.classList.add("busy");
  setStatus(label + "…");
  try {
    await action();
  } catch (error) {
    setStatus(error.message, "error");
  } finally {
    state.busy = false;
    document.body.classList.remove("busy");
  }
}

// ------------------------------------------------------------------ checking

function visible(finding) {
  return !state.ignored.has(finding.key) && state.shownSeverities.has(finding.severity) && !state.hiddenFamilies.has(finding.family || "general");
}

function visibleFindings() {
  return state.findings.filter(visible);
}

function showCheck(check, text) {
  state.text = text;
  state.findings = check.findings;
  state.readability = check.readability;
  const keys = new Set(check.findings.map((finding) => finding.key));
  if (!keys.has(state.currentKey)) state.currentKey = null;
  $("draft").hidden = true;
  $("text").hidden = false;
  $("edit-button").hidden = false;
  $("check-button").hidden = true;
  $("fix-all-button").disabled = !check.findings.some((finding) => finding.safe);
  for (const button of document.querySelectorAll("[data-export]")) button.disabled = false;
  renderAll();
  const count = check.findings.length;
  setStatus(`${count} finding${count === 1 ? "" : "s"} · checked in ${check.server_ms} ms`);
}

async function checkDraft() {
  const text = $("draft").value;
  if (!text.trim()) {
    setStatus("Paste or open a text first.", "error");
    return;
  }
  await work("Checking", async () => {
    const check = await (await call("/check", { text, filename: state.filename })).json();
    if ($("draft").dataset.fresh === "yes") {  // a new text (pasted into an empty box, or opened): diffs start here
      state.original = text;
      state.ignored.clear();
    }
    $("draft").dataset.fresh = "no";
    showCheck(check, text);
    $("text").focus({ preventScroll: true });
  });
}

async function recheck() {
  const check = await (await call("/check", { text: state.text, filename: state.filename })).json();
  showCheck(check, state.text);
}

function editText() {
  $("draft").value = state.text;
  $("draft").hidden = false;
  $("text").hidden = true;
  $("edit-button").hidden = true;
  $("check-button").hidden = false;
  $("detail").hidden = true;
  $("draft").focus();
}

// ------------------------------------------------------------------ the text with its findings

function boundaries(items, length) {
  const points = new Set([0, length]);
  for (const item of items) {
    points.add(Math.min(item.start, length));
    points.add(Math.min(item.end, length));
  }
  return [...points].sort((a, b) => a - b);
}

function renderText() {
  const container = $("text");
  const text = state.text;
  const findings = visibleFindings();
  // Readability findings span sentences or paragraphs: the hard-sentence shading shows those.
  const marked = findings.filter((finding) => finding.family !== "readability");
  const sentences = $("show-hard") && !$("show-hard").checked ? [] : (state.readability ? state.readability.hard_sentences : []);
  const ranges = [
    ...marked.map((finding) => ({ start: finding.utf16.start, end: finding.utf16.end, finding })),
    ...sentences.map((sentence) => ({ start: sentence.utf16.start, end: sentence.utf16.end, sentence })),
  ];
  const paragraphs = state.readability ? state.readability.paragraphs : [];
  const fragment = document.createDocumentFragment();
  const points = boundaries([...ranges, ...paragraphs.map((p) => p.utf16)], text.length);
  const inserts = marked.filter((finding) => finding.utf16.start === finding.utf16.end);
  for (let index = 0; index < points.length; index++) {
    const start = points[index];
    for (const finding of inserts.filter((f) => f.utf16.start === start)) {
      fragment.append(element("span", { className: `insert sev-${finding.severity}`, dataset: { ids: String(finding.id), primary: String(finding.id) }, title: finding.message }, "‸"));
    }
    const paragraph = paragraphs.findIndex((p) => p.utf16.start === start);
    if (paragraph >= 0) fragment.append(element("span", { className: "anchor", id: `paragraph-${paragraph + 1}` }));
    if (index + 1 === points.length) break;
    const end = points[index + 1];
    const piece = text.slice(start, end);
    const covering = ranges.filter((range) => range.start <= start && range.end >= end && range.end > range.start);
    if (covering.length === 0) {
      fragment.append(document.createTextNode(piece));
      continue;
    }
    const classes = [];
    const ids = [];
    let primary = null;
    let worst = -1;
    for (const range of covering) {
      if (range.sentence) {
        classes.push(range.sentence.level);
        continue;
      }
      const finding = range.finding;
      ids.push(finding.id);
      worst = Math.max(worst, 2 - SEVERITIES.indexOf(finding.severity));
      if (primary === null || finding.end - finding.start < primary.end - primary.start) primary = finding;
    }
    if (primary !== null) classes.push("finding", "sev-" + SEVERITIES[2 - worst]);
    const attributes = { className: classes.join(" ") };
    if (primary !== null) {
      attributes.dataset = { ids: ids.join(" "), primary: String(primary.id) };
      attributes.title = primary.message;
    }
    fragment.append(element("span", attributes, piece));
  }
  container.replaceChildren(fragment);
  markCurrent();
}

function markCurrent() {
  for (const node of document.querySelectorAll(".current")) node.classList.remove("current");
  const finding = currentFinding();
  if (!finding) return;
  for (const node of $("text").querySelectorAll(`[data-ids~="${finding.id}"]`)) node.classList.add("current");
  const item = $("findings").querySelector(`[data-id="${finding.id}"]`);
  if (item) item.classList.add("current");
}

// ------------------------------------------------------------------ the side list and filters

function renderFilters() {
  const counts = Object.fromEntries(SEVERITIES.map((severity) => [severity, 0]));
  for (const finding of state.findings) if (!state.ignored.has(finding.key)) counts[finding.severity]++;
  const filters = $("severity-filters");
  filters.replaceChildren(...SEVERITIES.map((severity) => {
    const box = element("input", { type: "checkbox", "data-severity": severity, onchange: (event) => {
      if (event.target.checked) state.shownSeverities.add(severity); else state.shownSeverities.delete(severity);
      renderAll();
    } });
    box.checked = state.shownSeverities.has(severity);
    return element("label", { className: `filter sev-${severity}` }, box, ` ${severity} `, element("span", { className: "count" }, String(counts[severity])));
  }));
}

function renderList() {
  const groups = new Map();
  for (const finding of state.findings) {
    if (state.ignored.has(finding.key)) continue;
    const family = finding.family || "general";
    if (!groups.has(family)) groups.set(family, []);
    groups.get(family).push(finding);
  }
  const list = $("findings");
  const shown = visibleFindings().length;
  $("total").textContent = `${shown} shown of ${state.findings.length}` + (state.ignored.size ? ` · ${state.ignored.size} ignored` : "");
  if (groups.size === 0) {
    list.replaceChildren(element("p", { className: "empty" }, state.findings.length ? "Every finding is ignored." : "No findings."));
    return;
  }
  const sections = [];
  for (const family of [...groups.keys()].sort()) {
    const members = groups.get(family);
    const box = element("input", { type: "checkbox", "data-family": family, onchange: (event) => {
      if (event.target.checked) state.hiddenFamilies.delete(family); else state.hiddenFamilies.add(family);
      renderAll();
    } });
    box.checked = !state.hiddenFamilies.has(family);
    const items = members.filter(visible).map((finding) => element("li", {
      className: `item sev-${finding.severity}`, dataset: { id: String(finding.id) }, tabindex: "-1",
      onclick: () => select(finding.key),
    }, element("span", { className: `badge sev-${finding.severity}` }, finding.severity), " ",
       element("code", {}, finding.rule), " ",
       element("span", { className: "evidence" }, shorten(finding.text, 40)), " ",
       element("span", { className: "message" }, finding.message)));
    sections.push(element("div", { className: "family" },
      element("h3", {}, element("label", {}, box, ` ${family} `), element("span", { className: "count" }, String(members.length))),
      element("ul", {}, ...items)));
  }
  list.replaceChildren(...sections);
}

function shorten(text, limit) {
  const flat = text.replace(/\s+/g, " ");
  return flat.length > limit ? flat.slice(0, limit - 1) + "…" : flat;
}

// ------------------------------------------------------------------ the selected finding

function currentFinding() {
  return state.findings.find((finding) => finding.key === state.currentKey && visible(finding)) || null;
}

function select(key, { scroll = true } = {}) {
  state.currentKey = key;
  renderDetail();
  markCurrent();
  const finding = currentFinding();
  if (finding && scroll) {
    const node = $("text").querySelector(`[data-ids~="${finding.id}"]`);
    if (node) node.scrollIntoView({ block: "center", behavior: "auto" });
  }
}

function move(step) {
  const findings = visibleFindings();
  if (findings.length === 0) return;
  const index = findings.findIndex((finding) => finding.key === state.currentKey);
  const next = index < 0 ? (step > 0 ? 0 : findings.length - 1) : (index + step + findings.length) % findings.length;
  select(findings[next].key);
}

function renderDetail() {
  const detail = $("detail");
  const finding = currentFinding();
  if (!finding) {
    detail.hidden = true;
    detail.replaceChildren();
    return;
  }
  const corrections = finding.corrections.map((correction, index) => element("button", {
    type: "button", className: "correction" + (correction.applicability === "safe" ? " safe" : ""),
    title: `${correction.applicability} correction (key ${index + 1})`, onclick: () => accept(finding, correction),
  }, correction.label));
  const also = finding.also ? element("p", { className: "note" }, "Also reported by " + finding.also.join(", ")) : null;
  detail.replaceChildren(
    element("div", { className: "head" }, element("span", { className: `badge sev-${finding.severity}` }, finding.severity), " ",
      element("code", {}, finding.rule), " ", element("span", { className: "name" }, finding.name),
      element("span", { className: "where" }, ` line ${finding.line}:${finding.column}`)),
    element("p", { className: "message" }, finding.message),
    element("p", { className: "context" }, shorten(finding.before, 60), element("mark", { className: `sev-${finding.severity}` }, finding.text || "‸"), shorten(finding.after, 60)),
    also,
    corrections.length ? element("div", { className: "corrections" }, element("span", { className: "note" }, "Corrections: "), ...corrections) : element("p", { className: "note" }, "No correction proposed."),
    element("div", { className: "actions" },
      element("button", { type: "button", id: "accept-button", className: "primary", onclick: () => accept(finding, finding.corrections[0]) }, "Accept"),
      element("button", { type: "button", id: "ignore-button", onclick: () => ignore(finding) }, "Ignore"),
      finding.vocabulary ? element("button", { type: "button", id: "correct-button", onclick: () => markCorrect(finding.text, finding.vocabulary) }, `Mark “${shorten(finding.text, 30)}” as correct`) : null),
  );
  $("accept-button").disabled = corrections.length === 0;
  detail.hidden = false;
}

async function accept(finding, correction) {
  if (!correction) return;
  await work("Applying", async () => {
    const answer = await (await call("/fix", { text: state.text, filename: state.filename, edits: correction.edits })).json();
    const position = finding.utf16.start;
    showCheck(answer.check, answer.text);
    const next = visibleFindings().find((other) => other.utf16.start >= position);
    select(next ? next.key : null, { scroll: false });
    setStatus(`Applied “${correction.label}” · ${answer.check.findings.length} findings left`);
  });
}

function ignore(finding) {
  const findings = visibleFindings();
  const index = findings.findIndex((other) => other.key === finding.key);
  state.ignored.add(finding.key);
  const rest = visibleFindings();
  const next = rest[Math.min(index, rest.length - 1)];
  state.currentKey = next ? next.key : null;
  renderAll();
  setStatus(`Ignored ${finding.rule} on “${shorten(finding.text, 30)}” for this session`);
}

async function markCorrect(entry, kind) {
  await work("Saving", async () => {
    const answer = await (await call("/vocabulary", { entry, kind }, { headers: { "X-CSRF-Token": csrfToken() } })).json();
    const message = answer.added ? `Added “${entry}” to ${answer.key} in ${answer.config}` : `“${entry}” is already in ${answer.key}`;
    $("vocabulary-status").textContent = message;
    if (state.text) await recheck();
    setStatus(message);
  });
}

// ------------------------------------------------------------------ readability

function renderReadability() {
  const panel = $("readability");
  const measured = state.readability;
  if (!measured) {
    panel.replaceChildren(element("p", { className: "empty" }, "No readability figures."));
    return;
  }
  const target = measured.targets && measured.targets.max_grade;
  const gradeClass = (grade) => (target && grade > target ? "hard" : target && grade <= target - 4 ? "easy" : "mid");
  const hard = measured.hard_sentences.filter((sentence) => sentence.level === "hard").length;
  const veryHard = measured.hard_sentences.length - hard;
  const toggle = element("input", { type: "checkbox", id: "show-hard", onchange: renderText });
  toggle.checked = true;
  const previous = $("show-hard");
  if (previous) toggle.checked = previous.checked;
  const paragraphs = measured.paragraphs.map((paragraph, index) => element("li", {},
    element("a", { href: `#paragraph-${index + 1}` }, `¶${index + 1}`), " ",
    element("span", { className: "grade " + gradeClass(paragraph.grade) }, paragraph.grade.toFixed(1)),
    ` · ${paragraph.words} words`));
  panel.replaceChildren(
    element("div", { className: "cards" },
      element("div", { className: "card" }, element("b", { id: "grade", className: "grade " + gradeClass(measured.grade) }, measured.grade.toFixed(1)), element("span", {}, "grade" + (target ? ` (target ${target})` : ""))),
      element("div", { className: "card" }, element("b", { id: "reading-ease" }, measured.flesch_reading_ease.toFixed(1)), element("span", {}, "reading ease")),
      element("div", { className: "card" }, element("b", {}, String(measured.words)), element("span", {}, `words, ${measured.sentences} sentences`))),
    element("p", {}, element("label", {}, toggle, " highlight "),
      element("span", { className: "hard legend" }, `${hard} hard`), " and ",
      element("span", { className: "very-hard legend" }, `${veryHard} very hard`),
      ` sentences (over ${measured.hard_sentence_words} and ${measured.very_hard_sentence_words} words)`),
    element("details", {}, element("summary", {}, `Paragraph grades (${measured.paragraphs.length})`), element("ol", { className: "paragraphs" }, ...paragraphs)),
  );
}

function renderAll() {
  if (state.currentKey !== null && !currentFinding()) state.currentKey = null;
  renderFilters();
  renderList();
  renderReadability();
  renderText();
  renderDetail();
}

// ------------------------------------------------------------------ fix all, exports, files, vocabulary form

async function fixAll() {
  await work("Fixing", async () => {
    const answer = await (await call("/fix", { text: state.text, filename: state.filename })).json();
    if (!answer.diff) {
      setStatus("No safe fix changes the text.");
      return;
    }
    state.pendingFix = answer;
    const lines = answer.diff.split("\n").map((line) => element("span", {
      className: line.startsWith("+") && !line.startsWith("+++") ? "added" : line.startsWith("-") && !line.startsWith("---") ? "removed" : line.startsWith("@@") ? "hunk" : "",
    }, line + "\n"));
    $("diff").replaceChildren(...lines);
    const applied = Object.entries(answer.applied).map(([rule, count]) => `${rule} ×${count}`).join(", ");
    $("diff-summary").textContent = `Safe fixes: ${applied}. Nothing changes until you apply them.`;
    $("diff-dialog").showModal();
    setStatus("Review the diff");
  });
}

function applyPendingFix() {
  const answer = state.pendingFix;
  $("diff-dialog").close();
  state.pendingFix = null;
  if (!answer) return;
  showCheck(answer.check, answer.text);
  setStatus(`Applied the safe fixes · ${answer.check.findings.length} findings left`);
}

async function exportAs(format) {
  await work("Exporting", async () => {
    const response = await call("/export", { text: state.text, original: state.original, filename: state.filename, format });
    const disposition = response.headers.get("content-disposition") || "";
    const match = /filename\*=UTF-8''([^;]+)/.exec(disposition);
    const name = match ? decodeURIComponent(match[1]) : state.filename;
    const url = URL.createObjectURL(await response.blob());
    const link = element("a", { href: url, download: name });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
    setStatus(`Exported ${name}`);
  });
}

async function openFile(file) {
  let opened = false;
  await work("Opening", async () => {
    const answer = await (await call(`/decode?filename=${encodeURIComponent(file.name)}`, await file.arrayBuffer(), { raw: true, headers: { "Content-Type": "application/octet-stream" } })).json();
    state.filename = answer.filename;
    $("filename").textContent = answer.filename;
    $("draft").value = answer.text;
    $("draft").dataset.fresh = "yes";
    opened = true;
  });
  if (opened) await checkDraft();
}

function selectedWord() {
  const selection = window.getSelection();
  if (!selection || selection.isCollapsed || !$("text").contains(selection.anchorNode)) return "";
  return selection.toString().trim();
}

// ------------------------------------------------------------------ wiring

function typing(target, key) {
  // Enter on a focused button or link is that control's click, not "accept the first correction".
  const control = key === "Enter" && (target instanceof HTMLButtonElement || target instanceof HTMLAnchorElement);
  return control || target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement;
}

function onKey(event) {
  if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && event.target === $("draft")) {
    event.preventDefault();
    checkDraft();
    return;
  }
  if (typing(event.target, event.key) || event.ctrlKey || event.metaKey || event.altKey || $("text").hidden || $("diff-dialog").open) return;
  const finding = currentFinding();
  const key = event.key;
  if (key === "j" || key === "n" || key === "ArrowDown") move(1);
  else if (key === "k" || key === "p" || key === "ArrowUp") move(-1);
  else if (finding && (key === "a" || key === "Enter")) accept(finding, finding.corrections[0]);
  else if (finding && /^[1-9]$/.test(key)) accept(finding, finding.corrections[Number(key) - 1]);
  else if (finding && key === "i") ignore(finding);
  else if (finding && key === "c" && finding.vocabulary) markCorrect(finding.text, finding.vocabulary);
  else return;
  event.preventDefault();
}

document.addEventListener("DOMContentLoaded", () => {
  $("draft").dataset.fresh = "yes";
  $("draft").addEventListener("input", () => { if ($("draft").value === "") $("draft").dataset.fresh = "yes"; });
  $("check-button").addEventListener("click", checkDraft);
  $("edit-button").addEventListener("click", editText);
  $("fix-all-button").addEventListener("click", fixAll);
  $("diff-apply").addEventListener("click", applyPendingFix);
  $("diff-cancel").addEventListener("click", () => { state.pendingFix = null; $("diff-dialog").close(); setStatus("Safe fixes not applied"); });
  $("upload").addEventListener("change", (event) => { const [file] = event.target.files; if (file) openFile(file); event.target.value = ""; });
  for (const button of document.querySelectorAll("[data-export]")) button.addEventListener("click", () => exportAs(button.dataset.export));
  $("text").addEventListener("click", (event) => {
    const node = event.target.closest("[data-primary]");
    if (node) {
      const finding = state.findings.find((f) => String(f.id) === node.dataset.primary);
      if (finding) select(finding.key, { scroll: false });
    }
  });
  $("text").addEventListener("mouseup", () => {
    const word = selectedWord();
    if (word && word.length <= 100) {
      $("vocabulary-entry").value = word;
      $("vocabulary-kind").value = /^\p{Lu}/u.test(word) ? "name" : "word";
    }
  });
  $("vocabulary-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const entry = $("vocabulary-entry").value.trim();
    if (entry) markCorrect(entry, $("vocabulary-kind").value);
  });
  document.addEventListener("keydown", onKey);
});
