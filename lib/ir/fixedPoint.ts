// TFLite's integer-only arithmetic (tensorflow/lite/kernels/internal/common.h,
// quantization_util.cc) and gemmlowp's fixed-point functions, as used by its
// reference kernels. All values are int32 held in JS numbers; every function
// returns exactly what the C++ returns, including its rounding.

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
const TWO_31 = 2147483648;

/**
 * gemmlowp SaturatingRoundingDoublingHighMul: the high 32 bits of 2*a*b,
 * rounded to nearest (ties away from zero), saturating the one overflow case.
 * The 62-bit product is split so every intermediate stays an exact double.
 */
export function saturatingRoundingDoublingHighMul(a: number, b: number): number {
  if (a === INT32_MIN && b === INT32_MIN) return INT32_MAX;
  // a*b = a*bh*2^16 + a*bl, with 0 <= bl < 2^16
  const bl = b & 0xffff;
  const bh = (b - bl) / 65536;
  const x = a * bh; // |x| < 2^46
  const nudge = a * b >= 0 ? 1 << 30 : 1 - (1 << 30);
  const y = a * bl + nudge; // |y| < 2^48
  // total = x * 2^16 + y; we need trunc(total / 2^31)
  const q1 = Math.floor(x / 32768);
  const r1 = x - q1 * 32768; // 0 <= r1 < 2^15
  const z = r1 * 65536 + y;
  const q2 = Math.floor(z / TWO_31);
  const floorQuotient = q1 + q2;
  const exact = z - q2 * TWO_31 === 0;
  // C++ int64 division truncates toward zero
  return floorQuotient < 0 && !exact ? floorQuotient + 1 : floorQuotient;
}

/** gemmlowp RoundingDivideByPOT: x / 2^exponent rounded to nearest, ties away from zero. exponent in [0, 31]. */
export function roundingDivideByPot(x: number, exponent: number): number {
  if (exponent === 0) return x;
  const mask = exponent >= 31 ? 0x7fffffff : (1 << exponent) - 1;
  const remainder = x & mask;
  const threshold = (mask >> 1) + (x < 0 ? 1 : 0);
  return (x >> exponent) + (remainder > threshold ? 1 : 0);
}

/** Wrap to int32 the way C++ int32 arithmetic does on every target we run. */
function wrap32(x: number): number {
  return x | 0;
}

/**
 * TFLite MultiplyByQuantizedMultiplier (double rounding, TFLite's default):
 * x * multiplier * 2^shift / 2^31, where multiplier is in [2^30, 2^31) and
 * shift in [-31, 30].
 */
export function multiplyByQuantizedMultiplier(x: number, multiplier: number, shift: number): number {
  const left = shift > 0 ? shift : 0;
  const right = shift > 0 ? 0 : -shift;
  return roundingDivideByPot(saturatingRoundingDoublingHighMul(wrap32(x * 2 ** left), multiplier), right);
}

/** TFLite MultiplyByQuantizedMultiplierGreaterThanOne (shift >= 0, no right shift). */
export function multiplyByQuantizedMultiplierGreaterThanOne(x: number, multiplier: number, leftShift: number): number {
  return saturatingRoundingDoublingHighMul(wrap32(x * 2 ** leftShift), multiplier);
}

/** std::frexp: x = fraction * 2^exponent with |fraction| in [0.5, 1). */
export function frexp(x: number): { fraction: number; exponent: number } {
  if (x === 0 || !Number.isFinite(x)) return { fraction: x, exponent: 0 };
  let exponent = Math.max(-1073, Math.floor(Math.log2(Math.abs(x))) + 1);
  let fraction = x * 2 ** -exponent;
  // log2 can be off by one near powers of two
  while (Math.abs(fraction) < 0.5) { fraction *= 2; exponent--; }
  while (Math.abs(fraction) >= 1) { fraction /= 2; exponent++; }
  return { fraction, exponent };
}

/** TfLiteRound / std::round: half away from zero. */
export function roundHalfAway(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

/** A real multiplier as TFLite stores it: multiplier * 2^shift / 2^31. */
export interface QuantizedMultiplier {
  /** int32 in [2^30, 2^31), or 0 for a zero multiplier. */
  multiplier: number;
  shift: number;
}

/** TFLite QuantizeMultiplier for a non-negative real multiplier (a double). */
export function quantizeMultiplier(real: number): QuantizedMultiplier {
  if (real === 0) return { multiplier: 0, shift: 0 };
  if (!(real > 0) || !Number.isFinite(real)) throw new RangeError(`cannot quantize the multiplier ${real}`);
  const { fraction, exponent } = frexp(real);
  let shift = exponent;
  let q = roundHalfAway(fraction * TWO_31);
  if (q === TWO_31) { q /= 2; shift++; }
  if (shift < -31) return { multiplier: 0, shift: 0 };
  return { multiplier: q, shift };
}

/** gemmlowp SaturatingRoundingMultiplyByPOT on a raw int32. */
export function saturatingRoundingMultiplyByPot(x: number, exponent: number): number {
  if (exponent === 0) return x;
  if (exponent < 0) return roundingDivideByPot(x, -exponent);
  const threshold = 2 ** (31 - exponent) - 1;
  if (x > threshold) return INT32_MAX;
  if (x < -threshold) return INT32_MIN;
  return x * 2 ** exponent;
}

/** gemmlowp FixedPoint addition (wraps like int32). */
function add(a: number, b: number): number {
  return wrap32(a + b);
}

const mul = saturatingRoundingDoublingHighMul;

/** exp(a) for a in [-1/4, 0), Q0.31 in and out (gemmlowp's Taylor expansion around -1/8). */
function expOnIntervalBetweenNegativeOneQuarterAnd0Excl(a: number): number {
  const constantTerm = 1895147668; // exp(-1/8) in Q0.31
  const constantOneThird = 715827883; // 1/3 in Q0.31
  const x = add(a, 1 << 28);
  const x2 = mul(x, x);
  const x3 = mul(x2, x);
  const x4 = mul(x2, x2);
  const x4Over4 = saturatingRoundingMultiplyByPot(x4, -2);
  const poly = saturatingRoundingMultiplyByPot(add(mul(add(x4Over4, x3), constantOneThird), x2), -1);
  return add(constantTerm, mul(constantTerm, add(x, poly)));
}

/** exp(-2^k) in Q0.31 for k = -2..4, the barrel shifter of gemmlowp's exp. */
const EXP_BARREL: readonly [number, number][] = [
  [-2, 1672461947], [-1, 1302514674], [0, 790015084], [1, 290630308], [2, 39332535], [3, 720401], [4, 242],
];

/** gemmlowp exp_on_negative_values: input raw with `integerBits` integer bits (a <= 0), output Q0.31. */
export function expOnNegativeValues(a: number, integerBits: number): number {
  const fractionalBits = 31 - integerBits;
  const oneQuarter = 2 ** (fractionalBits - 2);
  const aModQuarterMinusOneQuarter = wrap32((a & (oneQuarter - 1)) - oneQuarter);
  let result = expOnIntervalBetweenNegativeOneQuarterAnd0Excl(
    saturatingRoundingMultiplyByPot(aModQuarterMinusOneQuarter, integerBits),
  );
  const remainder = wrap32(aModQuarterMinusOneQuarter - a);
  for (const [exponent, multiplier] of EXP_BARREL) {
    if (integerBits > exponent) {
      const bit = fractionalBits + exponent;
      if ((remainder & (2 ** bit)) !== 0) result = mul(result, multiplier);
    }
  }
  if (integerBits > 5) {
    const clamp = -(2 ** (36 - integerBits));
    if (a < clamp) result = 0;
  }
  return a === 0 ? INT32_MAX : result;
}

/** gemmlowp one_over_one_plus_x_for_x_in_0_1: Q0.31 in and out, three Newton-Raphson steps in Q2.29. */
export function oneOverOnePlusXForXIn01(a: number): number {
  return saturatingRoundingMultiplyByPot(newtonReciprocalOfHalfDenominator(a), 1);
}

/** gemmlowp one_minus_x_over_one_plus_x_for_x_in_0_1: (1 - a) / (1 + a), Q0.31 in and out. */
export function oneMinusXOverOnePlusXForXIn01(a: number): number {
  return saturatingRoundingMultiplyByPot(wrap32(newtonReciprocalOfHalfDenominator(a) - (1 << 29)), 2);
}

/** 1 / ((1 + a) / 2) in Q2.29 for a in [0, 1) in Q0.31: the Newton-Raphson division both gemmlowp quotients share. */
function newtonReciprocalOfHalfDenominator(a: number): number {
  const halfDenominator = roundingHalfSum(a, INT32_MAX);
  const c48Over17 = 1515870810;
  const cNeg32Over17 = -1010580540;
  const oneQ229 = 1 << 29;
  let x = add(c48Over17, mul(halfDenominator, cNeg32Over17));
  for (let i = 0; i < 3; i++) {
    const halfDenominatorTimesX = mul(halfDenominator, x);
    const oneMinus = wrap32(oneQ229 - halfDenominatorTimesX);
    x = add(x, saturatingRoundingMultiplyByPot(mul(x, oneMinus), 2));
  }
  return x;
}

/**
 * gemmlowp tanh for an input with `integerBits` integer bits; output Q0.31:
 * (1 - e) / (1 + e) with e = exp(-2|a|) (the doubling is the same raw value
 * read with one more integer bit), the sign restored after.
 */
export function fixedPointTanh(a: number, integerBits: number): number {
  if (a === 0) return 0;
  const negative = a < 0 ? a : wrap32(-a);
  const t = oneMinusXOverOnePlusXForXIn01(expOnNegativeValues(negative, integerBits + 1));
  return a < 0 ? wrap32(-t) : t;
}

/** int32 addition and subtraction saturating instead of wrapping (TFLite SaturatingAddNonGemmlowp / SaturatingSub). */
function saturatingAdd(a: number, b: number): number {
  return Math.max(INT32_MIN, Math.min(INT32_MAX, a + b));
}

/**
 * TFLite log_x_for_x_greater_than_or_equal_to_1 with 5 output integer bits:
 * ln(x) for x >= 1 given with `inputIntegerBits` integer bits, in Q5.26.
 * The input's power of two is read off its leading zeros, twice (once after a
 * multiply by sqrt(1/2)) and the closer reading kept; the remaining mantissa
 * goes through a rational approximation around 2^(-1/4), divided by
 * gemmlowp's Newton-Raphson reciprocal. Accumulates with 6 integer bits.
 */
export function logXForXGreaterThanOrEqualTo1(x: number, inputIntegerBits: number): number {
  const accumBits = 6;
  const log2 = 1488522236, sqrtSqrtHalf = 1805811301, sqrtHalf = 1518500250, oneQuarter = 536870912;
  const alphaN = 117049297, alphaD = 127690142, alphaI = 1057819769, alphaF = 638450708;
  const shiftedQuarter = roundingDivideByPot(oneQuarter, accumBits);
  const zAHeadroomPlus1 = Math.clz32(x);
  const rATmp = saturatingRoundingMultiplyByPot(x, zAHeadroomPlus1 - 1);
  const rA = saturatingRoundingMultiplyByPot(mul(rATmp, sqrtHalf), 1);
  const zAPow2Adj = saturatingAdd(saturatingRoundingMultiplyByPot(inputIntegerBits - zAHeadroomPlus1, 31 - accumBits), shiftedQuarter);
  const zB = mul(x, sqrtHalf);
  const zBHeadroom = Math.clz32(zB) - 1;
  const rB = saturatingRoundingMultiplyByPot(x, zBHeadroom);
  const zBPow2Adj = saturatingAdd(saturatingRoundingMultiplyByPot(inputIntegerBits - zBHeadroom, 31 - accumBits), -shiftedQuarter);
  const r = Math.min(rA, rB);
  const zPow2Adj = Math.max(zAPow2Adj, zBPow2Adj);
  const p = roundingHalfSum(r, sqrtSqrtHalf);
  let q = wrap32(r - sqrtSqrtHalf);
  q = wrap32(q + q);
  const commonSq = mul(q, q);
  const num = add(mul(q, r), mul(mul(q, commonSq), alphaN));
  const denomMinusOne = add(mul(p, add(add(alphaI, q), mul(alphaD, commonSq))), mul(alphaF, q));
  const recipDenom = oneOverOnePlusXForXIn01(denomMinusOne);
  const numScaled = roundingDivideByPot(num, accumBits);
  return saturatingRoundingMultiplyByPot(add(mul(zPow2Adj, log2), mul(numScaled, recipDenom)), accumBits - 5);
}

/** gemmlowp RoundingHalfSum: (a + b) / 2 in 64 bits, rounded half away from zero. */
function roundingHalfSum(a: number, b: number): number {
  const sum = a + b;
  return sum >= 0 ? Math.floor((sum + 1) / 2) : Math.ceil((sum - 1) / 2);
}

/** TFLite GetReciprocal: 1/x for x with `integerDigits` integer bits, as a Q0.31 scale and a bit count. */
export function getReciprocal(x: number, integerDigits: number): { scale: number; bitsOverUnit: number } {
  const headroomPlusOne = Math.clz32(x);
  const shiftedSumMinusOne = wrap32(((x >>> 0) * 2 ** headroomPlusOne) - TWO_31);
  return {
    scale: oneOverOnePlusXForXIn01(shiftedSumMinusOne),
    bitsOverUnit: integerDigits - headroomPlusOne,
  };
}

/** gemmlowp logistic for an input with `integerBits` integer bits; output Q0.31. */
export function fixedPointLogistic(a: number, integerBits: number): number {
  if (a === 0) return 1 << 30;
  const absA = a > 0 ? a : wrap32(-a);
  const positive = oneOverOnePlusXForXIn01(expOnNegativeValues(wrap32(-absA), integerBits));
  return a > 0 ? positive : wrap32(INT32_MAX - positive);
}

/** TFLite CalculateInputRadius: the largest input difference that does not saturate. */
export function calculateInputRadius(integerBits: number, leftShift: number, totalSignedBits = 31): number {
  const max = (2 ** integerBits - 1) * 2 ** (totalSignedBits - integerBits) / 2 ** leftShift;
  return Math.floor(max);
}

/**
 * TFLite's int64 MultiplyByQuantizedMultiplier (the 16x8 kernels' int64
 * accumulators): the multiplier rounded to 16 bits, then
 * (x * reduced + 2^(s - 1)) >> s with s = 15 - shift, in exact integer
 * arithmetic. x is an exact integer below 2^47 in magnitude.
 */
export function multiplyByQuantizedMultiplier64(x: number, multiplier: number, shift: number): number {
  const reduced = multiplier < 0x7fff0000 ? (multiplier + 32768) >> 16 : 0x7fff;
  const total = BigInt(15 - shift);
  return Number((BigInt(x) * BigInt(reduced) + (1n << (total - 1n))) >> total);
}
