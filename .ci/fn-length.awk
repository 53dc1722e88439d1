# Every `fn` in the given Rust files whose length, from its `fn` line to the closing brace at
# the same indentation, is over LIMIT lines (default 80). Declarations without a body (trait
# methods ending in `;`) and one-line functions are skipped.
BEGIN { if (LIMIT == "") LIMIT = 80 }
FNR == 1 { open = 0 }
!open && /^[ \t]*(pub(\([a-z:]+\))? )?(const )?(unsafe )?fn [A-Za-z_0-9]+/ {
  ind = $0; sub(/[^ \t].*/, "", ind)
  name = $0; sub(/.*fn /, "", name); sub(/[^A-Za-z_0-9].*/, "", name)
  start = FNR; open = 1; body = 0
}
open && !body {
  if ($0 ~ /\{/) body = 1
  else if ($0 ~ /;[ \t]*$/) { open = 0; next }
}
open && body {
  if (FNR == start && $0 ~ /\}[ \t]*$/) { open = 0; next }   # fn f() { x }
  if (substr($0, 1, length(ind) + 1) == ind "}") {
    len = FNR - start + 1
    if (len > LIMIT) printf "%s:%d: fn %s is %d lines\n", FILENAME, start, name, len
    open = 0
  }
}
