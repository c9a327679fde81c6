# Sign Windows executables with Authenticode (release.yml, on the Windows runner).
#
#   pwsh packaging/windows/sign.ps1 dist\hearth\Hearth.exe dist\hearth\hearth-cli.exe
#
# Environment (GitHub secrets): WINDOWS_CERTIFICATE_PFX (base64 of a .pfx with the code-signing
# certificate), WINDOWS_CERTIFICATE_PASSWORD, and WINDOWS_TIMESTAMP_URL (the certificate
# authority's RFC 3161 time-stamp server). Without the certificate it leaves the files unsigned
# and exits 0, unless HEARTH_REQUIRE_SIGNING=1 (tagged releases), which makes that an error.
param([Parameter(Mandatory = $true, ValueFromRemainingArguments = $true)][string[]]$Files)
$ErrorActionPreference = 'Stop'

if (-not $env:WINDOWS_CERTIFICATE_PFX) {
  if ($env:HEARTH_REQUIRE_SIGNING -eq '1') {
    Write-Error "sign: no WINDOWS_CERTIFICATE_PFX, and this build must be signed (HEARTH_REQUIRE_SIGNING=1)"
    exit 1
  }
  Write-Host "sign: no code-signing certificate; leaving $($Files -join ', ') unsigned"
  exit 0
}
if (-not $env:WINDOWS_TIMESTAMP_URL) {
  Write-Error "sign: WINDOWS_TIMESTAMP_URL is not set (an unstamped signature expires with the certificate)"
  exit 1
}
$signtool = Get-ChildItem "${env:ProgramFiles(x86)}\Windows Kits\10\bin\*\x64\signtool.exe" |
  Sort-Object FullName -Descending | Select-Object -First 1
if (-not $signtool) { Write-Error "sign: signtool.exe not found in the Windows SDK"; exit 1 }

$pfx = Join-Path $env:RUNNER_TEMP 'hearth-signing.pfx'
[IO.File]::WriteAllBytes($pfx, [Convert]::FromBase64String($env:WINDOWS_CERTIFICATE_PFX))
try {
  & $signtool.FullName sign /f $pfx /p $env:WINDOWS_CERTIFICATE_PASSWORD /fd SHA256 `
    /tr $env:WINDOWS_TIMESTAMP_URL /td SHA256 $Files
  if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
  & $signtool.FullName verify /pa /v $Files
  if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
} finally {
  Remove-Item $pfx -Force -ErrorAction SilentlyContinue
}
