import { tf } from "../tf/tf.js";
import { MAX_DEPTH, STAGES } from "./kwsSearchSpace.js";
import { slotName, type Supernet } from "./Supernet.js";

/**
 * Reorders each block's expanded channels by importance, most important first, as
 * Once-for-All does before it trains smaller expand ratios: a narrower block keeps the
 * first channels, so they should be the ones that matter. Importance is the L1 norm
 * of the channel's weights in the 1x1 projection that reads it. The permutation is
 * applied to the expand kernel's outputs, its batch-norm, the depthwise kernel and its
 * batch-norm, and the projection's inputs, so the largest network computes the same
 * function. Run it after the largest network has trained and before smaller expand
 * ratios train.
 * Returns the permutation of each block slot (stage-major).
 */
export function sortChannels(net: Supernet): Int32Array[] {
  const orders: Int32Array[] = [];
  for (let s = 0; s < STAGES; s++) {
    for (let b = 0; b < MAX_DEPTH; b++) {
      const p = slotName(s, b);
      const importance = tf.tidy(() => tf.sum(tf.abs(net.w(`${p}/project/kernel`)), [0, 1, 3]).dataSync());
      // Stable: ties keep their index order, so the result is deterministic.
      const order = Int32Array.from(Array.from(importance.keys()).sort((i, j) => importance[j] - importance[i] || i - j));
      orders.push(order);
      const idx = tf.tensor1d(order, "int32");
      for (const [name, axis] of [[`${p}/expand/kernel`, 3], [`${p}/expand/gamma`, 0], [`${p}/expand/beta`, 0], [`${p}/dw/kernel`, 2], [`${p}/dw/gamma`, 0], [`${p}/dw/beta`, 0], [`${p}/project/kernel`, 2]] as const) {
        const v = net.w(name);
        const permuted = tf.gather(v, idx, axis);
        v.assign(permuted);
        permuted.dispose();
      }
      idx.dispose();
    }
  }
  return orders;
}
