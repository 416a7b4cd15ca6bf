// SPDX-License-Identifier: Apache-2.0
package network.perun.wire.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import network.perun.api.InvalidValueException;
import network.perun.api.Signature;
import network.perun.api.codec.MalformedMessageException;
import network.perun.api.codec.PerunIoReader;
import network.perun.api.message.ChannelSync;
import network.perun.api.message.ChannelUpdate;
import network.perun.api.message.ChannelUpdateAcc;
import network.perun.api.message.Envelope;
import network.perun.api.message.Message;
import network.perun.api.message.MessageType;
import network.perun.api.message.Ping;
import network.perun.testkit.random.RandomValues;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Round trips of seeded random messages and envelopes of every type through {@link PerunIoCodec}. */
class PerunIoCodecRoundTripTest {
  private static final long SEED = 0x5EED_C0DECL;
  private static final int ROUNDS = 200;

  @ParameterizedTest
  @EnumSource(MessageType.class)
  void randomMessagesOfEveryTypeSurviveARoundTrip(MessageType type) {
    for (int signatureSize : new int[] {64, 65}) {
      PerunIoCodec codec = new PerunIoCodec(signatureSize);
      long seed = SEED + type.id() * 1000L + signatureSize;
      RandomValues rv = new RandomValues(seed);
      for (int i = 0; i < ROUNDS; i++) {
        Message m = rv.message(type, signatureSize);
        byte[] bytes = codec.encodeMessage(m);
        assertEquals(type.id(), bytes[0] & 0xFF, "type byte, seed " + seed);
        Message decoded = codec.decodeMessage(bytes);
        assertEquals(m, decoded, "seed " + seed + ", round " + i + ", bytes " + HexFormat.of().formatHex(bytes));
        assertArrayEquals(bytes, codec.encodeMessage(decoded), "re-encoding, seed " + seed + ", round " + i);
      }
    }
  }

  @Test
  void randomEnvelopesSurviveARoundTrip() {
    PerunIoCodec codec = new PerunIoCodec(64);
    RandomValues rv = new RandomValues(SEED);
    for (int i = 0; i < ROUNDS * 5; i++) {
      Envelope e = rv.envelope(64);
      byte[] bytes = codec.encode(e);
      assertEquals(e, codec.decode(bytes), "seed " + SEED + ", round " + i + ", bytes " + HexFormat.of().formatHex(bytes));
    }
  }

  @Test
  void theEnvelopeIsSenderThenRecipientThenTheMessage() {
    PerunIoCodec codec = new PerunIoCodec(64);
    RandomValues rv = new RandomValues(SEED);
    Envelope e = rv.envelope(64);
    byte[] bytes = codec.encode(e);
    byte[] message = codec.encodeMessage(e.message());
    int addressBytes = 4 + 4 + 2 + 32;
    assertEquals(2 * addressBytes + message.length, bytes.length, "seed " + SEED);
    assertArrayEquals(message, Arrays.copyOfRange(bytes, 2 * addressBytes, bytes.length), "seed " + SEED);
  }

  @Test
  void readEnvelopeLeavesTheFollowingBytesUnread() {
    PerunIoCodec codec = new PerunIoCodec(64);
    RandomValues rv = new RandomValues(SEED);
    Envelope a = rv.envelope(64);
    Envelope b = rv.envelope(64);
    byte[] first = codec.encode(a);
    byte[] second = codec.encode(b);
    byte[] both = Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, both, first.length, second.length);
    PerunIoReader r = new PerunIoReader(both);
    assertEquals(a, codec.readEnvelope(r));
    assertEquals(first.length, r.position());
    assertEquals(b, codec.readEnvelope(r));
    assertEquals(0, r.remaining());
  }

  @Test
  void trailingBytesAreRefused() {
    PerunIoCodec codec = new PerunIoCodec(64);
    RandomValues rv = new RandomValues(SEED);
    Envelope e = rv.envelope(64);
    byte[] bytes = codec.encode(e);
    byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
    MalformedMessageException ex = assertThrows(MalformedMessageException.class, () -> codec.decode(longer));
    assertTrue(ex.getMessage().contains("1 trailing bytes"), ex.getMessage());
    byte[] message = codec.encodeMessage(e.message());
    byte[] longerMessage = Arrays.copyOf(message, message.length + 3);
    assertThrows(MalformedMessageException.class, () -> codec.decodeMessage(longerMessage));
  }

  @Test
  void unknownTypeIdsAreRefused() {
    PerunIoCodec codec = new PerunIoCodec(64);
    for (int id = MessageType.values().length; id < 256; id++) {
      byte[] bytes = {(byte) id, 0, 0, 0, 0, 0, 0, 0, 0};
      MalformedMessageException ex = assertThrows(MalformedMessageException.class, () -> codec.decodeMessage(bytes));
      assertTrue(ex.getMessage().contains("unknown message type " + id), ex.getMessage());
    }
  }

  @Test
  void anEmptyInputIsRefused() {
    PerunIoCodec codec = new PerunIoCodec(64);
    assertThrows(MalformedMessageException.class, () -> codec.decodeMessage(new byte[0]));
    assertThrows(MalformedMessageException.class, () -> codec.decode(new byte[0]));
  }

  @Test
  void aSignatureOfTheWrongSizeIsNotEncoded() {
    RandomValues rv = new RandomValues(SEED);
    PerunIoCodec codec = new PerunIoCodec(65);
    ChannelUpdateAcc acc = new ChannelUpdateAcc(rv.channelId(), 1, new Signature(rv.bytes(64)));
    InvalidValueException ex = assertThrows(InvalidValueException.class, () -> codec.encodeMessage(acc));
    assertTrue(ex.getMessage().contains("64 bytes") && ex.getMessage().contains("65"), ex.getMessage());
    ChannelUpdate update = (ChannelUpdate) rv.message(MessageType.CHANNEL_UPDATE, 64);
    assertThrows(InvalidValueException.class, () -> codec.encodeMessage(update));
    ChannelSync sync = new ChannelSync(network.perun.api.Phase.ACTING,
        rv.transaction(rv.state(rv.channelId(), 1, 2), 65).withSignature(1, new Signature(rv.bytes(3))));
    assertThrows(InvalidValueException.class, () -> codec.encodeMessage(sync));
  }

  @Test
  void theSignatureSizeMustBePositive() {
    assertThrows(InvalidValueException.class, () -> new PerunIoCodec(0));
    assertThrows(InvalidValueException.class, () -> new PerunIoCodec(-1));
    assertEquals(65, new PerunIoCodec(65).signatureSize());
  }

  @Test
  void theExtremePingTimesSurvive() {
    PerunIoCodec codec = new PerunIoCodec(64);
    for (long t : new long[] {Long.MIN_VALUE, -1, 0, 1, Long.MAX_VALUE}) {
      assertEquals(new Ping(t), codec.decodeMessage(codec.encodeMessage(new Ping(t))));
    }
  }

  @Test
  void anEmptySignatureSlotListOfAFullyUnsignedTransactionSurvives() {
    RandomValues rv = new RandomValues(SEED);
    PerunIoCodec codec = new PerunIoCodec(64);
    var state = rv.state(rv.channelId(), 2, 3);
    ChannelSync sync = new ChannelSync(network.perun.api.Phase.SIGNING,
        new network.perun.api.Transaction(state, List.of(Optional.empty(), Optional.empty(), Optional.empty())));
    assertEquals(sync, codec.decodeMessage(codec.encodeMessage(sync)));
  }
}
