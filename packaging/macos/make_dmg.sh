#!/usr/bin/env bash
# Pack dist/Hearth.app into dist/Hearth-VERSION-macos-ARCH.dmg with hdiutil (macOS only).
#
#   packaging/macos/make_dmg.sh [dist/Hearth.app] [VERSION]
#
# The image holds the app and a link to /Applications, so a user installs by dragging. Sign and
# notarize the .app first (sign_and_notarize.sh), then the .dmg is signed/notarized/stapled too.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
app="${1:-$root/dist/Hearth.app}"
version="${2:-$(python3 -c 'import tomllib,sys; print(tomllib.load(open(sys.argv[1],"rb"))["project"]["version"])' "$root/pyproject.toml")}"
arch="$(uname -m)"
out="$root/dist/Hearth-$version-macos-$arch.dmg"
[[ -d "$app" ]] || { echo "make_dmg: $app does not exist; build the bundle first" >&2; exit 1; }

staging="$(mktemp -d)"
trap 'rm -rf "$staging"' EXIT
# ditto keeps symlinks, permissions and extended attributes (the code signature lives in them).
ditto "$app" "$staging/Hearth.app"
ln -s /Applications "$staging/Applications"
# hdiutil fails now and then with "Resource busy" on CI machines (a scanner holds the new image
# open): try again a few times, waiting longer each time.
attempts="${HEARTH_HDIUTIL_ATTEMPTS:-5}"
retry() { # command...
  local attempt
  for ((attempt = 1; attempt <= attempts; attempt++)); do
    "$@" && return 0
    if ((attempt < attempts)); then
      echo "make_dmg: '$1 $2' failed (attempt $attempt of $attempts); again in $((attempt * ${HEARTH_HDIUTIL_WAIT_S:-10})) s" >&2
      sleep $((attempt * ${HEARTH_HDIUTIL_WAIT_S:-10}))
    fi
  done
  echo "make_dmg: '$1 $2' failed $attempts times" >&2
  return 1
}
rm -f "$out"
retry hdiutil create -volname "Hearth $version" -srcfolder "$staging" -fs HFS+ -format UDZO \
  -imagekey zlib-level=9 -ov "$out"
retry hdiutil verify "$out"
echo "dmg: $out ($(du -h "$out" | cut -f1))"
