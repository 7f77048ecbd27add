import { GraphError } from '../../ir/GraphError.js';

type ConfigValue = unknown;

/**
 * Typed, checked access to a tfjs layer's `getConfig()` dictionary (camelCase
 * keys such as `kernelSize`, `strides`, `padding`). tfjs types the dictionary
 * loosely, so every read checks the value and names the layer when it is not
 * what the converter expects.
 */
export class LayerConfig {
  constructor(
    private readonly layerName: string,
    private readonly className: string,
    private readonly config: Record<string, ConfigValue>,
  ) {}

  private fail(key: string, wanted: string): never {
    throw new GraphError('unsupported', `layer ${this.layerName} (${this.className}): option ${key} = ${JSON.stringify(this.config[key])}, expected ${wanted}`);
  }

  has(key: string): boolean {
    return this.config[key] !== undefined && this.config[key] !== null;
  }

  number(key: string, fallback?: number): number {
    const v = this.config[key];
    if ((v === undefined || v === null) && fallback !== undefined) return fallback;
    if (typeof v !== 'number' || !Number.isFinite(v)) this.fail(key, 'a number');
    return v;
  }

  boolean(key: string, fallback: boolean): boolean {
    const v = this.config[key];
    if (v === undefined || v === null) return fallback;
    if (typeof v !== 'boolean') this.fail(key, 'true or false');
    return v;
  }

  string(key: string, fallback?: string): string {
    const v = this.config[key];
    if ((v === undefined || v === null) && fallback !== undefined) return fallback;
    if (typeof v !== 'string') this.fail(key, 'a string');
    return v;
  }

  /** A pair such as kernelSize or strides; a single number means both. */
  pair(key: string, fallback?: [number, number]): [number, number] {
    const v = this.config[key];
    if ((v === undefined || v === null) && fallback !== undefined) return fallback;
    if (typeof v === 'number' && Number.isInteger(v)) return [v, v];
    if (Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'number' && Number.isInteger(x))) return [v[0] as number, v[1] as number];
    this.fail(key, 'an integer or a pair of integers');
  }

  /** Nested number arrays, e.g. ZeroPadding2D's [[top, bottom], [left, right]]. */
  value(key: string): ConfigValue {
    return this.config[key];
  }
}
