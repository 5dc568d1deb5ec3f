/**
 * Byte layouts of uniform structs, described once. Every field is a 4-byte scalar, so a field's
 * offset is 4 * its index and the struct is padded to 16 bytes for uniform use.
 * test/unit/struct-layout.test.ts checks each layout against the struct in its .wgsl file.
 */

export type ScalarType = 'f32' | 'u32';

/** A uniform struct of 4-byte scalars, in declaration order. */
export interface StructLayout<K extends string> {
  readonly name: string;
  readonly fields: readonly (readonly [K, ScalarType])[];
  /** Size in bytes, padded to a multiple of 16. */
  readonly byteSize: number;
  /** Packs values into a fresh ArrayBuffer of byteSize bytes. */
  pack(values: Readonly<Record<K, number>>): ArrayBuffer;
}

/** Describes a struct whose fields appear in the WGSL struct `name` in the same order. */
export function defineStruct<K extends string>(
  name: string,
  fields: readonly (readonly [K, ScalarType])[],
): StructLayout<K> {
  const byteSize = Math.ceil((fields.length * 4) / 16) * 16;
  return {
    name,
    fields,
    byteSize,
    pack(values) {
      const buf = new ArrayBuffer(byteSize);
      const f32 = new Float32Array(buf);
      const u32 = new Uint32Array(buf);
      fields.forEach(([key, type], i) => {
        const v = values[key];
        if (type === 'u32') u32[i] = v;
        else f32[i] = v;
      });
      return buf;
    },
  };
}
