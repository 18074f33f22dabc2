// Types for layers.mjs, which the ESLint config loads as plain JavaScript and the unit tests read.
export declare const LAYERS: string[][];
export declare const ALLOW: [string, string][];
export declare const SUBLAYERS: Record<string, string[][]>;
export declare const EXCEPTIONS: { from: string; to: string; until: string }[];
export declare const ELECTRON_EDGE: string[];
export declare const SHARED_PACKAGES: string[];
export declare const RENDERER_PACKAGES: string[];
