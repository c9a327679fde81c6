#!/usr/bin/env bash
# Sign Hearth.app (and the .dmg) with a Developer ID and notarize them, when the secrets exist.
#
#   packaging/macos/sign_and_notarize.sh app dist/Hearth.app
#   packaging/macos/sign_and_notarize.sh dmg dist/Hearth-0.1.0-macos-arm64.dmg
#
# Environment (GitHub secrets in release.yml): MACOS_CERTIFICATE_P12 (base64 of a .p12 holding
# the "Developer ID Application" identity), MACOS_CERTIFICATE_PASSWORD, MACOS_SIGN_IDENTITY
# (e.g. "Developer ID Application: Name (TEAMID)"), and for notarization APPLE_ID,
# APPLE_TEAM_ID, APPLE_APP_PASSWORD (an app-specific password). Without them the script says so
# and exits 0, leaving the build unsigned (macOS 15 then blocks it until the user allows it in
# System Settings > Privacy & Security), unless HEARTH_REQUIRE_SIGNING=1 (tagged releases), which
# makes missing secrets an error. Notarization passes only when Apple answers "Accepted"; any
# other answer prints Apple's log for the submission and fails.
set -euo pipefail
kind="$1"; target="$2"
here="$(cd "$(dirname "$0")" && pwd)"

missing() { # what is missing
  if [[ "${HEARTH_REQUIRE_SIGNING:-0}" == "1" ]]; then
    echo "sign_and_notarize: $1, and this build must be signed and notarized (HEARTH_REQUIRE_SIGNING=1)" >&2
    exit 1
  fi
}

if [[ -z "${MACOS_CERTIFICATE_P12:-}" || -z "${MACOS_SIGN_IDENTITY:-}" ]]; then
  missing "no signing certificate in the environment"
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
  # Keep the user's keychains in the search list, with the signing one first.
  existing=()
  while IFS= read -r line; do
    line="${line#"${line%%[![:space:]]*}"}"
    existing+=("${line//\"/}")
  done < <(security list-keychains -d user)
  security list-keychains -d user -s "$keychain" "${existing[@]}"
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

if [[ -z "${APPLE_ID:-}" || -z "${APPLE_TEAM_ID:-}" || -z "${APPLE_APP_PASSWORD:-}" ]]; then
  missing "no notarization credentials (APPLE_ID, APPLE_TEAM_ID, APPLE_APP_PASSWORD)"
  echo "sign_and_notarize: no notarization credentials; $target is signed, not notarized"
  exit 0
fi

credentials=(--apple-id "$APPLE_ID" --team-id "$APPLE_TEAM_ID" --password "$APPLE_APP_PASSWORD")
json_field() { # field: read it from the JSON on stdin ("" when absent or not JSON)
  python3 -c 'import json, sys
try:
    print(json.load(sys.stdin).get(sys.argv[1], ""))
except ValueError:
    print("")' "$1"
}

submission="$target"
if [[ "$kind" == "app" ]]; then
  submission="$RUNNER_TEMP/Hearth-notarize.zip"
  ditto -c -k --keepParent "$target" "$submission"
fi
# `submit --wait` exits 0 whatever Apple decides (Accepted, Invalid, Rejected): only the status
# in its JSON answer tells. A network or credential failure exits non-zero with no JSON.
answer="$(xcrun notarytool submit "$submission" "${credentials[@]}" --wait --output-format json)" || {
  echo "sign_and_notarize: notarytool submit failed for $target: $answer" >&2
  exit 1
}
status="$(json_field status <<< "$answer")"
submission_id="$(json_field id <<< "$answer")"
if [[ "$status" != "Accepted" ]]; then
  echo "sign_and_notarize: Apple did not accept $target (status: ${status:-none}; submission ${submission_id:-unknown})" >&2
  echo "$answer" >&2
  if [[ -n "$submission_id" ]]; then
    echo "sign_and_notarize: Apple's log for submission $submission_id:" >&2
    xcrun notarytool log "$submission_id" "${credentials[@]}" >&2 ||
      echo "sign_and_notarize: the log could not be fetched" >&2
  fi
  exit 1
fi
echo "sign_and_notarize: $target notarized (submission $submission_id)"
xcrun stapler staple "$target"
xcrun stapler validate "$target"
