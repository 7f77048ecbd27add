import { tf } from "../../tf/tf.js";

/**
 * The knowledge-distillation loss (Hinton et al. 2015) on logits, in
 * TensorFlow.js ops so that it trains: for student logits s and teacher
 * logits t [batch, classes] and one-hot labels [batch, classes],
 * alpha * T^2 * KL(softmax(t / T) || softmax(s / T)) + (1 - alpha) * CE(labels, softmax(s)),
 * averaged over the batch. T^2 keeps the soft term's gradient, which
 * scales as 1/T^2, comparable across temperatures. Returns a scalar.
 */
export function distillationLossTf(studentLogits: tf.Tensor, teacherLogits: tf.Tensor, oneHot: tf.Tensor, temperature: number, alpha: number): tf.Scalar {
  if (!(temperature > 0)) throw new RangeError(`temperature must be > 0, got ${temperature}`);
  if (!(alpha >= 0 && alpha <= 1)) throw new RangeError(`alpha must be in [0, 1], got ${alpha}`);
  return tf.tidy(() => {
    const ce = tf.neg(tf.sum(tf.mul(oneHot, tf.logSoftmax(studentLogits)), -1)).mean();
    const logPt = tf.logSoftmax(tf.div(teacherLogits, temperature));
    const logPs = tf.logSoftmax(tf.div(studentLogits, temperature));
    const kl = tf.sum(tf.mul(tf.exp(logPt), tf.sub(logPt, logPs)), -1).mean();
    return tf.add(tf.mul(alpha * temperature * temperature, kl), tf.mul(1 - alpha, ce)) as tf.Scalar;
  });
}
