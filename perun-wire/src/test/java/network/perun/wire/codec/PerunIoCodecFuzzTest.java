// SPDX-License-Identifier: Apache-2.0
package network.perun.wire.codec;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import network.perun.api.codec.MalformedMessageException;
import network.perun.api.message.Envelope;
import network.perun.api.message.Message;
import network.perun.api.message.MessageType;
import network.perun.testkit.random.RandomValues;
import org.junit.jupiter.api.Test;

/**
 * A seeded fuzz test of the decoder: random bytes and mutated valid encodings (bit flips, truncations,
 * insertions, deletions, splices, overwritten length fields) must either decode to a message or fail with a
 * {@link MalformedMessageException}; nothing else. A successful decode must re-encode to the very same bytes
 * (the encoding is canonical).
 *
 * <p>Replay a failure with {@code -Dperun.fuzz.seed=<seed>}; {@code -Dperun.fuzz.inputs=<n>} runs longer.
 */
class PerunIoCodecFuzzTest {
  private static final long SEED = Long.getLong("perun.fuzz.seed", 0xF0221_5EEDL);
  private static final int INPUTS = Integer.getInteger("perun.fuzz.inputs", 120_000);
  private static final int SIG_SIZE = 65;
  private static final int POOL = 600;
  private static final long[] INTERESTING = {
    0, 1, 2, 0x7F, 0x80, 0xFF, 0x100, 0x3FF, 0x400, 0x401, 0x7FFF, 0x8000, 0xFFFF, 0x10000,
    0x7FFF_FFFFL, 0x8000_0000L, 0xFFFF_FFFFL
  };

  private final PerunIoCodec codec = new PerunIoCodec(SIG_SIZE);

  @Test
  void decodingReturnsAMessageOrThrowsMalformedMessageExceptionOnly() {
    RandomValues rv = new RandomValues(SEED);
    RandomGenerator rnd = rv.random();
    MessageType[] types = MessageType.values();
    List<byte[]> messages = new ArrayList<>(POOL);
    List<byte[]> envelopes = new ArrayList<>(POOL);
    for (int i = 0; i < POOL; i++) {
      Message m = rv.message(types[i % types.length], SIG_SIZE);
      messages.add(codec.encodeMessage(m));
      envelopes.add(codec.encode(new Envelope(rv.wireAddress(rv.backendId()), rv.wireAddress(rv.backendId()), m)));
    }

    int decoded = 0;
    int refused = 0;
    Map<MessageType, Integer> decodedMutants = new EnumMap<>(MessageType.class);
    for (int i = 0; i < INPUTS; i++) {
      boolean asEnvelope = rnd.nextBoolean();
      List<byte[]> pool = asEnvelope ? envelopes : messages;
      boolean mutant = rnd.nextInt(10) != 0;
      byte[] input = mutant ? mutate(rnd, pool) : randomBytes(rnd, asEnvelope);
      Object result = decodeOrRefuse(input, asEnvelope, i);
      if (result == null) {
        refused++;
        continue;
      }
      decoded++;
      byte[] again = asEnvelope ? codec.encode((Envelope) result) : codec.encodeMessage((Message) result);
      if (!Arrays.equals(input, again)) {
        fail("seed " + SEED + ", input " + i + ": decoded " + result + " but it re-encodes differently\n input " + hex(input) + "\n again " + hex(again));
      }
      if (mutant) {
        MessageType type = asEnvelope ? ((Envelope) result).message().type() : ((Message) result).type();
        decodedMutants.merge(type, 1, Integer::sum);
      }
    }
    assertTrue(refused > INPUTS / 2, "seed " + SEED + ": only " + refused + " of " + INPUTS + " inputs refused");
    assertTrue(decoded > INPUTS / 100, "seed " + SEED + ": only " + decoded + " of " + INPUTS + " inputs decoded; the mutations are too coarse");
    assertTrue(decodedMutants.size() == types.length, "seed " + SEED + ": mutants decoded only for " + decodedMutants.keySet());
  }

  /** The decoded envelope or message, or null if it was refused with a {@link MalformedMessageException}. */
  private Object decodeOrRefuse(byte[] input, boolean asEnvelope, int index) {
    try {
      return asEnvelope ? codec.decode(input) : codec.decodeMessage(input);
    } catch (MalformedMessageException e) {
      if (e.getMessage() == null || e.getMessage().isEmpty()) {
        fail("seed " + SEED + ", input " + index + ": a refusal without a message for " + hex(input), e);
      }
      return null;
    } catch (Throwable t) {
      fail("seed " + SEED + ", input " + index + " (" + (asEnvelope ? "envelope" : "message") + "): "
          + t.getClass().getName() + " instead of MalformedMessageException for " + hex(input), t);
      return null;
    }
  }

  private static byte[] randomBytes(RandomGenerator rnd, boolean asEnvelope) {
    byte[] b = new byte[rnd.nextInt(0, 300)];
    rnd.nextBytes(b);
    if (!asEnvelope && b.length > 0 && rnd.nextBoolean()) {
      b[0] = (byte) rnd.nextInt(0, MessageType.values().length + 2);
    }
    return b;
  }

  private static byte[] mutate(RandomGenerator rnd, List<byte[]> pool) {
    byte[] b = pool.get(rnd.nextInt(pool.size())).clone();
    int mutations = 1 + (rnd.nextInt(4) == 0 ? rnd.nextInt(3) : 0);
    for (int k = 0; k < mutations; k++) {
      b = switch (rnd.nextInt(8)) {
        case 0 -> flipBits(rnd, b);
        case 1 -> Arrays.copyOf(b, b.length == 0 ? 0 : rnd.nextInt(b.length));
        case 2 -> insert(rnd, b);
        case 3 -> delete(rnd, b);
        case 4, 5 -> overwriteLength(rnd, b);
        case 6 -> splice(rnd, b, pool.get(rnd.nextInt(pool.size())));
        default -> setByte(rnd, b);
      };
    }
    return b;
  }

  private static byte[] flipBits(RandomGenerator rnd, byte[] b) {
    int flips = 1 + rnd.nextInt(4);
    for (int i = 0; i < flips && b.length > 0; i++) {
      int bit = rnd.nextInt(b.length * 8);
      b[bit / 8] ^= (byte) (1 << (bit % 8));
    }
    return b;
  }

  private static byte[] setByte(RandomGenerator rnd, byte[] b) {
    if (b.length > 0) {
      b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
    }
    return b;
  }

  private static byte[] insert(RandomGenerator rnd, byte[] b) {
    int at = rnd.nextInt(b.length + 1);
    byte[] extra = new byte[1 + rnd.nextInt(8)];
    rnd.nextBytes(extra);
    byte[] out = new byte[b.length + extra.length];
    System.arraycopy(b, 0, out, 0, at);
    System.arraycopy(extra, 0, out, at, extra.length);
    System.arraycopy(b, at, out, at + extra.length, b.length - at);
    return out;
  }

  private static byte[] delete(RandomGenerator rnd, byte[] b) {
    if (b.length == 0) {
      return b;
    }
    int at = rnd.nextInt(b.length);
    int n = Math.min(b.length - at, 1 + rnd.nextInt(8));
    byte[] out = new byte[b.length - n];
    System.arraycopy(b, 0, out, 0, at);
    System.arraycopy(b, at + n, out, at, b.length - at - n);
    return out;
  }

  /** Overwrites 1, 2 or 4 bytes at a random place with an interesting count or length, little- or big-endian. */
  private static byte[] overwriteLength(RandomGenerator rnd, byte[] b) {
    int width = new int[] {1, 2, 4}[rnd.nextInt(3)];
    if (b.length < width) {
      return b;
    }
    int at = rnd.nextInt(b.length - width + 1);
    long v = rnd.nextInt(4) == 0 ? b.length - at + rnd.nextInt(-2, 3) : INTERESTING[rnd.nextInt(INTERESTING.length)];
    boolean bigEndian = rnd.nextInt(4) == 0;
    for (int i = 0; i < width; i++) {
      int shift = 8 * (bigEndian ? width - 1 - i : i);
      b[at + i] = (byte) (v >>> shift);
    }
    return b;
  }

  private static byte[] splice(RandomGenerator rnd, byte[] a, byte[] other) {
    int cutA = rnd.nextInt(a.length + 1);
    int cutB = rnd.nextInt(other.length + 1);
    byte[] out = Arrays.copyOf(a, cutA + other.length - cutB);
    System.arraycopy(other, cutB, out, cutA, other.length - cutB);
    return out;
  }

  private static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }
}
