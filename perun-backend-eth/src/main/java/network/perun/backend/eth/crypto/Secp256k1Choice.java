// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.eth.crypto;

import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link Secp256k1} implementation of this JVM, chosen and logged once on first use. */
final class Secp256k1Choice {
  private static final Logger LOG = LoggerFactory.getLogger(Secp256k1.class);

  static final Secp256k1 INSTANCE = choose();

  private Secp256k1Choice() {}

  private static Secp256k1 choose() {
    if ("java".equalsIgnoreCase(System.getProperty(Secp256k1.PROPERTY, "native"))) {
      LOG.info("secp256k1: BouncyCastle (pure Java), chosen by -D{}=java", Secp256k1.PROPERTY);
      return new BouncyCastleSecp256k1();
    }
    Optional<NativeSecp256k1> nat = NativeSecp256k1.load();
    if (nat.isPresent()) {
      LOG.info("secp256k1: native libsecp256k1 (JNI)");
      return nat.get();
    }
    LOG.info("secp256k1: BouncyCastle (pure Java); the native library did not load or failed its self-test");
    return new BouncyCastleSecp256k1();
  }
}
