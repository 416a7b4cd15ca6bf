// SPDX-License-Identifier: Apache-2.0
package network.perun.api;

import java.util.Objects;

/** A signature as the backend produced it; its length is fixed per backend. */
public record Signature(Bytes bytes) {
  public Signature {
    Objects.requireNonNull(bytes, "bytes");
    InvalidValueException.check(!bytes.isEmpty(), "signature must not be empty");
  }

  public static Signature of(byte[] bytes) {
    return new Signature(Bytes.of(bytes));
  }

  @Override
  public String toString() {
    return "sig " + bytes;
  }
}
