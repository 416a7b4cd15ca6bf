// SPDX-License-Identifier: Apache-2.0
package network.perun.wire.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link FrameReader}: frames split and joined at any byte come out whole, in order; bad streams fail. */
class FrameReaderTest {
  private static final long SEED = 2026;
  private static final int MAX = 64 * 1024;

  /** Hands out its bytes in chunks of seeded random size (1 up to {@code maxChunk}), as a socket may. */
  private static final class Chunked extends InputStream {
    private final byte[] data;
    private final Random random;
    private final int maxChunk;
    private int pos;

    Chunked(byte[] data, Random random, int maxChunk) {
      this.data = data;
      this.random = random;
      this.maxChunk = maxChunk;
    }

    @Override
    public int read() {
      return pos < data.length ? data[pos++] & 0xFF : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (len == 0) {
        return 0;
      }
      if (pos >= data.length) {
        return -1;
      }
      int n = Math.min(Math.min(len, 1 + random.nextInt(maxChunk)), data.length - pos);
      System.arraycopy(data, pos, b, off, n);
      pos += n;
      return n;
    }
  }

  /** Counts the timer's calls and checks that they alternate. */
  private static final class CountingTimer implements Frames.Timer {
    int started;
    int finished;

    @Override
    public void started() {
      assertEquals(started, finished, "started twice");
      started++;
    }

    @Override
    public void finished() {
      finished++;
      assertEquals(started, finished, "finished without a start");
    }
  }

  private static byte[] header(long length) {
    return new byte[] {(byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length};
  }

  @Test
  void framesOfEveryLengthSplitAnywhereComeOutWholeAndInOrder() throws IOException {
    for (int round = 0; round < 20; round++) {
      long seed = SEED + round;
      Random random = new Random(seed);
      List<byte[]> bodies = new ArrayList<>();
      ByteArrayOutputStream stream = new ByteArrayOutputStream();
      for (int i = 0; i < 60; i++) {
        int kind = random.nextInt(10);
        int length = kind == 0 ? 0 : kind == 1 ? FrameReader.BUFFER_SIZE - 8 + random.nextInt(16) : kind == 2 ? 1 + random.nextInt(MAX) : 1 + random.nextInt(700);
        byte[] body = new byte[length];
        random.nextBytes(body);
        bodies.add(body);
        stream.writeBytes(length == 0 ? Frames.KEEP_ALIVE : Frames.frame(body));
      }
      int maxChunk = 1 + random.nextInt(3 * FrameReader.BUFFER_SIZE);
      FrameReader reader = new FrameReader(new Chunked(stream.toByteArray(), random, maxChunk), MAX);
      CountingTimer timer = new CountingTimer();
      for (int i = 0; i < bodies.size(); i++) {
        assertTrue(reader.next(timer), "frame " + i + " is there; seed " + seed);
        byte[] got = Arrays.copyOfRange(reader.buffer(), reader.offset(), reader.offset() + reader.length());
        assertArrayEquals(bodies.get(i), got, "frame " + i + " of " + bodies.get(i).length + " bytes; seed " + seed);
      }
      assertFalse(reader.next(timer), "the stream ends cleanly after the last frame; seed " + seed);
      assertEquals(bodies.size(), timer.started, "one timed read per frame; seed " + seed);
      assertEquals(timer.started, timer.finished, "seed " + seed);
    }
  }

  @Test
  void aLengthAboveTheMaximumFailsBeforeTheBodyIsRead() {
    FrameReader reader = new FrameReader(new Chunked(header(MAX + 1), new Random(SEED), 4), MAX);
    CountingTimer timer = new CountingTimer();
    ProtocolException e = assertThrows(ProtocolException.class, () -> reader.next(timer));
    assertTrue(e.getMessage().contains(String.valueOf(MAX + 1)), e.getMessage());
    assertEquals(1, timer.finished, "the timer is stopped on failure too");
  }

  @Test
  void aStreamEndingInsideAFrameFails() {
    byte[] small = Frames.frame(new byte[100]);
    byte[] large = Frames.frame(new byte[FrameReader.BUFFER_SIZE * 2]);
    for (byte[] cut : List.of(Arrays.copyOf(small, 2), Arrays.copyOf(small, 50), Arrays.copyOf(large, 3), Arrays.copyOf(large, FrameReader.BUFFER_SIZE + 10))) {
      FrameReader reader = new FrameReader(new Chunked(cut, new Random(SEED), 7), 4 * FrameReader.BUFFER_SIZE);
      CountingTimer timer = new CountingTimer();
      assertThrows(EOFException.class, () -> reader.next(timer), "cut after " + cut.length + " bytes");
      assertEquals(1, timer.finished, "the timer is stopped on failure too");
    }
  }
}
