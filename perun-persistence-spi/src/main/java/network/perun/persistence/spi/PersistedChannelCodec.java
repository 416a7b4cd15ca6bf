// SPDX-License-Identifier: Apache-2.0
package network.perun.persistence.spi;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32C;
import network.perun.api.Balances;
import network.perun.api.ChannelId;
import network.perun.api.InvalidValueException;
import network.perun.api.Limits;
import network.perun.api.Params;
import network.perun.api.Phase;
import network.perun.api.Signature;
import network.perun.api.Transaction;
import network.perun.api.WireAddress;
import network.perun.api.codec.MalformedMessageException;
import network.perun.api.codec.PerunIo;
import network.perun.api.codec.PerunIoReader;
import network.perun.api.codec.PerunIoWriter;

/**
 * The binary record of one {@link PersistedChannel}, for stores that keep bytes. The values inside use the perunio
 * encoding of {@link PerunIo} (little-endian), so they read like go-perun's stored values.
 *
 * <pre>
 * record    [format:u8 = 2][signatureSize:u16][fixedLength:u32] fixed mutable [crc32c:u32]
 * fixed     [id:32] params [ownIndex:u16] peers [hasParent:bool] ([parent:32])?
 *           [hasAgreement:bool] (agreement)?                                       (fixedLength bytes)
 * peers     [count:i32] ([count:i32 = 1][backendId:i32][len:u16][wire address])*count
 * agreement [assets:u16][participants:u16] ([amount:bigint])*(assets*participants)  (perunio balances)
 * mutable   [phase:u8] [hasCurrent:bool] (transaction)? [hasStaging:bool] (transaction)?
 * crc32c    CRC-32C of every byte before it
 * </pre>
 *
 * <p>Format 1, the format before funding agreements were kept, is format 2 without {@code [hasAgreement]} and
 * {@code agreement}: it is still read, as a channel without an explicit agreement (each participant deposits their
 * initial balance, which is what such a record meant). Records are always written in format 2. A record of a
 * newer format is refused with an {@link UnsupportedFormatException}, never guessed at.
 *
 * <p>{@code params} and {@code transaction} are drawn in {@link PerunIo}; signatures are raw, {@code signatureSize}
 * bytes each, so a record names the signature size it was written with and is refused by a codec of another size.
 * The first {@code 7 + fixedLength} bytes hold only fixed fields ({@link #fixedPartEquals}), so a store can check
 * that a save does not change them without decoding the stored record.
 *
 * <p>Decoding never returns a partly read channel: a record that is truncated, has trailing bytes, fails its
 * checksum or holds an invalid value is a {@link CorruptedStoreException}; a record of an unknown format is an
 * {@link UnsupportedFormatException}.
 */
public final class PersistedChannelCodec {
  /** The record format this codec writes; it reads this one and every one down to {@link #OLDEST_FORMAT}. */
  public static final int FORMAT = 2;

  /** The oldest record format this codec reads: format 1, without a funding agreement. */
  public static final int OLDEST_FORMAT = 1;

  private static final int HEADER = 7;
  private static final int CHECKSUM = 4;

  private final int signatureSize;

  /**
   * A codec for channels whose signatures are {@code signatureSize} bytes (the backend's
   * {@link network.perun.api.spi.WalletBackend#signatureSize()}).
   *
   * @throws InvalidValueException unless {@code 1 <= signatureSize <= 65535}
   */
  public PersistedChannelCodec(int signatureSize) {
    InvalidValueException.check(signatureSize > 0 && signatureSize <= 0xFFFF, "signature size must be 1..65535 bytes, got %d", signatureSize);
    this.signatureSize = signatureSize;
  }

  /** The length in bytes of every signature in a record. */
  public int signatureSize() {
    return signatureSize;
  }

  /**
   * The record of {@code channel}.
   *
   * @throws InvalidValueException if a signature in it is not {@link #signatureSize()} bytes
   */
  public byte[] encode(PersistedChannel channel) {
    channel.current().ifPresent(tx -> checkSignatures(channel.id(), tx, "current"));
    channel.staging().ifPresent(tx -> checkSignatures(channel.id(), tx, "staged"));
    PerunIoWriter w = new PerunIoWriter(1024);
    w.u8(FORMAT).u16(signatureSize).u32(0);
    w.raw(channel.id().bytes());
    PerunIo.writeParams(w, channel.params());
    w.u16(channel.ownIndex());
    PerunIo.writeWireAddresses(w, channel.peers());
    w.bool(channel.parent().isPresent());
    channel.parent().ifPresent(p -> w.raw(p.bytes()));
    w.bool(channel.fundingAgreement().isPresent());
    channel.fundingAgreement().ifPresent(a -> PerunIo.writeBalances(w, a));
    int fixedLength = w.size() - HEADER;
    w.u8(channel.phase().code());
    writeOptionalTransaction(w, channel.current());
    writeOptionalTransaction(w, channel.staging());
    byte[] out = Arrays.copyOf(w.toByteArray(), w.size() + CHECKSUM);
    putIntLe(out, 3, fixedLength);
    putIntLe(out, out.length - CHECKSUM, crc(out, out.length - CHECKSUM));
    return out;
  }

  private void checkSignatures(ChannelId id, Transaction tx, String what) {
    for (int i = 0; i < tx.signatures().size(); i++) {
      Optional<Signature> sig = tx.signatures().get(i);
      if (sig.isPresent() && sig.get().bytes().length() != signatureSize) {
        throw new InvalidValueException("channel " + id.shortHex() + ": " + what + " version " + tx.state().version() + " has a signature " + i + " of "
            + sig.get().bytes().length() + " bytes, this store keeps " + signatureSize + "-byte signatures");
      }
    }
  }

  private static void writeOptionalTransaction(PerunIoWriter w, Optional<Transaction> tx) {
    w.bool(tx.isPresent());
    tx.ifPresent(t -> PerunIo.writeTransaction(w, t));
  }

  /**
   * The channel in {@code record}.
   *
   * @throws UnsupportedFormatException if the record's format is not one of {@link #OLDEST_FORMAT} to {@link #FORMAT}
   * @throws StoreException if the record was written with another signature size
   * @throws CorruptedStoreException if the record does not decode to a valid channel
   */
  public PersistedChannel decode(byte[] record) {
    int fixedLength = checkFrame(record);
    try {
      PerunIoReader r = new PerunIoReader(record, HEADER, record.length - HEADER - CHECKSUM);
      Fixed f = readFixed(r, record[0] & 0xFF, fixedLength);
      Phase phase = Phase.ofCode(r.u8("phase"));
      Optional<Transaction> current = readOptionalTransaction(r, "current");
      Optional<Transaction> staging = readOptionalTransaction(r, "staging");
      r.requireEnd("channel record");
      return new PersistedChannel(f.id, f.params, f.ownIndex, phase, current, staging, f.peers, f.parent, f.fundingAgreement);
    } catch (MalformedMessageException | InvalidValueException e) {
      throw new CorruptedStoreException("corrupted channel record of " + record.length + " bytes: " + e.getMessage(), e);
    }
  }

  /** The fixed fields of a record. */
  private record Fixed(ChannelId id, Params params, int ownIndex, List<WireAddress> peers, Optional<ChannelId> parent, Optional<Balances> fundingAgreement) {}

  /** Reads the fixed part of a record of {@code format} from just after the header, checking its length. */
  private static Fixed readFixed(PerunIoReader r, int format, int fixedLength) {
    ChannelId id = PerunIo.readChannelId(r);
    Params params = PerunIo.readParams(r);
    int ownIndex = r.u16("own index");
    List<WireAddress> peers = PerunIo.readWireAddresses(r, 2, Limits.MAX_PARTICIPANTS);
    Optional<ChannelId> parent = r.bool("has parent") ? Optional.of(PerunIo.readChannelId(r)) : Optional.empty();
    Optional<Balances> agreement = format >= 2 && r.bool("has funding agreement") ? Optional.of(PerunIo.readBalances(r)) : Optional.empty();
    if (r.position() != HEADER + fixedLength) {
      throw new MalformedMessageException("fixed part is " + (r.position() - HEADER) + " bytes, the header says " + fixedLength);
    }
    return new Fixed(id, params, ownIndex, peers, parent, agreement);
  }

  private Optional<Transaction> readOptionalTransaction(PerunIoReader r, String what) {
    return r.bool("has " + what) ? Optional.of(PerunIo.readTransaction(r, signatureSize)) : Optional.empty();
  }

  /**
   * Checks the format, signature size, length and checksum of {@code record} and returns its fixed length.
   */
  private int checkFrame(byte[] record) {
    if (record.length == 0) {
      throw new CorruptedStoreException("empty channel record");
    }
    int format = record[0] & 0xFF;
    if (format < OLDEST_FORMAT || format > FORMAT) {
      throw new UnsupportedFormatException("channel record has format " + format + ", this perun-java reads formats " + OLDEST_FORMAT + " to " + FORMAT
          + (format > FORMAT ? ": it was written by a newer perun-java, or it is corrupted" : ": it is corrupted or not a channel record"));
    }
    if (record.length < HEADER + CHECKSUM) {
      throw new CorruptedStoreException("truncated channel record: " + record.length + " bytes");
    }
    int stored = getIntLe(record, record.length - CHECKSUM);
    int actual = crc(record, record.length - CHECKSUM);
    if (stored != actual) {
      throw new CorruptedStoreException("channel record of " + record.length + " bytes fails its checksum: stored " + Integer.toHexString(stored)
          + ", computed " + Integer.toHexString(actual));
    }
    int size = (record[1] & 0xFF) | (record[2] & 0xFF) << 8;
    if (size != signatureSize) {
      throw new StoreException("channel record holds " + size + "-byte signatures, this store was opened for " + signatureSize
          + "-byte signatures: open it with the backend that wrote it");
    }
    int fixedLength = getIntLe(record, 3);
    if (fixedLength < 0 || fixedLength > record.length - HEADER - CHECKSUM) {
      throw new CorruptedStoreException("channel record of " + record.length + " bytes claims a fixed part of " + Integer.toUnsignedString(fixedLength) + " bytes");
    }
    return fixedLength;
  }

  /**
   * Whether two records hold the same fixed fields (ID, params, own index, peers, parent, funding agreement) and
   * signature size. Two records of one format are compared byte for byte without decoding; records of two formats
   * (a channel of an old record saved again) by the values of their fixed parts. A record that is not one of a
   * known format, or whose fixed part does not decode, equals nothing.
   */
  public static boolean fixedPartEquals(byte[] a, byte[] b) {
    if (a.length < HEADER || b.length < HEADER) {
      return false;
    }
    int lengthA = getIntLe(a, 3);
    int lengthB = getIntLe(b, 3);
    if (lengthA < 0 || lengthB < 0 || HEADER + lengthA > a.length || HEADER + lengthB > b.length) {
      return false;
    }
    if (a[0] == b[0]) {
      return lengthA == lengthB && Arrays.equals(a, 0, HEADER + lengthA, b, 0, HEADER + lengthB);
    }
    if (!Arrays.equals(a, 1, 3, b, 1, 3)) {
      return false;
    }
    Optional<Fixed> fixedA = fixedPart(a, lengthA);
    return fixedA.isPresent() && fixedA.equals(fixedPart(b, lengthB));
  }

  private static Optional<Fixed> fixedPart(byte[] record, int fixedLength) {
    int format = record[0] & 0xFF;
    if (format < OLDEST_FORMAT || format > FORMAT) {
      return Optional.empty();
    }
    try {
      return Optional.of(readFixed(new PerunIoReader(record, HEADER, fixedLength), format, fixedLength));
    } catch (MalformedMessageException | InvalidValueException e) {
      return Optional.empty();
    }
  }

  private static int crc(byte[] b, int length) {
    CRC32C crc = new CRC32C();
    crc.update(b, 0, length);
    return (int) crc.getValue();
  }

  private static void putIntLe(byte[] b, int at, int v) {
    b[at] = (byte) v;
    b[at + 1] = (byte) (v >>> 8);
    b[at + 2] = (byte) (v >>> 16);
    b[at + 3] = (byte) (v >>> 24);
  }

  private static int getIntLe(byte[] b, int at) {
    return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16 | (b[at + 3] & 0xFF) << 24;
  }
}
