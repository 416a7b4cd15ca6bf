// SPDX-License-Identifier: Apache-2.0
package network.perun.persistence.leveldb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32C;
import network.perun.api.InvalidValueException;
import network.perun.api.Phase;
import network.perun.api.WireAddress;
import network.perun.persistence.spi.CorruptedStoreException;
import network.perun.persistence.spi.PersistedChannel;
import network.perun.persistence.spi.PersistedChannelCodec;
import network.perun.persistence.spi.StoreException;
import network.perun.persistence.spi.UnsupportedFormatException;
import network.perun.testkit.random.RandomChannels;
import network.perun.testkit.random.RandomValues;
import org.junit.jupiter.api.Test;

/** The channel record the LevelDB store writes: round trips, and every kind of damage is a typed error. */
class PersistedChannelCodecTest {
  private static final long SEED = 4242;

  private static String seedInfo() {
    return " (seed " + SEED + ")";
  }

  private final RandomValues random = new RandomValues(SEED);

  @Test
  void randomChannelsInEveryPhaseRoundTrip() {
    for (int size : List.of(64, 65)) {
      PersistedChannelCodec codec = new PersistedChannelCodec(size);
      RandomChannels channels = new RandomChannels(random, size);
      for (int i = 0; i < 240; i++) {
        Phase phase = Phase.values()[i % Phase.values().length];
        PersistedChannel c = channels.channel(phase);
        if (random.chance(0.5)) {
          c = new PersistedChannel(c.id(), c.params(), c.ownIndex(), c.phase(), c.current(), c.staging(), c.peers(), Optional.of(random.channelId()));
        }
        if (random.chance(0.5)) {
          c = new PersistedChannel(c.id(), c.params(), c.ownIndex(), c.phase(), c.current(), c.staging(), c.peers(), c.parent(),
              Optional.of(random.balances(random.assets(), c.params().numParticipants())));
        }
        assertEquals(c, codec.decode(codec.encode(c)), "channel " + i + " in phase " + phase + seedInfo());
      }
    }
  }

  @Test
  void everyTruncationIsCorruption() {
    PersistedChannelCodec codec = new PersistedChannelCodec(64);
    byte[] record = codec.encode(new RandomChannels(random, 64).channel(Phase.SIGNING));
    for (int length = 0; length < record.length; length++) {
      byte[] cut = Arrays.copyOf(record, length);
      assertThrows(CorruptedStoreException.class, () -> codec.decode(cut), "record cut to " + length + " of " + record.length + " bytes" + seedInfo());
    }
    byte[] longer = Arrays.copyOf(record, record.length + 1);
    assertThrows(CorruptedStoreException.class, () -> codec.decode(longer), "a trailing byte" + seedInfo());
  }

  @Test
  void everyBitFlipIsDetected() {
    PersistedChannelCodec codec = new PersistedChannelCodec(64);
    byte[] record = codec.encode(new RandomChannels(random, 64).channel(Phase.PROGRESSING));
    for (int i = 0; i < record.length; i++) {
      for (int bit = 0; bit < 8; bit += 3) {
        byte[] flipped = record.clone();
        flipped[i] ^= (byte) (1 << bit);
        Class<? extends StoreException> expected = i == 0 ? UnsupportedFormatException.class : CorruptedStoreException.class;
        assertThrows(expected, () -> codec.decode(flipped), "bit " + bit + " of byte " + i + " of " + record.length + seedInfo());
      }
    }
  }

  @Test
  void invalidContentWithAValidChecksumIsCorruption() {
    PersistedChannelCodec codec = new PersistedChannelCodec(64);
    byte[] record = codec.encode(new RandomChannels(random, 64).channel(Phase.ACTING));
    int fixedLength = (record[3] & 0xFF) | (record[4] & 0xFF) << 8 | (record[5] & 0xFF) << 16 | (record[6] & 0xFF) << 24;
    byte[] badPhase = record.clone();
    badPhase[7 + fixedLength] = 12;
    CorruptedStoreException e = assertThrows(CorruptedStoreException.class, () -> codec.decode(withChecksum(badPhase)), seedInfo());
    assertTrue(e.getMessage().contains("phase code 12"), e.getMessage());
    byte[] badFixedLength = record.clone();
    badFixedLength[3]++;
    assertThrows(CorruptedStoreException.class, () -> codec.decode(withChecksum(badFixedLength)), seedInfo());
  }

  private static byte[] withChecksum(byte[] record) {
    CRC32C crc = new CRC32C();
    crc.update(record, 0, record.length - 4);
    int v = (int) crc.getValue();
    byte[] out = record.clone();
    for (int i = 0; i < 4; i++) {
      out[out.length - 4 + i] = (byte) (v >>> (8 * i));
    }
    return out;
  }

  @Test
  void recordOfAnotherSignatureSizeIsRefused() {
    byte[] record = new PersistedChannelCodec(65).encode(new RandomChannels(random, 65).channel(Phase.FINAL));
    StoreException e = assertThrows(StoreException.class, () -> new PersistedChannelCodec(64).decode(record));
    assertTrue(e.getMessage().contains("65-byte") && e.getMessage().contains("64-byte"), e.getMessage());
  }

  @Test
  void signatureOfTheWrongSizeIsNotEncoded() {
    PersistedChannel c = new RandomChannels(random, 65).channel(Phase.FUNDING);
    InvalidValueException e = assertThrows(InvalidValueException.class, () -> new PersistedChannelCodec(64).encode(c));
    assertTrue(e.getMessage().contains("65 bytes"), e.getMessage());
    assertThrows(InvalidValueException.class, () -> new PersistedChannelCodec(0));
  }

  @Test
  void fixedPartComparesOnlyTheFixedFields() {
    PersistedChannelCodec codec = new PersistedChannelCodec(64);
    RandomChannels channels = new RandomChannels(random, 64);
    PersistedChannel c = channels.channel(Phase.ACTING);
    PersistedChannel later = channels.inPhase(c, Phase.SIGNING);
    assertTrue(PersistedChannelCodec.fixedPartEquals(codec.encode(c), codec.encode(later)), seedInfo());
    List<WireAddress> peers = new java.util.ArrayList<>(c.peers());
    peers.set(0, random.wireAddress(0));
    PersistedChannel otherPeers = new PersistedChannel(c.id(), c.params(), c.ownIndex(), c.phase(), c.current(), c.staging(), peers, c.parent());
    assertFalse(PersistedChannelCodec.fixedPartEquals(codec.encode(c), codec.encode(otherPeers)), seedInfo());
    assertFalse(PersistedChannelCodec.fixedPartEquals(codec.encode(c), new byte[] {1, 2}), seedInfo());
  }
}
