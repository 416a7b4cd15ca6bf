// SPDX-License-Identifier: Apache-2.0
package network.perun.node.demo;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import network.perun.api.Asset;
import network.perun.api.spi.ChannelBackend;
import network.perun.backend.sim.SimAccount;
import network.perun.backend.sim.SimAsset;
import network.perun.backend.sim.SimBackend;
import network.perun.backend.sim.SimWallet;
import network.perun.backend.sim.chain.SimAdjudicator;
import network.perun.backend.sim.chain.SimChain;
import network.perun.backend.sim.chain.SimClock;
import network.perun.backend.sim.chain.SimFunder;

/** The demo's embedded simulated chain: deterministic keys, a chain clock at t=0 that moves only when told, asset PRN. */
final class SimDemoChain implements DemoChain {
  private static final String UNIT = "PRN";
  private static final Map<String, Long> SEEDS = Map.of("alice", 0xA11CEL, "bob", 0xB0BL);

  private final SimBackend backend = new SimBackend();
  private final SimClock clock = new SimClock(0);
  private final SimChain chain = new SimChain(backend.channelBackend(), clock);
  private final Asset asset = SimAsset.of(1);

  @Override
  public String name() {
    return "the embedded simulated chain";
  }

  @Override
  public String unit() {
    return UNIT;
  }

  @Override
  public List<String> describe() {
    return List.of(String.format("chain      simulated, deterministic; asset %s; chain time t=%ds", UNIT, clock.now()));
  }

  @Override
  public String holding(Party party) {
    return String.format("holds %s %s on chain", balance(party), UNIT);
  }

  @Override
  public BigInteger toChain(BigInteger units) {
    return units;
  }

  @Override
  public BigInteger toUnits(BigInteger amount) {
    return amount;
  }

  @Override
  public Asset asset() {
    return asset;
  }

  @Override
  public ChannelBackend channelBackend() {
    return backend.channelBackend();
  }

  @Override
  public int signatureSize() {
    return backend.walletBackend().signatureSize();
  }

  @Override
  public Party newParty(String name, BigInteger amount) {
    SimWallet wallet = SimWallet.fromSeed(SEEDS.getOrDefault(name, (long) name.hashCode()));
    SimAccount account = wallet.newAccount();
    chain.mint(account.address(), asset, amount);
    return new Party(name, wallet, account, account.wireAddress(), new SimFunder(chain), new SimAdjudicator(chain));
  }

  @Override
  public BigInteger balance(Party party) {
    return chain.balanceOf(party.address(), asset);
  }

  @Override
  public long now() {
    return clock.now();
  }

  @Override
  public long relative(long chainTime) {
    return chainTime;
  }

  @Override
  public void advanceTime(long seconds) {
    clock.advance(seconds);
  }

  @Override
  public long transactionCount() {
    return chain.transactions().size();
  }

  @Override
  public long transactionCount(Party party) {
    return chain.transactionCount(party.address());
  }

  @Override
  public void printTransactions(Consumer<String> say) {
    // the story already counts the simulated transactions; they have no hashes or gas to show
  }

  @Override
  public List<String> summary(List<Party> parties) {
    return List.of();
  }

  @Override
  public void close() {
    // nothing to stop: the simulated chain lives in this process
  }
}
