import type { Rng } from "../tf/seedEverything.js";

export type NoiseKind = "white" | "pink" | "brown" | "hum" | "babble";
export const NOISE_KINDS: readonly NoiseKind[] = ["white", "pink", "brown", "hum", "babble"];

/**
 * Seeded background noise, `n` samples at 16 kHz, scaled to an RMS of 1.
 * - pink: white noise through Paul Kellet's economy three-pole filter (-3 dB/octave);
 * - brown: leaky integral of white noise (-6 dB/octave);
 * - hum: mains at 50 or 60 Hz with odd harmonics, plus a little white noise;
 * - babble: a few random formant-like tones, amplitude-modulated at syllable rates.
 */
export function backgroundNoise(kind: NoiseKind, n: number, rng: Rng, sampleRate = 16000): Float32Array {
  const out = new Float32Array(n);
  const white = () => rng() * 2 - 1;
  if (kind === "white") for (let i = 0; i < n; i++) out[i] = white();
  else if (kind === "pink") {
    let b0 = 0, b1 = 0, b2 = 0;
    for (let i = 0; i < n; i++) {
      const w = white();
      b0 = 0.99765 * b0 + w * 0.099046;
      b1 = 0.963 * b1 + w * 0.2965164;
      b2 = 0.57 * b2 + w * 1.0526913;
      out[i] = b0 + b1 + b2 + w * 0.1848;
    }
  } else if (kind === "brown") {
    let b = 0;
    for (let i = 0; i < n; i++) {
      b = 0.995 * b + 0.05 * white();
      out[i] = b;
    }
  } else if (kind === "hum") {
    const f = rng() < 0.5 ? 50 : 60;
    const phase = rng() * 2 * Math.PI;
    for (let i = 0; i < n; i++) {
      const t = (2 * Math.PI * f * i) / sampleRate + phase;
      out[i] = Math.sin(t) + 0.5 * Math.sin(3 * t) + 0.25 * Math.sin(5 * t) + 0.05 * white();
    }
  } else {
    const voices = Array.from({ length: 3 + Math.floor(rng() * 3) }, () => ({
      f: 150 + rng() * 900,
      rate: 2 + rng() * 4,
      phase: rng() * 2 * Math.PI,
    }));
    for (let i = 0; i < n; i++) {
      const t = i / sampleRate;
      let s = 0.1 * white();
      for (const v of voices) s += Math.max(0, Math.sin(2 * Math.PI * v.rate * t + v.phase)) * Math.sin(2 * Math.PI * v.f * t);
      out[i] = s;
    }
  }
  return normalise(out);
}

function rms(x: Float32Array): number {
  let s = 0;
  for (const v of x) s += v * v;
  return Math.sqrt(s / Math.max(1, x.length));
}

function normalise(x: Float32Array): Float32Array {
  const r = rms(x);
  if (r > 0) for (let i = 0; i < x.length; i++) x[i] /= r;
  return x;
}

/**
 * signal + noise scaled so that 20 log10(rms(signal) / rms(scaled noise)) = snrDb,
 * clipped to [-1, 1]. Both arrays have the same length; the result is new.
 */
export function mixAtSnr(signal: Float32Array, noise: Float32Array, snrDb: number): Float32Array {
  if (signal.length !== noise.length) throw new Error(`signal has ${signal.length} samples, noise ${noise.length}`);
  const ns = rms(noise);
  const gain = ns === 0 ? 0 : rms(signal) / ns / 10 ** (snrDb / 20);
  return signal.map((v, i) => Math.max(-1, Math.min(1, v + gain * noise[i])));
}
