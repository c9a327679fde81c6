#!/usr/bin/env bash
# Sign Hearth.app (and the .dmg) with a Developer ID and notarize them, when the secrets exist.
#
#   packaging/macos/sign_and_notarize.sh app dist/Hearth.app
#   packaging/macos/sign_and_notarize.sh dmg dist/Hearth-0.1.0-macos-arm64.dmg
#
# Environment (GitHub secrets in release.yml): MACOS_CERTIFICATE_P12 (base64 of a .p12 holding
# the "Developer ID Application" identity), MACOS_CERTIFICATE_PASSWORD, MACOS_SIGN_IDENTITY
# (e.g. "Developer ID Application: Name (TEAMID)"), and for notarization APPLE_ID,
# APPLE_TEAM_ID, APPLE_APP_PASSWORD (an app-specific password). Without the certificate the
# script says so and exits 0: unsigned builds still work after right-click > Open.
set -euo pipefail
kind="$1"; target="$2"
here="$(cd "$(dirname "$0")" && pwd)"

if [[ -z "${MACOS_CERTIFICATE_P12:-}" || -z "${MACOS_SIGN_IDENTITY:-}" ]]; then
  echo "sign_and_notarize: no signing certificate in the environment; leaving $target unsigned"
  exit 0
fi

keychain="$RUNNER_TEMP/hearth-signing.keychain-db"
if [[ ! -f "$keychain" ]]; then
  keychain_password="$(uuidgen)"
  security create-keychain -p "$keychain_password" "$keychain"
  security set-keychain-settings -lut 21600 "$keychain"
  security unlock-keychain -p "$keychain_password" "$keychain"
  echo "$MACOS_CERTIFICATE_P12" | base64 --decode > "$RUNNER_TEMP/cert.p12"
  security import "$RUNNER_TEMP/cert.p12" -k "$keychain" -P "$MACOS_CERTIFICATE_PASSWORD" \
    -T /usr/bin/codesign
  rm -f "$RUNNER_TEMP/cert.p12"
  security set-key-partition-list -S apple-tool:,apple: -s -k "$keychain_password" "$keychain"
  security list-keychains -d user -s "$keychain" $(security list-keychains -d user | tr -d '"')
fi

if [[ "$kind" == "app" ]]; then
  # Inside out: every library and executable first, then the bundle (hardened runtime for
  # notarization; the entitlements let the Python runtime map llama.cpp's code).
  find "$target/Contents" -type f \( -name '*.dylib' -o -name '*.so' -o -perm -u+x \) -print0 |
    xargs -0 -n 20 codesign --force --timestamp --options runtime \
      --entitlements "$here/entitlements.plist" --sign "$MACOS_SIGN_IDENTITY"
  codesign --force --timestamp --options runtime --entitlements "$here/entitlements.plist" \
    --sign "$MACOS_SIGN_IDENTITY" "$target"
  codesign --verify --deep --strict --verbose=2 "$target"
else
  codesign --force --timestamp --sign "$MACOS_SIGN_IDENTITY" "$target"
fi

if [[ -n "${APPLE_ID:-}" && -n "${APPLE_TEAM_ID:-}" && -n "${APPLE_APP_PASSWORD:-}" ]]; then
  submission="$target"
  if [[ "$kind" == "app" ]]; then
    submission="$RUNNER_TEMP/Hearth-notarize.zip"
    ditto -c -k --keepParent "$target" "$submission"
  fi
  xcrun notarytool submit "$submission" --apple-id "$APPLE_ID" --team-id "$APPLE_TEAM_ID" \
    --password "$APPLE_APP_PASSWORD" --wait
  xcrun stapler staple "$target"
else
  echo "sign_and_notarize: no notarization credentials; $target is signed, not notarized"
fi
