; Probant's Windows installer (Inno Setup 6), built by installer/windows/build-windows.ps1:
;   ISCC /DAppVersion=0.1.0 /DSourceDir=...\build\dist\probant /O...\build probant.iss
; Per-machine install in Program Files, Start-menu entry, `probant` on the PATH for the CLI.
; Uninstalling removes the program only: the vaults live in each user's %APPDATA%\Probant
; and are never touched (no [UninstallDelete] entry points there).

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#ifndef SourceDir
  #define SourceDir "..\..\build\dist\probant"
#endif

[Setup]
AppId={{6C2E9A0B-5F1D-4E7A-9B3C-2D8F0A1E4B57}
AppName=Probant
AppVersion={#AppVersion}
AppPublisher=Probant
AppPublisherURL=https://probant.fr
DefaultDirName={autopf}\Probant
DefaultGroupName=Probant
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputBaseFilename=Probant-Setup-{#AppVersion}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ChangesEnvironment=yes
UninstallDisplayIcon={app}\probant-desktop.exe
MinVersion=10.0.17763

[Languages]
Name: "fr"; MessagesFile: "compiler:Languages\French.isl"
Name: "en"; MessagesFile: "compiler:Default.isl"

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\Probant"; Filename: "{app}\probant-desktop.exe"; WorkingDir: "{app}"
Name: "{group}\{cm:UninstallProgram,Probant}"; Filename: "{uninstallexe}"

[Registry]
; `probant` for the command line (per-machine PATH), removed at uninstall.
Root: HKLM; Subkey: "SYSTEM\CurrentControlSet\Control\Session Manager\Environment"; \
  ValueType: expandsz; ValueName: "Path"; ValueData: "{olddata};{app}"; \
  Check: NeedsAddPath('{app}')

[Run]
Filename: "{app}\probant-desktop.exe"; Description: "{cm:LaunchProgram,Probant}"; Flags: nowait postinstall skipifsilent

[Code]
function NeedsAddPath(Param: string): boolean;
var
  OrigPath: string;
begin
  if not RegQueryStringValue(HKEY_LOCAL_MACHINE,
    'SYSTEM\CurrentControlSet\Control\Session Manager\Environment', 'Path', OrigPath)
  then begin
    Result := True;
    exit;
  end;
  Result := Pos(';' + ExpandConstant(Param) + ';', ';' + OrigPath + ';') = 0;
end;

procedure CurStepChanged(CurStep: TSetupStep);
begin
  { nothing: the vaults are per user and outside {app} }
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  OrigPath, AppDir: string;
  P: Integer;
begin
  if CurUninstallStep = usPostUninstall then begin
    AppDir := ExpandConstant('{app}');
    if RegQueryStringValue(HKEY_LOCAL_MACHINE,
      'SYSTEM\CurrentControlSet\Control\Session Manager\Environment', 'Path', OrigPath) then begin
      P := Pos(';' + AppDir, OrigPath);
      if P > 0 then begin
        Delete(OrigPath, P, Length(AppDir) + 1);
        RegWriteExpandStringValue(HKEY_LOCAL_MACHINE,
          'SYSTEM\CurrentControlSet\Control\Session Manager\Environment', 'Path', OrigPath);
      end;
    end;
  end;
end;
