/**
 * Why a model cannot be read, checked or run:
 * - `format`: the bytes are not a well-formed .tflite flatbuffer;
 * - `unsupported`: a well-formed model uses something the course does not implement;
 * - `invalid`: shapes, dtypes or quantization are inconsistent;
 * - `input`: the caller's data does not match the graph's inputs.
 */
export class GraphError extends Error {
  constructor(
    readonly kind: 'format' | 'unsupported' | 'invalid' | 'input',
    message: string,
  ) {
    super(message);
    this.name = 'GraphError';
  }
}
