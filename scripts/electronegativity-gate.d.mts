export interface GateRow { issue: string; severity: string; confidence: string; filename: string; location: string; sample: string; description: string; url: string }
export interface ScanError { file: string; message: string; tolerable: boolean }
export declare const SCANNED_FILES: Record<string, string>;
export declare function stageSources(): string;
export declare function scan(stage: string, csvFile?: string | null): Promise<{ rows: GateRow[]; errors: ScanError[]; electronVersion: string; checks: number; csvFile: string | null }>;
export declare function judge(rows: GateRow[], errors: ScanError[]): { blocking: GateRow[]; excused: GateRow[]; minor: GateRow[]; unparsed: ScanError[]; stale: unknown[] };
