; Hearth's Windows installer (NSIS 3, Unicode).
;
;   makensis -DVERSION=0.1.0 -DVERSION4=0.1.0.0 -DSOURCE_DIR=dist/hearth
;            -DICON=resources/icons/hearth.ico -DOUT_FILE=dist/Hearth-0.1.0-setup.exe
;            packaging/windows/hearth.nsi
;
; packaging/windows/build_installer.py passes these from pyproject.toml. The installer asks
; whether to install for the current user (no administrator rights, %LOCALAPPDATA%\Programs) or
; for all users (Program Files); /CurrentUser or /AllUsers chooses on the command line, /S is
; silent, and /RunAfterInstall (with /S) starts Hearth when done, as the finish page does. The
; uninstaller keeps the user's chats, models and settings unless the user ticks "Delete my chats,
; models and settings" (silently: uninstall.exe /S /DeleteUserData).
; packaging/windows/installer_scenarios.py installs and uninstalls it under Wine in CI.

Unicode true
ManifestDPIAware true
SetCompressor /SOLID lzma

!ifndef VERSION
  !error "pass -DVERSION=x.y.z"
!endif
!ifndef VERSION4
  !define VERSION4 "${VERSION}.0"
!endif
!ifndef SOURCE_DIR
  !error "pass -DSOURCE_DIR=path/to/dist/hearth (the PyInstaller onedir folder)"
!endif
!ifndef ICON
  !define ICON "resources/icons/hearth.ico"
!endif
!ifndef OUT_FILE
  !define OUT_FILE "Hearth-${VERSION}-setup.exe"
!endif

!define APP_NAME "Hearth"
!define APP_EXE "Hearth.exe"
!define CLI_EXE "hearth-cli.exe"
!define PACK_EXT ".hearth"
!define PACK_PROGID "Hearth.Pack"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP_NAME}"
!define APP_KEY "Software\${APP_NAME}"
; Where platformdirs puts Hearth's data, config and cache on Windows (roaming=False): the
; signed-in user's local AppData, whichever way Hearth was installed.
!define USER_DATA_TEXT "%LOCALAPPDATA%\${APP_NAME}"

Name "${APP_NAME} ${VERSION}"
OutFile "${OUT_FILE}"
BrandingText "${APP_NAME} ${VERSION}"

VIProductVersion "${VERSION4}"
VIAddVersionKey "ProductName" "${APP_NAME}"
VIAddVersionKey "ProductVersion" "${VERSION}"
VIAddVersionKey "FileVersion" "${VERSION}"
VIAddVersionKey "FileDescription" "${APP_NAME} installer"
VIAddVersionKey "LegalCopyright" "Apache-2.0"

; ---- per-user or all-users --------------------------------------------------------------------
!define MULTIUSER_EXECUTIONLEVEL Highest
!define MULTIUSER_MUI
!define MULTIUSER_INSTALLMODE_COMMANDLINE
!define MULTIUSER_USE_PROGRAMFILES64
!define MULTIUSER_INSTALLMODE_INSTDIR "${APP_NAME}"
!define MULTIUSER_INSTALLMODE_INSTDIR_REGISTRY_KEY "${APP_KEY}"
!define MULTIUSER_INSTALLMODE_INSTDIR_REGISTRY_VALUENAME "InstallDir"
!define MULTIUSER_INSTALLMODE_DEFAULT_REGISTRY_KEY "${APP_KEY}"
!define MULTIUSER_INSTALLMODE_DEFAULT_REGISTRY_VALUENAME "InstallMode"
!include MultiUser.nsh
!include MUI2.nsh
!include x64.nsh
!include FileFunc.nsh
!include Sections.nsh

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN  ; empty: the page calls LaunchHearth instead of running the exe
!define MUI_FINISHPAGE_RUN_TEXT "Start ${APP_NAME}"
!define MUI_FINISHPAGE_RUN_FUNCTION LaunchHearth

!insertmacro MULTIUSER_PAGE_INSTALLMODE
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_COMPONENTS
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGE "English"

Function .onInit
  ${IfNot} ${RunningX64}
    MessageBox MB_ICONSTOP "${APP_NAME} needs 64-bit Windows." /SD IDOK
    Quit
  ${EndIf}
  SetRegView 64
  !insertmacro MULTIUSER_INIT
FunctionEnd

; The installer runs elevated (an all-users install, or an administrator's per-user one), and a
; child it starts would be elevated too: Windows then blocks files dragged from Explorer into
; Hearth (UIPI), and after an over-the-shoulder elevation Hearth would run, and keep its data,
; as the administrator. Explorer starts programs as the signed-in user, un-elevated.
Function LaunchHearth
  Exec '"$WINDIR\explorer.exe" "$INSTDIR\${APP_EXE}"'
FunctionEnd

Function .onInstSuccess
  ${If} ${Silent}
    ${GetParameters} $R0
    ClearErrors
    ${GetOptions} $R0 "/RunAfterInstall" $R1
    ${IfNot} ${Errors}
      Call LaunchHearth
    ${EndIf}
  ${EndIf}
FunctionEnd

; ---- install ----------------------------------------------------------------------------------
Section "!${APP_NAME}" SecApp
  SectionIn RO
  SetOutPath "$INSTDIR"
  ; A previous version's files go first, so a library removed in this version does not linger.
  RMDir /r "$INSTDIR\_internal"
  File /r "${SOURCE_DIR}/*.*"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateDirectory "$SMPROGRAMS\${APP_NAME}"
  CreateShortcut "$SMPROGRAMS\${APP_NAME}\${APP_NAME}.lnk" "$INSTDIR\${APP_EXE}"
  CreateShortcut "$SMPROGRAMS\${APP_NAME}\Uninstall ${APP_NAME}.lnk" "$INSTDIR\uninstall.exe"

  WriteRegStr SHCTX "${APP_KEY}" "InstallDir" "$INSTDIR"
  WriteRegStr SHCTX "${APP_KEY}" "InstallMode" "$MultiUser.InstallMode"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "DisplayName" "${APP_NAME}"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "Publisher" "${APP_NAME} developers"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\${APP_EXE},0"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe" /$MultiUser.InstallMode'
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /$MultiUser.InstallMode /S'
  WriteRegDWORD SHCTX "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD SHCTX "${UNINSTALL_KEY}" "NoRepair" 1
SectionEnd

Section "Desktop shortcut" SecDesktop
  CreateShortcut "$DESKTOP\${APP_NAME}.lnk" "$INSTDIR\${APP_EXE}"
SectionEnd

Section "Open .hearth assistant packs with ${APP_NAME}" SecAssoc
  WriteRegStr SHCTX "Software\Classes\${PACK_EXT}" "" "${PACK_PROGID}"
  WriteRegStr SHCTX "Software\Classes\${PACK_EXT}" "Content Type" "application/x-hearth-pack"
  WriteRegStr SHCTX "Software\Classes\${PACK_PROGID}" "" "${APP_NAME} assistant pack"
  WriteRegStr SHCTX "Software\Classes\${PACK_PROGID}\DefaultIcon" "" "$INSTDIR\${APP_EXE},0"
  WriteRegStr SHCTX "Software\Classes\${PACK_PROGID}\shell\open\command" "" '"$INSTDIR\${APP_EXE}" --gui "%1"'
  ; SHCNE_ASSOCCHANGED: Explorer shows the new icon and "Open" without a restart.
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
SectionEnd

; ---- uninstall --------------------------------------------------------------------------------
Section "un.${APP_NAME}" SecUnApp
  SectionIn RO
  ; Only what the installer wrote: never a recursive delete of $INSTDIR, which a user may have
  ; pointed at a folder holding other files.
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\${APP_EXE}"
  Delete "$INSTDIR\${CLI_EXE}"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"

  Delete "$SMPROGRAMS\${APP_NAME}\${APP_NAME}.lnk"
  Delete "$SMPROGRAMS\${APP_NAME}\Uninstall ${APP_NAME}.lnk"
  RMDir "$SMPROGRAMS\${APP_NAME}"
  Delete "$DESKTOP\${APP_NAME}.lnk"

  ReadRegStr $0 SHCTX "Software\Classes\${PACK_EXT}" ""
  ${If} $0 == "${PACK_PROGID}"
    DeleteRegKey SHCTX "Software\Classes\${PACK_EXT}"
  ${EndIf}
  DeleteRegKey SHCTX "Software\Classes\${PACK_PROGID}"
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
  DeleteRegKey SHCTX "${UNINSTALL_KEY}"
  DeleteRegKey SHCTX "${APP_KEY}"
SectionEnd

; Unticked by default: uninstalling (or upgrading by uninstalling first) keeps the user's work.
Section /o "un.Delete my chats, models and settings" SecUnData
  ; In the all-users context NSIS maps $LOCALAPPDATA to C:\ProgramData; the data lives in the
  ; local AppData of the user running the uninstaller.
  SetShellVarContext current
  RMDir /r "$LOCALAPPDATA\${APP_NAME}"
  ${If} $MultiUser.InstallMode == "AllUsers"
    SetShellVarContext all
  ${EndIf}
SectionEnd

!insertmacro MUI_UNFUNCTION_DESCRIPTION_BEGIN
  !insertmacro MUI_DESCRIPTION_TEXT ${SecUnData} "Also delete ${USER_DATA_TEXT}: your conversations, imported models and adapters, and settings."
!insertmacro MUI_UNFUNCTION_DESCRIPTION_END

; After the sections, so that ${SecUnData} is defined.
Function un.onInit
  SetRegView 64
  !insertmacro MULTIUSER_UNINIT
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/DeleteUserData" $R1
  ${IfNot} ${Errors}
    !insertmacro SelectSection ${SecUnData}
  ${EndIf}
FunctionEnd
