"""Independent NumPy computation of the KWS front end defined in lib/dsp/KwsFrontEnd.ts.

Reads clips as little-endian float32 (16000 samples each) on stdin, writes float64
log-mel (49 x 40) then MFCC (49 x 10) per clip on stdout. Written from the definition
in the TypeScript doc comment, with NumPy's rfft, not from the TypeScript code.
"""
import sys
import numpy as np

SR, CLIP, WIN, HOP, NFFT, BANDS, LO, HI, NCOEF, FLOOR = 16000, 16000, 640, 320, 1024, 40, 20.0, 4000.0, 10, 1e-12


def mel(f):
    return 1127.0 * np.log1p(np.asarray(f, dtype=np.float64) / 700.0)


def filterbank():
    centres = np.linspace(mel(LO), mel(HI), BANDS + 2)
    bin_mels = mel(np.arange(NFFT // 2 + 1) * SR / NFFT)
    fb = np.zeros((BANDS, NFFT // 2 + 1))
    for b in range(BANDS):
        left, mid, right = centres[b], centres[b + 1], centres[b + 2]
        rising = (bin_mels - left) / (mid - left)
        falling = (right - bin_mels) / (right - mid)
        tri = np.where(bin_mels <= mid, rising, falling)
        fb[b] = np.where((bin_mels > left) & (bin_mels < right), tri, 0.0)
    return fb


def main():
    raw = np.frombuffer(sys.stdin.buffer.read(), dtype="<f4").astype(np.float64)
    clips = raw.reshape(-1, CLIP)
    frames = (CLIP - WIN) // HOP + 1
    window = 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(WIN) / WIN)
    fb = filterbank()
    k = np.arange(NCOEF)[:, None]
    n = np.arange(BANDS)[None, :]
    dct = np.sqrt(2.0 / BANDS) * np.cos(np.pi * k * (n + 0.5) / BANDS)
    out = []
    for clip in clips:
        idx = np.arange(WIN)[None, :] + HOP * np.arange(frames)[:, None]
        spec = np.abs(np.fft.rfft(clip[idx] * window, n=NFFT, axis=1))
        logmel = np.log(np.maximum(spec @ fb.T, FLOOR))
        out.append(logmel.ravel())
        out.append((logmel @ dct.T).ravel())
    sys.stdout.buffer.write(np.concatenate(out).astype("<f8").tobytes())


main()
