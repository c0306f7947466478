// SPDX-License-Identifier: EUPL-1.2
// Reads a letter and the board report with pdf.js (the engine of Firefox's
// viewer), the way a viewer that uses structure does: the document title
// and language, the PDF/A claim, the structure tree of every page
// (getStructTree) and the link annotations. Prints one FAIL line per
// problem and exits 1 on any; prints a summary otherwise.
// Usage: node pdfjs_check.mjs PDFJS_DIR LETTER.pdf REPORT.pdf
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
const [dir, letter, report] = process.argv.slice(2);
const { getDocument } = await import(pathToFileURL(`${dir}/node_modules/pdfjs-dist/legacy/build/pdf.mjs`).href);
const fails = [];
const fail = (msg) => fails.push(msg);

function roles(node, out) {
  if (!node || node.type === "content" || node.type === "annotation") return out;
  if (node.role) out.push(node.role);
  for (const k of node.children || []) roles(k, out);
  return out;
}

async function read(path) {
  const doc = await getDocument({ data: new Uint8Array(readFileSync(path)), verbosity: 0 }).promise;
  const meta = await doc.getMetadata();
  const pages = [];
  for (let p = 1; p <= doc.numPages; p++) {
    const page = await doc.getPage(p);
    pages.push({ roles: roles(await page.getStructTree(), []), links: await page.getAnnotations() });
  }
  return { meta, pages };
}

const l = await read(letter);
if (!l.meta.info.Title) fail(`${letter}: no title`);
if (l.meta.info.Language !== "nl-NL") fail(`${letter}: language ${l.meta.info.Language}`);
if (l.meta.metadata?.get("pdfaid:part") !== "2") fail(`${letter}: no PDF/A-2 claim in the metadata`);
const first = l.pages[0].roles;
const heading = first.find((x) => /^H[1-6]$/.test(x));
if (first[1] !== "Document" || heading !== "H1") fail(`${letter}: page 1 is not Document with H1 first: ${first.slice(0, 6)}`);
const all = l.pages.flatMap((p) => p.roles);
for (const r of ["P", "Table", "TH", "TD", "L", "LI", "Lbl", "LBody", "Link"])
  if (!all.includes(r)) fail(`${letter}: no ${r} in the structure`);
const mail = l.pages.flatMap((p) => p.links).filter((a) => a.subtype === "Link" && a.url === "mailto:info@vng.nl");
if (mail.length !== 1 || !(mail[0].contentsObj?.str || "").includes("info@vng.nl"))
  fail(`${letter}: the mail link is missing or has no description`);

const r = await read(report);
const toc = r.pages[1];
if (!toc.roles.includes("TOC") || !toc.roles.includes("TOCI")) fail(`${report}: page 2 has no TOC/TOCI`);
const dests = toc.links.filter((a) => a.subtype === "Link" && Array.isArray(a.dest));
if (dests.length < 10) fail(`${report}: ${dests.length} contents entries link to their pages`);
if (!r.pages.some((p) => p.roles.includes("Figure"))) fail(`${report}: no Figure`);

for (const f of fails) console.log(`FAIL ${f}`);
if (fails.length) process.exit(1);
const version = JSON.parse(readFileSync(`${dir}/node_modules/pdfjs-dist/package.json`, "utf8")).version;
console.log(`pdf.js ${version}: ` +
  `letter ${l.pages.length} pages, ${all.length} structure elements, mail link; report contents with ${dests.length} links`);
