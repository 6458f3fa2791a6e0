// Types for wm-class.cjs (CommonJS: electron-builder's config requires it).
export declare function x11WindowClass(packageJson: { productName?: string; name?: string }): { resClass: string; resName: string };
