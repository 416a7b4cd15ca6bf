// SPDX-License-Identifier: Apache-2.0
package network.perun.node.demo;

import java.math.BigInteger;
import java.util.List;
import java.util.function.Consumer;
import network.perun.api.Address;
import network.perun.api.Asset;
import network.perun.api.WireAddress;
import network.perun.api.spi.Account;
import network.perun.api.spi.Adjudicator;
import network.perun.api.spi.ChannelBackend;
import network.perun.api.spi.Funder;
import network.perun.api.spi.Wallet;

/**
 * The chain a demo plays on: it makes and funds the parties, shows their on-chain balances in the demo's unit,
 * moves chain time and lists the transactions sent. The story ({@link DemoWorld}) is written once against it.
 *
 * <p>Chain times the story prints are seconds since the demo's chain started ({@link #relative(long)}).
 */
sealed interface DemoChain extends AutoCloseable permits SimDemoChain, AnvilDemoChain {
  /**
   * A party of the demo, made and funded by the chain.
   *
   * @param name "alice" or "bob"
   * @param wallet the wallet holding the party's account
   * @param account the party's on-chain account
   * @param wireAddress the party's identity on the in-memory transport
   * @param funder deposits from the account
   * @param adjudicator disputes and withdraws for the account (the cheat uses it directly too)
   */
  record Party(String name, Wallet wallet, Account account, WireAddress wireAddress, Funder funder, Adjudicator adjudicator) {
    Address address() {
      return account.address();
    }
  }

  /** How the intro names the chain, such as "the embedded simulated chain". */
  String name();

  /** The unit the story shows amounts in, such as "PRN". */
  String unit();

  /** Lines (a label padded to 11 characters, then the text) that describe the chain in the intro. */
  List<String> describe();

  /** What the intro says {@code party} holds, such as "holds 100 PRN on chain". */
  String holding(Party party);

  /** The channel amount (in the asset's smallest unit) of {@code units} of the demo's unit. */
  BigInteger toChain(BigInteger units);

  /**
   * The demo's units of a channel amount.
   *
   * @throws network.perun.api.InvalidValueException if it is not a whole number of units
   */
  BigInteger toUnits(BigInteger amount);

  /** The one asset of the demo's channel. */
  Asset asset();

  /** The channel backend of the chain's wallet backend. */
  ChannelBackend channelBackend();

  /** The length of the backend's signatures, for the wire codec and the store. */
  int signatureSize();

  /** Makes the party {@code name} and gives it {@code amount} units on chain. */
  Party newParty(String name, BigInteger amount) throws InterruptedException;

  /** What {@code party} holds on chain, in units (an ETH chain leaves out the gas money and the gas paid). */
  BigInteger balance(Party party);

  /** The chain time in seconds since the demo's chain started. */
  long now();

  /** A chain time (such as a dispute's timeout) in seconds since the demo's chain started. */
  long relative(long chainTime);

  /** Moves chain time {@code seconds} forward (no waiting). */
  void advanceTime(long seconds);

  /** How many transactions were sent since the parties were funded. */
  long transactionCount();

  /** How many transactions {@code party} sent. */
  long transactionCount(Party party);

  /** Prints the transactions sent since the last call, one line each; the simulated chain prints none. */
  void printTransactions(Consumer<String> say);

  /** Lines the outro adds after the balances (gas, how amounts were counted); may be empty. */
  List<String> summary(List<Party> parties);

  @Override
  void close();
}
