// SPDX-License-Identifier: Apache-2.0
package network.perun.wire.tcp;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolException;

/**
 * A reader of consecutive {@link Frames} from one stream through a buffer of its own: one read of the stream
 * takes in as many frames as have arrived, and a frame that fits in the buffer is handed out in place, without a
 * copy or an allocation.
 *
 * <pre>
 * buffer  [consumed frames][start: next frame ...][end: free space]
 * frame   [length:u32 big-endian][body: length bytes]     body handed out as (buffer(), offset(), length())
 * </pre>
 *
 * <p>The body handed out by {@link #next} stays valid until the next call. A frame longer than the buffer gets an
 * array of its own, allocated only after its length is checked against the maximum.
 */
final class FrameReader {
  /** The buffer size: one TLS record's plaintext at most, and the header of the next. */
  static final int BUFFER_SIZE = 16 * 1024 + Frames.HEADER_LENGTH;

  private static final byte[] EMPTY = new byte[0];

  private final InputStream in;
  private final int maxLength;
  private final byte[] buf = new byte[BUFFER_SIZE];
  private int start;
  private int end;
  private byte[] body = EMPTY;
  private int offset;
  private int length;

  FrameReader(InputStream in, int maxLength) {
    this.in = in;
    this.maxLength = maxLength;
  }

  /**
   * Reads the next frame; false if the stream ended cleanly before a frame began. {@code timer} hears when the
   * frame's first byte is in and when the whole frame is. A keep-alive frame is one of length 0.
   *
   * @throws ProtocolException for a length above the maximum
   * @throws EOFException if the stream ends inside a frame
   */
  boolean next(Frames.Timer timer) throws IOException {
    if (start == end) {
      start = 0;
      end = 0;
      int n = in.read(buf, 0, buf.length);
      if (n < 0) {
        return false;
      }
      end = n;
    }
    timer.started();
    try {
      fill(Frames.HEADER_LENGTH, "frame header");
      long n = ((buf[start] & 0xFFL) << 24) | ((buf[start + 1] & 0xFFL) << 16) | ((buf[start + 2] & 0xFFL) << 8) | (buf[start + 3] & 0xFFL);
      if (n > maxLength) {
        throw new ProtocolException("frame length " + n + " is above the maximum of " + maxLength);
      }
      start += Frames.HEADER_LENGTH;
      int len = (int) n;
      if (len <= buf.length) {
        fill(len, "frame body of " + len + " bytes");
        body = buf;
        offset = start;
        length = len;
        start += len;
      } else {
        byte[] big = new byte[len];
        int have = end - start;
        System.arraycopy(buf, start, big, 0, have);
        int got = have + in.readNBytes(big, have, len - have);
        if (got < len) {
          throw new EOFException("stream ended after " + got + " of " + len + " bytes of the frame body");
        }
        start = 0;
        end = 0;
        body = big;
        offset = 0;
        length = len;
      }
      return true;
    } finally {
      timer.finished();
    }
  }

  /** The array holding the body of the last frame read. */
  byte[] buffer() {
    return body;
  }

  /** Where the body of the last frame read begins in {@link #buffer()}. */
  int offset() {
    return offset;
  }

  /** The length of the body of the last frame read; 0 for a keep-alive. */
  int length() {
    return length;
  }

  /** Reads until {@code n <= buf.length} bytes from {@code start} on are in, moving them to the front if need be. */
  private void fill(int n, String what) throws IOException {
    if (end - start >= n) {
      return;
    }
    if (start + n > buf.length) {
      System.arraycopy(buf, start, buf, 0, end - start);
      end -= start;
      start = 0;
    }
    while (end - start < n) {
      int got = in.read(buf, end, buf.length - end);
      if (got < 0) {
        throw new EOFException("stream ended after " + (end - start) + " of " + n + " bytes of the " + what);
      }
      end += got;
    }
  }
}
