// SPDX-License-Identifier: Apache-2.0
package network.perun.testkit.conformance;

import java.util.Objects;
import network.perun.api.Address;
import network.perun.api.WireAddress;
import network.perun.api.spi.Adjudicator;
import network.perun.api.spi.Funder;
import network.perun.api.spi.Wallet;

/**
 * One participant of a conformance scenario: its wire identity, wallet and on-chain address, and its funder and
 * adjudicator on the setup's chain.
 */
public record Party(String name, WireAddress identity, Wallet wallet, Address address, Funder funder, Adjudicator adjudicator) {
  public Party {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(wallet, "wallet");
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(funder, "funder");
    Objects.requireNonNull(adjudicator, "adjudicator");
  }

  /** A copy with another funder (for example one that fails). */
  public Party withFunder(Funder other) {
    return new Party(name, identity, wallet, address, other, adjudicator);
  }

  @Override
  public String toString() {
    return name;
  }
}
