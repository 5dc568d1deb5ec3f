export declare const chromiumPath: string;
export declare function chromiumArgs(): string[];
export declare function requireChromium(): string;
