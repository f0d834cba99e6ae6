# Builds everything Windows advisers get, on a Windows PC with Python 3.11+ and Inno Setup 6:
#   powershell -ExecutionPolicy Bypass -File packaging\windows\build.ps1
# 1. dist\pej-desktop\  the bundle (packaging\build.py), then its self-check
# 2. dist\PEJ-Desktop-<version>-portable-windows.zip  (packaging\make_portable.py)
# 3. dist\PEJ-Desktop-<version>-installation.exe      (Inno Setup, pej-desktop.iss)
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..\..")

function Invoke-Step([string]$what, [scriptblock]$step) {
    Write-Host "== $what"
    & $step
    if ($LASTEXITCODE -ne 0) { throw "Step failed: $what (exit code $LASTEXITCODE)" }
}

if (-not (Test-Path ".venv\Scripts\python.exe")) {
    Invoke-Step "virtual environment" { py -3.11 -m venv .venv }
}
# Only the application and PyInstaller: the test server (FastAPI) is not even installed.
Invoke-Step "dependencies" { .venv\Scripts\python -m pip install --quiet -e ".[package]" }
Invoke-Step "bundle and self-check" { .venv\Scripts\python packaging\build.py }
Invoke-Step "portable edition" { .venv\Scripts\python packaging\make_portable.py }

$iscc = (Get-Command iscc.exe -ErrorAction SilentlyContinue).Source
if (-not $iscc) { $iscc = Join-Path ${env:ProgramFiles(x86)} "Inno Setup 6\ISCC.exe" }
if (-not (Test-Path $iscc)) { throw "Inno Setup 6 (ISCC.exe) not found: install it from jrsoftware.org" }
Invoke-Step "installer" { & $iscc /Qp packaging\windows\pej-desktop.iss }
Get-ChildItem dist\PEJ-Desktop-* | Format-Table Name, @{n="MiB"; e={[math]::Round($_.Length / 1MB)}}
