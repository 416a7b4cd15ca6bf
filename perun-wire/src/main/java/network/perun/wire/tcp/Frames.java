// SPDX-License-Identifier: Apache-2.0
package network.perun.wire.tcp;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolException;

/**
 * The frame of the TCP transport, our addition to go-perun's format (go-perun's perunio stream has no frame):
 * a length prefix and exactly one body.
 *
 * <pre>
 * frame      [length:u32 big-endian][body: length bytes]      1 &lt;= length &lt;= the reader's maximum
 * keep-alive [length:u32 = 0]                                 no body; the reader skips it
 * </pre>
 *
 * <p>After the handshake every body is one perunio envelope, byte for byte what go-perun v0.15 writes; during
 * the handshake the bodies are the hello and authentication messages of {@link Handshake}.
 */
final class Frames {
  /** The size of the length prefix. */
  static final int HEADER_LENGTH = 4;
  /** A frame without a body, which the reader skips: a probe that the connection still works. */
  static final byte[] KEEP_ALIVE = new byte[HEADER_LENGTH];

  private static final byte[] KEEP_ALIVE_BODY = new byte[0];

  private Frames() {}

  /** Notified once the first byte of a frame has arrived and once the whole frame has, to bound its arrival. */
  interface Timer {
    Timer NONE = new Timer() {
      @Override
      public void started() {}

      @Override
      public void finished() {}
    };

    void started();

    void finished();
  }

  /** The frame of {@code body}: its length and the body. */
  static byte[] frame(byte[] body) {
    byte[] frame = new byte[HEADER_LENGTH + body.length];
    int n = body.length;
    frame[0] = (byte) (n >>> 24);
    frame[1] = (byte) (n >>> 16);
    frame[2] = (byte) (n >>> 8);
    frame[3] = (byte) n;
    System.arraycopy(body, 0, frame, HEADER_LENGTH, n);
    return frame;
  }

  /**
   * Reads one frame and returns its body (empty for a keep-alive), or null if the stream ended cleanly before a
   * frame began. Nothing is allocated for a body before its length is checked against {@code maxLength}.
   *
   * @throws ProtocolException for a length above {@code maxLength}
   * @throws EOFException if the stream ends inside a frame
   */
  static byte[] read(InputStream in, int maxLength, Timer timer) throws IOException {
    int first = in.read();
    if (first < 0) {
      return null;
    }
    timer.started();
    try {
      byte[] rest = readFully(in, HEADER_LENGTH - 1, "frame header");
      long length = ((long) first << 24) | ((rest[0] & 0xFFL) << 16) | ((rest[1] & 0xFFL) << 8) | (rest[2] & 0xFFL);
      if (length > maxLength) {
        throw new ProtocolException("frame length " + length + " is above the maximum of " + maxLength);
      }
      if (length == 0) {
        return KEEP_ALIVE_BODY;
      }
      return readFully(in, (int) length, "frame body of " + length + " bytes");
    } finally {
      timer.finished();
    }
  }

  private static byte[] readFully(InputStream in, int n, String what) throws IOException {
    byte[] buf = in.readNBytes(n);
    if (buf.length < n) {
      throw new EOFException("stream ended after " + buf.length + " of " + n + " bytes of the " + what);
    }
    return buf;
  }
}
