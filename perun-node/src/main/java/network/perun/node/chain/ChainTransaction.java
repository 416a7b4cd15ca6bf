// SPDX-License-Identifier: Apache-2.0
package network.perun.node.chain;

import java.math.BigInteger;
import java.util.Objects;

/**
 * A transaction the node sent, as its receipt shows it once mined.
 *
 * @param hash the transaction hash, {@code 0x} and 64 lower-case hex digits
 * @param success whether it succeeded (receipt status 1)
 * @param gasUsed the gas it used
 * @param fee what its sender paid for the gas in the chain's smallest unit ({@code gasUsed * effectiveGasPrice})
 */
public record ChainTransaction(String hash, boolean success, long gasUsed, BigInteger fee) {
  public ChainTransaction {
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(fee, "fee");
    if (gasUsed < 0 || fee.signum() < 0) {
      throw new IllegalArgumentException("gas used and fee must not be negative, got " + gasUsed + " and " + fee);
    }
  }
}
