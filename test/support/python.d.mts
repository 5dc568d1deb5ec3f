export declare const PYTHON_CANDIDATES: string[];
export declare function findScipyPython(): string | undefined;
