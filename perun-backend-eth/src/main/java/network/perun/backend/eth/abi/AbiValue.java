// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.eth.abi;

import java.math.BigInteger;
import java.util.List;
import java.util.Objects;
import network.perun.api.InvalidValueException;

/**
 * A value in the Solidity contract ABI, ready to encode: a static 32-byte word, dynamic {@code bytes}, a dynamic
 * array {@code T[]} or a tuple.
 *
 * <pre>
 * word      [32 bytes]                                   static (uintN, address, bool, bytes32: left- or right-aligned)
 * bytes     [length:32][data, zero-padded to 32]         dynamic
 * T[]       [length:32][elements encoded as a tuple]     dynamic
 * tuple     [head_1..head_k][tail_1..tail_k]             dynamic iff an element is dynamic
 *           head_i = the element itself if static, else the offset of tail_i from the tuple's start
 * </pre>
 *
 * <p>Sizes are computed once when a value is built, so encoding writes into one array without copying.
 */
public sealed interface AbiValue permits AbiValue.Word, AbiValue.DynamicBytes, AbiValue.Array, AbiValue.Tuple {
  /** The largest {@code uint256}. */
  BigInteger MAX_UINT256 = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);

  /** Whether the value is encoded in a tail, reached through an offset. */
  boolean isDynamic();

  /** The length of this value's own encoding (for a tuple: heads and tails). */
  int size();

  /** Writes this value's own encoding into {@code out} at {@code pos}. */
  void writeTo(byte[] out, int pos);

  /** A {@code uint256} (or a smaller uint, which encodes the same). */
  static Word uint(BigInteger value) {
    Objects.requireNonNull(value, "value");
    InvalidValueException.check(value.signum() >= 0 && value.bitLength() <= 256, "not a uint256: %s", value);
    byte[] w = new byte[32];
    byte[] b = value.toByteArray();
    int len = Math.min(b.length, 32);
    System.arraycopy(b, b.length - len, w, 32 - len, len);
    return new Word(w);
  }

  /** A non-negative {@code long} as a uint. */
  static Word uint(long value) {
    InvalidValueException.check(value >= 0, "not a uint: %d", value);
    byte[] w = new byte[32];
    for (int i = 0; i < 8; i++) {
      w[31 - i] = (byte) (value >>> (8 * i));
    }
    return new Word(w);
  }

  /** A 20-byte {@code address}, left-padded with zeros. */
  static Word address(byte[] address) {
    InvalidValueException.check(address.length == 20, "an address has 20 bytes, got %d", address.length);
    byte[] w = new byte[32];
    System.arraycopy(address, 0, w, 12, 20);
    return new Word(w);
  }

  /** A {@code bytes32}. */
  static Word bytes32(byte[] value) {
    InvalidValueException.check(value.length == 32, "a bytes32 has 32 bytes, got %d", value.length);
    return new Word(value.clone());
  }

  /** A {@code bool}. */
  static Word bool(boolean value) {
    byte[] w = new byte[32];
    w[31] = (byte) (value ? 1 : 0);
    return new Word(w);
  }

  /** Dynamic {@code bytes}. */
  static DynamicBytes bytes(byte[] data) {
    return new DynamicBytes(data.clone());
  }

  /** A dynamic array {@code T[]}. */
  static Array array(List<? extends AbiValue> elements) {
    return new Array(Tuple.of(elements));
  }

  /** A tuple (struct). */
  static Tuple tuple(AbiValue... elements) {
    return Tuple.of(List.of(elements));
  }

  /** {@code abi.encode(values...)}: the values encoded as the elements of one tuple. */
  static byte[] encode(AbiValue... values) {
    Tuple t = Tuple.of(List.of(values));
    byte[] out = new byte[t.size()];
    t.writeTo(out, 0);
    return out;
  }

  /** A static 32-byte word. */
  final class Word implements AbiValue {
    private final byte[] word;

    private Word(byte[] word) {
      this.word = word;
    }

    @Override
    public boolean isDynamic() {
      return false;
    }

    @Override
    public int size() {
      return 32;
    }

    @Override
    public void writeTo(byte[] out, int pos) {
      System.arraycopy(word, 0, out, pos, 32);
    }
  }

  /** Dynamic {@code bytes}: its length, then the data padded to whole words. */
  final class DynamicBytes implements AbiValue {
    private final byte[] data;

    private DynamicBytes(byte[] data) {
      this.data = data;
    }

    @Override
    public boolean isDynamic() {
      return true;
    }

    @Override
    public int size() {
      return 32 + padded(data.length);
    }

    @Override
    public void writeTo(byte[] out, int pos) {
      uint(data.length).writeTo(out, pos);
      System.arraycopy(data, 0, out, pos + 32, data.length);
    }
  }

  /** A dynamic array: its length, then its elements encoded as a tuple. */
  final class Array implements AbiValue {
    private final Tuple elements;

    private Array(Tuple elements) {
      this.elements = elements;
    }

    @Override
    public boolean isDynamic() {
      return true;
    }

    @Override
    public int size() {
      return 32 + elements.size();
    }

    @Override
    public void writeTo(byte[] out, int pos) {
      uint(elements.elements.size()).writeTo(out, pos);
      elements.writeTo(out, pos + 32);
    }
  }

  /** A tuple: the heads of its elements, then the tails of its dynamic elements. */
  final class Tuple implements AbiValue {
    private final List<AbiValue> elements;
    private final boolean dynamic;
    private final int headSize;
    private final int size;

    private Tuple(List<AbiValue> elements) {
      this.elements = elements;
      boolean dyn = false;
      int heads = 0;
      int tails = 0;
      for (AbiValue e : elements) {
        if (e.isDynamic()) {
          dyn = true;
          heads += 32;
          tails += e.size();
        } else {
          heads += e.size();
        }
      }
      this.dynamic = dyn;
      this.headSize = heads;
      this.size = heads + tails;
    }

    static Tuple of(List<? extends AbiValue> elements) {
      return new Tuple(List.copyOf(elements));
    }

    @Override
    public boolean isDynamic() {
      return dynamic;
    }

    @Override
    public int size() {
      return size;
    }

    @Override
    public void writeTo(byte[] out, int pos) {
      int head = pos;
      int tail = pos + headSize;
      for (AbiValue e : elements) {
        if (e.isDynamic()) {
          uint(tail - pos).writeTo(out, head);
          e.writeTo(out, tail);
          tail += e.size();
          head += 32;
        } else {
          e.writeTo(out, head);
          head += e.size();
        }
      }
    }
  }

  private static int padded(int length) {
    return (length + 31) / 32 * 32;
  }
}
