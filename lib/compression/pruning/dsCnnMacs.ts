// tinyml-lab: 01
/**
 * Multiply-accumulates of one DS-CNN inference (49x10x1 MFCCs; a 10x4
 * stride-2 'same' stem giving 25x5; four blocks of 3x3 depthwise then 1x1
 * pointwise; average pooling; a dense layer to `classes`) whose stem and
 * four pointwise convs have `channels` = [stem, pw1, pw2, pw3, pw4] output
 * channels. Pooling is not counted.
 */
export function dsCnnMacs(channels: number[], classes: number): number {
  // BEGIN SOLUTION
  if (channels.length !== 5) throw new RangeError(`channels needs 5 widths [stem, pw1..pw4], got ${channels.length}`);
  const pixels = 25 * 5;
  let macs = pixels * channels[0] * 10 * 4;
  for (let b = 1; b <= 4; b++) macs += pixels * channels[b - 1] * 9 + pixels * channels[b - 1] * channels[b];
  return macs + channels[4] * classes;
  // END SOLUTION
}
