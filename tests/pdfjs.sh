#!/bin/sh
# SPDX-License-Identifier: EUPL-1.2
# A letter and the board report read by pdf.js, the engine of Firefox's PDF
# viewer, through its structure API (tests/tools/pdfjs_check.mjs). pdf.js
# comes from the npm registry (.ci/install-deps puts it in
# /opt/ledenbrief-test/pdfjs; LEDENBRIEF_PDFJS_DIR elsewhere); without node
# or pdf.js the test is skipped (exit 77) and says why.
# Usage: pdfjs.sh LEDENBRIEF INPUT_DIR
set -u
bin=$1; in=$2
here=$(cd "$(dirname "$0")" && pwd)
dir=${LEDENBRIEF_PDFJS_DIR:-/opt/ledenbrief-test/pdfjs}
command -v node >/dev/null 2>&1 || { echo "SKIP: node is not installed"; exit 77; }
[ -f "$dir/node_modules/pdfjs-dist/legacy/build/pdf.mjs" ] \
  || { echo "SKIP: pdf.js not found in $dir (sh .ci/install-deps installs it)"; exit 77; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
"$bin" -q -i "$in" -o "$work/out" || { echo "FAIL: run"; exit 1; }
node "$here/tools/pdfjs_check.mjs" "$dir" "$work/out/brieven/GM0014-groningen.pdf" "$work/out/advies-bestuur.pdf"
