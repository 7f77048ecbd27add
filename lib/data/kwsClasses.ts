/** The ten keywords of the keyword-spotting benchmark (Speech Commands, Warden 2018). */
export const KWS_KEYWORDS: readonly string[] = ["yes", "no", "up", "down", "left", "right", "on", "off", "stop", "go"];

/**
 * The benchmark's 12 classes, in label order. Every keyword-spotting dataset of the
 * course (synthetic-keywords, and speech-commands once fetched) uses this order, so a
 * model trained on one is evaluated on the other without relabelling.
 */
export const KWS_CLASSES: readonly string[] = [...KWS_KEYWORDS, "_silence_", "_unknown_"];
