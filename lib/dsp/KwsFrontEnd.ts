import FFT from "fft.js";

/**
 * The keyword-spotting front end of the MLPerf Tiny KWS benchmark (after Zhang et
 * al., "Hello Edge", 2017, and TensorFlow's speech_commands example, whose mfcc op it
 * follows): 1 s of 16 kHz audio -> 49 frames x 10 MFCC coefficients.
 *
 * - framing: 40 ms windows (640 samples) every 20 ms (320 samples), no padding, so
 *   floor((16000 - 640) / 320) + 1 = 49 frames;
 * - a periodic Hann window, zero-padded to a 1024-point FFT; the magnitude |X[k]| of
 *   bins 0..512 (TensorFlow's mfcc op also takes the square root of its power
 *   spectrogram before the filterbank);
 * - 40 triangular mel filters spaced evenly on mel = 1127 ln(1 + f / 700) between
 *   20 Hz and 4000 Hz, each rising from its left neighbour's centre to its own and
 *   falling to its right neighbour's;
 * - natural log with a floor of 1e-12 (TensorFlow's kFilterbankFloor);
 * - DCT-II scaled by sqrt(2 / 40) for every coefficient, keeping the first 10.
 *
 * tests/dsp holds an independent NumPy implementation of the same definition.
 */
export type FrontEndConfig = {
  /** Hz. */
  sampleRate: number;
  /** Samples per clip; shorter clips are zero-padded at the end, longer ones cut. */
  clipSamples: number;
  /** Samples per window (640 = 40 ms at 16 kHz). */
  windowSamples: number;
  /** Samples between window starts (320 = 20 ms). */
  strideSamples: number;
  fftSize: number;
  melBands: number;
  /** Hz. */
  lowHz: number;
  /** Hz. */
  highHz: number;
  mfccCoefficients: number;
  logFloor: number;
};

export const KWS_FRONT_END: FrontEndConfig = {
  sampleRate: 16000,
  clipSamples: 16000,
  windowSamples: 640,
  strideSamples: 320,
  fftSize: 1024,
  melBands: 40,
  lowHz: 20,
  highHz: 4000,
  mfccCoefficients: 10,
  logFloor: 1e-12,
};

const hzToMel = (f: number) => 1127 * Math.log(1 + f / 700);

type Filter = { first: number; weights: Float64Array };

export class KwsFrontEnd {
  readonly config: FrontEndConfig;
  /** Frames per clip (49 for the default config). */
  readonly frames: number;
  private readonly fft: FFT;
  private readonly window: Float64Array;
  private readonly filters: Filter[];
  private readonly dct: Float64Array;
  private readonly frame: number[];
  private readonly spectrum: number[];

  constructor(config: Partial<FrontEndConfig> = {}) {
    const c = { ...KWS_FRONT_END, ...config };
    if (c.windowSamples > c.fftSize) throw new Error(`window of ${c.windowSamples} samples exceeds the ${c.fftSize}-point FFT`);
    if (c.highHz > c.sampleRate / 2 || c.lowHz < 0 || c.lowHz >= c.highHz) {
      throw new Error(`mel range ${c.lowHz}-${c.highHz} Hz must lie within 0-${c.sampleRate / 2} Hz`);
    }
    if (c.clipSamples < c.windowSamples) throw new Error(`a clip of ${c.clipSamples} samples holds no ${c.windowSamples}-sample window`);
    this.config = c;
    this.frames = Math.floor((c.clipSamples - c.windowSamples) / c.strideSamples) + 1;
    this.fft = new FFT(c.fftSize);
    this.window = Float64Array.from({ length: c.windowSamples }, (_, n) => 0.5 - 0.5 * Math.cos((2 * Math.PI * n) / c.windowSamples));
    this.filters = melFilters(c);
    this.dct = new Float64Array(c.mfccCoefficients * c.melBands);
    const scale = Math.sqrt(2 / c.melBands);
    for (let k = 0; k < c.mfccCoefficients; k++) {
      for (let n = 0; n < c.melBands; n++) this.dct[k * c.melBands + n] = scale * Math.cos((Math.PI * k * (n + 0.5)) / c.melBands);
    }
    this.frame = new Array<number>(c.fftSize).fill(0);
    this.spectrum = this.fft.createComplexArray() as number[];
  }

  /**
   * Log-mel energies of one clip.
   * @param samples mono PCM as floats in [-1, 1], sampleRate Hz.
   * @returns Float32Array of frames x melBands (row-major, 49 x 40 by default), natural log.
   */
  logMel(samples: Float32Array): Float32Array {
    const c = this.config;
    const out = new Float32Array(this.frames * c.melBands);
    const n = Math.min(samples.length, c.clipSamples);
    for (let f = 0; f < this.frames; f++) {
      const start = f * c.strideSamples;
      for (let i = 0; i < c.windowSamples; i++) {
        const t = start + i;
        this.frame[i] = t < n ? samples[t] * this.window[i] : 0;
      }
      this.fft.realTransform(this.spectrum, this.frame);
      for (let b = 0; b < c.melBands; b++) {
        const { first, weights } = this.filters[b];
        let e = 0;
        for (let j = 0; j < weights.length; j++) {
          const k = first + j;
          const re = this.spectrum[2 * k];
          const im = this.spectrum[2 * k + 1];
          e += weights[j] * Math.sqrt(re * re + im * im);
        }
        out[f * c.melBands + b] = Math.log(Math.max(e, c.logFloor));
      }
    }
    return out;
  }

  /**
   * MFCCs of one clip.
   * @param samples mono PCM as floats in [-1, 1], sampleRate Hz.
   * @returns Float32Array of frames x mfccCoefficients (row-major, 49 x 10 by default).
   */
  mfcc(samples: Float32Array): Float32Array {
    const c = this.config;
    const mel = this.logMel(samples);
    const out = new Float32Array(this.frames * c.mfccCoefficients);
    for (let f = 0; f < this.frames; f++) {
      for (let k = 0; k < c.mfccCoefficients; k++) {
        let s = 0;
        for (let b = 0; b < c.melBands; b++) s += this.dct[k * c.melBands + b] * mel[f * c.melBands + b];
        out[f * c.mfccCoefficients + k] = s;
      }
    }
    return out;
  }
}

function melFilters(c: FrontEndConfig): Filter[] {
  const lo = hzToMel(c.lowHz);
  const hi = hzToMel(c.highHz);
  const centre = (i: number) => lo + ((hi - lo) * i) / (c.melBands + 1);
  const bins = c.fftSize / 2 + 1;
  const filters: Filter[] = [];
  for (let b = 0; b < c.melBands; b++) {
    const [left, mid, right] = [centre(b), centre(b + 1), centre(b + 2)];
    const w: number[] = [];
    let first = -1;
    for (let k = 0; k < bins; k++) {
      const m = hzToMel((k * c.sampleRate) / c.fftSize);
      const v = m <= left || m >= right ? 0 : m <= mid ? (m - left) / (mid - left) : (right - m) / (right - mid);
      if (v > 0) {
        if (first < 0) first = k;
        w[k - first] = v;
      }
    }
    if (first < 0) throw new Error(`mel band ${b} covers no FFT bin: use fewer bands or a longer FFT`);
    filters.push({ first, weights: Float64Array.from(w) });
  }
  return filters;
}
