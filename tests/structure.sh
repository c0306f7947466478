#!/bin/sh
# SPDX-License-Identifier: EUPL-1.2
# The tree keeps its shape (see the README's "Architecture"):
# - only src/pdf includes libharu's headers;
# - no source file over 600 lines, no function over 80 lines;
# - each folder includes only the folders listed before it (README, Architecture);
# - public headers (include/ledenbrief) include no private one.
# Usage: structure.sh SOURCE_DIR
set -eu
root=$1
fail=0
bad=$(grep -rlE '#include *[<"]hpdf' "$root/src" "$root/include" | grep -v "^$root/src/pdf/" || true)
if [ -n "$bad" ]; then echo "FAIL: libharu included outside src/pdf: $bad"; fail=1; fi
for f in $(find "$root/src" "$root/include" -name '*.[ch]' | sort); do
  n=$(wc -l <"$f")
  if [ "$n" -gt 600 ]; then echo "FAIL: $f has $n lines (limit 600)"; fail=1; fi
  # a function starts at a line in column 0 that opens a body and is not a
  # type or data definition; it ends at the first "}" in column 0
  long=$(awk '
    /^[A-Za-z_]/ && !/^(typedef|struct|enum|union|extern|#)/ && !/[=;]/ { sig=$0; sig_line=NR }
    /\{ *$/ && sig_line && !start { start=sig_line; name=sig; sig_line=0; next }
    /^\}/ && start { if (NR - start - 1 > 80) printf "%s:%d: %d lines: %s\n", FILENAME, start, NR - start - 1, name; start=0 }
  ' "$f")
  if [ -n "$long" ]; then echo "FAIL: function over 80 lines"; echo "$long"; fail=1; fi
done
# each folder includes only the folders before it in the README's table
while read -r dir allowed; do
  for f in "$root/src/$dir"/*.[ch]; do
    for inc in $(grep -ho '#include "[a-z]*/' "$f" | sed 's/#include "//; s|/||' | sort -u); do
      case " $allowed $dir ledenbrief " in
        *" $inc "*) ;;
        *) echo "FAIL: $f includes $inc/ (src/$dir may use: $allowed)"; fail=1 ;;
      esac
    done
  done
done <<'LAYERS'
base
model base
ingest base model
aggregate base model
pdf base
typeset base pdf
docs base model aggregate typeset
batch base model ingest aggregate pdf typeset docs
cli base batch docs
LAYERS
bad=$(grep -lE '#include "(base|pdf|typeset|docs|batch|cli|ingest)/' "$root"/include/ledenbrief/*.h || true)
if [ -n "$bad" ]; then echo "FAIL: public header includes a private one: $bad"; fail=1; fi
[ $fail = 0 ] && echo "structure: libharu only in src/pdf; layers as in the README; files <= 600 lines; functions <= 80 lines"
exit $fail
