# Builds Probant for Windows: the PyInstaller one-folder bundle (installer/probant.spec) and
# the installer build\Probant-Setup-VERSION.exe (Inno Setup 6, installer/windows/probant.iss).
#
#   powershell -ExecutionPolicy Bypass -File installer\windows\build-windows.ps1
#
# Needs: Python 3.11+ (python.org or winget), uv (installed here from PyPI when missing),
# Inno Setup 6 (winget install JRSoftware.InnoSetup). The DejaVu fonts the PV embeds are in
# resources/fonts.
# Code signing: when PROBANT_SIGN_PFX (path of a PKCS#12 code-signing certificate) and
# PROBANT_SIGN_PASSWORD are set, the executables and the installer are signed with
# signtool and timestamped (RFC 3161); otherwise the build says it is unsigned.
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..\..")
$Root = (Get-Location).Path
function Say($text) { Write-Host "[probant build] $text" }

if (-not (Get-Command uv -ErrorAction SilentlyContinue)) {
    Say "installing uv (from PyPI)"
    python -m pip install --user --quiet uv
    $env:PATH = "$env:APPDATA\Python\Scripts;$env:PATH"
}
$env:UV_PROJECT_ENVIRONMENT = "$Root\build\venv"
$env:UV_COMPILE_BYTECODE = "1"
uv sync --frozen --no-dev --group build --quiet
if ($LASTEXITCODE -ne 0) { throw "uv sync failed" }

# Compiled translations (.qm) from the committed .ts sources.
Get-ChildItem resources\translations\*.ts | ForEach-Object {
    & "$Root\build\venv\Scripts\pyside6-lrelease.exe" -silent $_.FullName -qm ($_.FullName -replace '\.ts$', '.qm')
}

$env:PROBANT_BUILD_COMMIT = (git rev-parse --short=12 HEAD)
& "$Root\build\venv\Scripts\pyinstaller.exe" --noconfirm --clean --log-level WARN `
    --distpath build\dist --workpath build\work installer\probant.spec
if ($LASTEXITCODE -ne 0) { throw "PyInstaller failed" }
& "$Root\build\dist\probant\probant.exe" --version

$Version = (& "$Root\build\venv\Scripts\python.exe" -c "from evidence.software import VERSION; print(VERSION)").Trim()

function Sign($file) {
    if (-not $env:PROBANT_SIGN_PFX) { return }
    $signtool = Get-ChildItem "${env:ProgramFiles(x86)}\Windows Kits\10\bin\*\x64\signtool.exe" | Sort-Object FullName | Select-Object -Last 1
    $tsa = if ($env:PROBANT_SIGN_TSA) { $env:PROBANT_SIGN_TSA } else { "http://timestamp.digicert.com" }
    & $signtool.FullName sign /f $env:PROBANT_SIGN_PFX /p $env:PROBANT_SIGN_PASSWORD /fd SHA256 `
        /tr $tsa /td SHA256 $file
    if ($LASTEXITCODE -ne 0) { throw "signing $file failed" }
}
if ($env:PROBANT_SIGN_PFX) {
    Sign "build\dist\probant\probant.exe"
    Sign "build\dist\probant\probant-desktop.exe"
} else {
    Say "no PROBANT_SIGN_PFX: the executables and the installer are NOT code-signed"
}

$iscc = "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe"
if (-not (Test-Path $iscc)) { throw "Inno Setup 6 not found (winget install JRSoftware.InnoSetup)" }
& $iscc "/DAppVersion=$Version" "/DSourceDir=$Root\build\dist\probant" "/O$Root\build" installer\windows\probant.iss
if ($LASTEXITCODE -ne 0) { throw "Inno Setup failed" }
Sign "build\Probant-Setup-$Version.exe"
Say "built build\Probant-Setup-$Version.exe"
