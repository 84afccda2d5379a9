#!/usr/bin/env bash
# Validate every HTML file under SITE_DIR with the Nu Html Checker (vnu.jar
# from the vnu-jar npm package; run .ci/setup first).
#
#   bash tests/browser/vnu.sh SITE_DIR
#
# Prints errors on STDERR (as vnu does) in GNU format
# ("file:PATH":line.col-line.col: error: message) and
# exits with vnu's status: 0 when valid, 1 on errors.
set -euo pipefail

if (($# != 1)); then
  echo "usage: bash tests/browser/vnu.sh SITE_DIR" >&2
  exit 2
fi
site=$1
if [[ ! -e $site ]]; then
  echo "vnu.sh: no such file or directory: $site" >&2
  exit 2
fi

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
jar=$here/node_modules/vnu-jar/build/dist/vnu.jar
if [[ ! -f $jar ]]; then
  echo "vnu.sh: $jar missing: run .ci/setup" >&2
  exit 2
fi

# -Xss: vnu can overflow the default thread stack on deeply nested pages.
exec java -Xss8m -jar "$jar" --skip-non-html --errors-only --format gnu "$site"
