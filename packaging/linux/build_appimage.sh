#!/usr/bin/env bash
# Wrap dist/hearth into dist/Hearth-VERSION-ARCH.AppImage (release workflow; needs network for
# appimagetool, which no Debian package provides).
#
#   packaging/linux/build_appimage.sh [dist/hearth]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
bundle="${1:-$root/dist/hearth}"
version="$(python3 -c 'import tomllib,sys; print(tomllib.load(open(sys.argv[1],"rb"))["project"]["version"])' "$root/pyproject.toml")"
arch="$(uname -m)"
tool_version="1.9.0"
[[ -x "$bundle/hearth" ]] || { echo "build_appimage: no $bundle/hearth; build the bundle first" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
appdir="$work/Hearth.AppDir"
mkdir -p "$appdir/usr/share/applications" "$appdir/usr/share/metainfo"
cp -a "$bundle" "$appdir/usr/hearth"
cp "$root/packaging/linux/org.hearth.Hearth.desktop" "$appdir/org.hearth.Hearth.desktop"
cp "$root/packaging/linux/org.hearth.Hearth.desktop" "$appdir/usr/share/applications/"
sed "s/@VERSION@/$version/; s/@DATE@/$(date +%F)/" "$root/packaging/linux/org.hearth.Hearth.metainfo.xml" \
  > "$appdir/usr/share/metainfo/org.hearth.Hearth.appdata.xml"
cp "$root/resources/icons/png/hearth-256.png" "$appdir/org.hearth.Hearth.png"
ln -s org.hearth.Hearth.png "$appdir/.DirIcon"
cat > "$appdir/AppRun" <<'RUN'
#!/bin/sh
here="$(dirname "$(readlink -f "$0")")"
exec "$here/usr/hearth/hearth" "$@"
RUN
chmod +x "$appdir/AppRun"

tool="$work/appimagetool"
curl -fsSL -o "$tool" \
  "https://github.com/AppImage/appimagetool/releases/download/${tool_version}/appimagetool-${arch}.AppImage"
chmod +x "$tool"
out="$root/dist/Hearth-$version-$arch.AppImage"
# No FUSE on CI runners: let the tool unpack itself instead of mounting.
APPIMAGE_EXTRACT_AND_RUN=1 ARCH="$arch" "$tool" --no-appstream "$appdir" "$out"
echo "appimage: $out ($(du -h "$out" | cut -f1))"
