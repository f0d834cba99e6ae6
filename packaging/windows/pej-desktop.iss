; Inno Setup 6 script of PEJ Desktop: a per-user installer (no administrator rights,
; for managed PCs), in French, with a Start menu shortcut and an uninstaller.
;
; Build on Windows, after `python packaging\build.py` has made dist\pej-desktop\:
;     iscc packaging\windows\pej-desktop.iss
; or run packaging\windows\build.ps1, which does every step. The version is read from
; the version resource of dist\pej-desktop\pej-desktop.exe, itself generated from
; pej_desktop.__version__ by packaging/bundle_contents.py; /DAppVersion=x.y.z overrides it.
; Output: dist\PEJ-Desktop-<version>-installation.exe

#define AppName "PEJ Desktop"
#define AppExe "pej-desktop.exe"
#define BundleDir AddBackslash(SourcePath) + "..\..\dist\pej-desktop"
#ifndef AppVersion
  #define AppVersion GetStringFileInfo(BundleDir + "\" + AppExe, "ProductVersion")
#endif
#if AppVersion == ""
  #error dist\pej-desktop\pej-desktop.exe is missing or has no version: run packaging\build.py first
#endif

[Setup]
; AppId identifies the application across versions: never change it.
AppId={{D9BD7267-5E27-4787-8836-12E4DAC1FA98}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=PEJ Desktop
AppComments=Le catalogue du Pass Engagement Jeune pour les conseillers CEJ
VersionInfoVersion={#AppVersion}
VersionInfoProductName={#AppName}
; Per-user install: %LOCALAPPDATA%\Programs\PEJ Desktop, no UAC prompt.
PrivilegesRequired=lowest
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
UninstallDisplayName={#AppName}
UninstallDisplayIcon={app}\{#AppExe}
SetupIconFile=..\..\resources\icons\pej-desktop.ico
OutputDir=..\..\dist
OutputBaseFilename=PEJ-Desktop-{#AppVersion}-installation
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; An upgrade closes a running PEJ Desktop first (its files are in use otherwise).
CloseApplications=yes
RestartApplications=no
ShowLanguageDialog=no

[Languages]
Name: "french"; MessagesFile: "compiler:Languages\French.isl"

[Tasks]
Name: "desktopicon"; Description: "Créer une icône sur le Bureau"; GroupDescription: "Raccourcis :"; Flags: unchecked

[InstallDelete]
; Libraries of the previous version must not linger next to the new ones.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "Catalogue du Pass Engagement Jeune"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "Lancer {#AppName}"; Flags: nowait postinstall skipifsilent

; The uninstaller removes the program files only. The adviser's data (catalogue, file of
; young people, backups) in %LOCALAPPDATA%\PEJ\pej-desktop and the secrets in the Windows
; Credential Manager are kept on purpose: removing them is a deliberate act, not a side
; effect of reinstalling.
