#!/usr/bin/env bash
# Refresh the bundled front-end libraries from npm (pinned versions; minified dists and licences only).
# Usage: api/static/vendor/refresh.sh   (needs node and npm; writes next to this script)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
packages=("@zazuko/yasqe@4.6.2" "vega@6.4.0" "vega-lite@6.4.3" "vega-embed@7.3.0" "vega-interpreter@2.3.2" "axe-core@4.14.1")
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
(cd "$scratch" && npm init -y >/dev/null && npm install --silent --no-audit --no-fund "${packages[@]}")
m="$scratch/node_modules"
copy() {  # copy DIR FILE...: into $here/DIR (emptied first)
    local dir="$here/$1"; shift
    rm -rf "$dir" && mkdir -p "$dir" && cp "$@" "$dir/"
}
copy yasqe-4.6.2 "$m/@zazuko/yasqe/build/yasqe.min.js" "$m/@zazuko/yasqe/build/yasqe.min.css"
# @zazuko/yasqe ships no LICENSE file; its package.json says MIT (Triply, Zazuko): ours is kept beside it.
cp "$here/licences/yasqe-LICENSE" "$here/yasqe-4.6.2/LICENSE"
copy vega-6.4.0 "$m/vega/build/vega.min.js" "$m/vega/LICENSE"
copy vega-lite-6.4.3 "$m/vega-lite/build/vega-lite.min.js" "$m/vega-lite/LICENSE"
copy vega-embed-7.3.0 "$m/vega-embed/build/vega-embed.min.js" "$m/vega-embed/LICENSE"
# vega-interpreter evaluates chart expressions without eval (the Content-Security-Policy allows none).
# Its build is an ES module importing vega-util, which the vega bundle carries: wrapped here as a
# classic script that takes them from window.vega and adds vega.expressionInterpreter.
copy vega-interpreter-2.3.2 "$m/vega-interpreter/LICENSE"
{
    echo "// vega-interpreter 2.3.2 (npm), its ES module wrapped by refresh.sh as a classic script:"
    echo "// vega-util's functions from the vega bundle, the interpreter as vega.expressionInterpreter."
    echo "(function (vega) {"
    sed -e "s/^import { \(.*\) } from 'vega-util';\$/const { \1 } = vega;/" \
        -e "s/^export { expression as expressionInterpreter };\$/vega.expressionInterpreter = expression;/" \
        -e "/sourceMappingURL/d" "$m/vega-interpreter/build/vega-interpreter.js"
    echo "})(window.vega);"
} > "$here/vega-interpreter-2.3.2/vega-interpreter.js"
# axe-core is for the browser tests only (injected into each page); it is not served.
mkdir -p "$here/../../../tests/api/vendor/axe-core-4.14.1"
cp "$m/axe-core/axe.min.js" "$m/axe-core/LICENSE" "$here/../../../tests/api/vendor/axe-core-4.14.1/"
echo "vendor files refreshed in $here"
