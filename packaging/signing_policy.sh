#!/usr/bin/env bash
# Decide, at the start of a release job, whether this build must be code-signed (release.yml).
#
#   TAGGED=true|false HAVE_SECRETS=true|false RUNNER_OS=Linux|Windows|macOS packaging/signing_policy.sh
#
# - Linux packages are not code-signed: nothing to decide.
# - The signing secrets exist: the build must be signed (HEARTH_REQUIRE_SIGNING=1 in
#   $GITHUB_ENV), so a half-configured identity fails instead of shipping unsigned.
# - A tagged release without them fails here, in seconds, not after the build.
# - An untagged build without them stays unsigned and says so: suffix=-unsigned in
#   $GITHUB_OUTPUT, which release.yml appends to the artifact's name.
set -euo pipefail
: "${GITHUB_OUTPUT:?}" "${GITHUB_ENV:?}" "${RUNNER_OS:?}"
tagged="${TAGGED:-false}"
have="${HAVE_SECRETS:-false}"
suffix=""

if [[ "$RUNNER_OS" == "Linux" ]]; then
  echo "signing: Linux packages are not code-signed"
elif [[ "$have" == "true" ]]; then
  echo "signing: the $RUNNER_OS signing secrets are set; this build must be signed"
  echo "HEARTH_REQUIRE_SIGNING=1" >> "$GITHUB_ENV"
elif [[ "$tagged" == "true" ]]; then
  echo "::error::A tagged release must be signed, and the $RUNNER_OS signing secrets are missing (see packaging/README.md, 'Signing')."
  exit 1
else
  echo "::warning::No $RUNNER_OS signing secrets: this untagged build stays unsigned (artifact name ends in -unsigned)."
  suffix="-unsigned"
fi
echo "suffix=$suffix" >> "$GITHUB_OUTPUT"
