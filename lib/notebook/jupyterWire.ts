import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";

/**
 * The Jupyter messaging protocol 5.3 wire format: the frames of one message on a
 * ZeroMQ socket, signed with HMAC-SHA256 over header, parent header, metadata and
 * content (https://jupyter-client.readthedocs.io/en/stable/messaging.html#the-wire-protocol).
 */

export const PROTOCOL_VERSION = "5.3";
const DELIMITER = "<IDS|MSG>";

export interface MessageHeader {
  msg_id: string;
  session: string;
  username: string;
  date: string;
  msg_type: string;
  version: string;
}

export interface JupyterMessage {
  header: MessageHeader;
  parent_header: Partial<MessageHeader>;
  metadata: Record<string, unknown>;
  content: Record<string, unknown>;
}

export function makeMessage(
  msgType: string,
  content: Record<string, unknown>,
  session: string,
): JupyterMessage {
  return {
    header: {
      msg_id: randomUUID(),
      session,
      username: "tinyml",
      date: new Date().toISOString(),
      msg_type: msgType,
      version: PROTOCOL_VERSION,
    },
    parent_header: {},
    metadata: {},
    content,
  };
}

function sign(key: string, parts: string[]): string {
  const hmac = createHmac("sha256", key);
  for (const p of parts) hmac.update(p);
  return hmac.digest("hex");
}

/** Frames to send on a DEALER socket (no routing identities). */
export function encodeMessage(msg: JupyterMessage, key: string): string[] {
  const parts = [
    JSON.stringify(msg.header),
    JSON.stringify(msg.parent_header),
    JSON.stringify(msg.metadata),
    JSON.stringify(msg.content),
  ];
  return [DELIMITER, sign(key, parts), ...parts];
}

/**
 * Parses received frames (any routing prefix, such as an IOPub topic, is skipped).
 * Throws when the delimiter is missing or the signature does not verify: a message
 * that fails its signature did not come from our kernel and must not be trusted.
 */
export function decodeMessage(frames: Buffer[], key: string): JupyterMessage {
  const at = frames.findIndex((f) => f.toString("utf8") === DELIMITER);
  if (at < 0 || frames.length < at + 6) {
    throw new Error("malformed Jupyter message: no <IDS|MSG> delimiter or too few frames");
  }
  const parts = frames.slice(at + 2, at + 6).map((f) => f.toString("utf8"));
  const got = Buffer.from(frames[at + 1].toString("utf8"), "utf8");
  const want = Buffer.from(sign(key, parts), "utf8");
  if (key !== "" && (got.length !== want.length || !timingSafeEqual(got, want))) {
    throw new Error("Jupyter message with a bad HMAC signature");
  }
  const [header, parent, metadata, content] = parts.map((p) => JSON.parse(p) as unknown);
  return {
    header: header as MessageHeader,
    parent_header: parent as Partial<MessageHeader>,
    metadata: metadata as Record<string, unknown>,
    content: content as Record<string, unknown>,
  };
}
