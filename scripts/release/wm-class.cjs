// The X11 WM_CLASS Electron gives every window on Linux: its app name (package.json's
// productName, else name — lib/browser/init.ts) as res_class, lower-cased as res_name
// (shell/browser/native_window_views.cc: wm_class_name = ToLowerASCII(name), wm_class_class =
// name). The desktop entry's StartupWMClass must equal one of them for an X11 dock to put the
// running window under the launcher. (Wayland uses the app_id, from desktopName, instead.)
'use strict';

function x11WindowClass(packageJson) {
  const name = String(packageJson.productName ?? packageJson.name).trim();
  return { resClass: name, resName: name.toLowerCase() };
}

module.exports = { x11WindowClass };
