// SPDX-License-Identifier: Apache-2.0
package network.perun.node.demo;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import network.perun.api.Address;
import network.perun.api.Asset;
import network.perun.api.InvalidValueException;
import network.perun.api.PerunException;
import network.perun.api.WireAddress;
import network.perun.api.spi.ChannelBackend;
import network.perun.backend.eth.EthAccount;
import network.perun.backend.eth.EthAddress;
import network.perun.backend.eth.EthAsset;
import network.perun.backend.eth.EthBackend;
import network.perun.backend.eth.EthWallet;
import network.perun.backend.eth.PerunCalldata;
import network.perun.backend.eth.chain.EthChain;
import network.perun.backend.eth.chain.PerunDeployment;
import network.perun.node.eth.LocalAnvil;
import network.perun.node.eth.TransactionLog;

/**
 * The demo on a local Anvil chain that it starts itself: our Adjudicator and AssetHolderETH deployed by a fresh
 * deployer key, Alice and Bob with fresh keys funded from Anvil's dev accounts, the Ethereum backend
 * ({@code EthFunder}, {@code EthAdjudicator}, {@code EthChannelBackend}, {@code EthWallet}) doing the work.
 *
 * <p>Amounts are in mETH: 1 mETH = 10^15 wei. Each party gets 100 mETH for the channel and {@link #GAS_MONEY} for
 * gas. What a party holds "on chain" is its ETH balance plus the gas fees it paid (summed from the receipts)
 * minus the gas money, so it moves exactly with deposits and withdrawals; the story's withdrawn amounts are that
 * figure's change. Chain time moves with {@code evm_increaseTime} and {@code evm_mine}. {@link #close()} stops
 * Anvil.
 */
final class AnvilDemoChain implements DemoChain {
  /** The demo's unit in wei: 1 mETH. */
  static final BigInteger UNIT_WEI = BigInteger.TEN.pow(15);
  static final BigInteger ETHER = BigInteger.TEN.pow(18);
  /** What each account gets for gas besides its channel money: 1 ETH. */
  static final BigInteger GAS_MONEY = ETHER;
  private static final String UNIT = "mETH";

  private final LocalAnvil anvil;
  private final EthChain chain;
  private final PerunDeployment.Contracts contracts;
  private final Asset asset;
  private final EthBackend backend = new EthBackend();
  private final TransactionLog log;
  private final Map<Address, String> names = new ConcurrentHashMap<>();
  private final List<TransactionLog.Entry> unprinted = new ArrayList<>();
  private final SecureRandom random = new SecureRandom();
  private final long epoch;
  private long scanned;
  private final Map<Address, Long> sent = new HashMap<>();

  private AnvilDemoChain(LocalAnvil anvil) throws InterruptedException {
    this.anvil = anvil;
    this.log = new TransactionLog(anvil.rpc(), 1);
    for (int i = 0; i < anvil.devAccounts().size(); i++) {
      names.put(anvil.devAccounts().get(i), "anvil-dev" + i);
    }
    EthAccount deployer = new EthWallet().addPrivateKey(freshKey());
    names.put(deployer.address(), "deployer");
    anvil.fund(0, deployer.address(), GAS_MONEY);
    EthChain.Settings settings = new EthChain.Settings(1, Duration.ofMillis(20), Duration.ofSeconds(30), 1.25, 0, 600, Duration.ofMillis(500), Set.of());
    contracts = new PerunDeployment(anvil.rpc(), deployer, settings).deployAdjudicatorAndEthHolder();
    names.put(contracts.adjudicator(), "Adjudicator");
    names.put(contracts.ethHolder(), "AssetHolderETH");
    EthChain.Settings demoSettings = new EthChain.Settings(settings.confirmations(), settings.pollInterval(), settings.receiptTimeout(),
        settings.gasMargin(), contracts.block(), settings.fundingTimeout(), settings.secondaryWait(), settings.allowedCodeHashes());
    chain = new EthChain(anvil.rpc(), contracts.adjudicator(), demoSettings);
    asset = EthAsset.of(LocalAnvil.CHAIN_ID, contracts.ethHolder()).toAsset();
    epoch = chain.now();
  }

  /**
   * Starts Anvil and deploys the contracts; stops Anvil again if that fails.
   *
   * @throws PerunException if the Anvil binary is missing (the message says to run {@code npm ci}) or fails
   */
  static AnvilDemoChain start() throws InterruptedException {
    LocalAnvil anvil = LocalAnvil.start();
    try {
      return new AnvilDemoChain(anvil);
    } catch (InterruptedException | RuntimeException e) {
      anvil.close();
      throw e;
    }
  }

  private byte[] freshKey() {
    byte[] key = new byte[32];
    random.nextBytes(key);
    return key;
  }

  @Override
  public String name() {
    return "a local Anvil chain";
  }

  @Override
  public String unit() {
    return UNIT;
  }

  @Override
  public List<String> describe() {
    return List.of(
        String.format("chain      Anvil at %s (chain id %d), started by this demo; chain time t=%ds", anvil.endpoint(), LocalAnvil.CHAIN_ID, now()),
        String.format("contracts  Adjudicator %s, AssetHolderETH %s", EthAddress.checksummed(contracts.adjudicator()),
            EthAddress.checksummed(contracts.ethHolder())),
        String.format("unit       1 %s = 10^15 wei, paid in ETH through the AssetHolderETH", UNIT));
  }

  @Override
  public String holding(Party party) {
    return String.format("holds %s %s on chain (and %s ETH for gas, from Anvil's dev account 0)", balance(party), UNIT,
        new BigDecimal(GAS_MONEY).divide(new BigDecimal(ETHER)).toPlainString());
  }

  @Override
  public BigInteger toChain(BigInteger units) {
    return units.multiply(UNIT_WEI);
  }

  @Override
  public BigInteger toUnits(BigInteger wei) {
    BigInteger[] units = wei.divideAndRemainder(UNIT_WEI);
    InvalidValueException.check(units[1].signum() == 0, "%s wei is not a whole number of %s", wei, UNIT);
    return units[0];
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
  public Party newParty(String name, BigInteger amount) throws InterruptedException {
    EthWallet wallet = new EthWallet();
    EthAccount account = wallet.addPrivateKey(freshKey());
    names.put(account.address(), name);
    anvil.fund(0, account.address(), amount.multiply(UNIT_WEI).add(GAS_MONEY));
    WireAddress identity = new WireAddress(EthBackend.BACKEND_ID, account.address().bytes());
    return new Party(name, wallet, account, identity, chain.funder(account), chain.adjudicator(account, account.address()));
  }

  /** ETH balance + gas fees paid - gas money, in mETH; it must be a whole number of mETH. */
  @Override
  public synchronized BigInteger balance(Party party) {
    scan();
    return toUnits(log.balanceAtScan(party.address()).add(log.feesPaid(party.address())).subtract(GAS_MONEY));
  }

  @Override
  public long now() {
    return relative(chain.now());
  }

  @Override
  public long relative(long chainTime) {
    return chainTime - epoch;
  }

  @Override
  public void advanceTime(long seconds) {
    anvil.advanceTime(seconds);
  }

  @Override
  public synchronized long transactionCount() {
    scan();
    return scanned;
  }

  @Override
  public synchronized long transactionCount(Party party) {
    scan();
    return sent.getOrDefault(party.address(), 0L);
  }

  /** Reads new blocks; counts only transactions after the intro's setup (deployment, funding) as the story's. */
  private void scan() {
    for (TransactionLog.Entry e : log.scan()) {
      unprinted.add(e);
      if (!names.getOrDefault(e.from(), "").startsWith("anvil-dev") && !"deployer".equals(names.get(e.from()))) {
        scanned++;
        sent.merge(e.from(), 1L, Long::sum);
      }
    }
  }

  @Override
  public synchronized void printTransactions(Consumer<String> say) {
    scan();
    for (TransactionLog.Entry e : unprinted) {
      say.accept(String.format("      tx %s  %-10s %-40s gas %,9d%s", e.hash(), name(e.from()), what(e), e.gasUsed(), e.success() ? "" : "  FAILED"));
    }
    unprinted.clear();
  }

  private String what(TransactionLog.Entry e) {
    return switch (e.function()) {
      case "create" -> "deploys " + e.created().map(this::name).orElse("a contract");
      case "transfer" -> "sends " + eth(e.value()) + " to " + name(e.to().orElseThrow());
      case "withdraw" -> e.to().map(this::name).orElseThrow() + ".withdraw: " + e.withdrawn().entrySet().stream()
          .map(w -> mEth(w.getValue()) + " to " + name(w.getKey())).reduce((a, b) -> a + ", " + b).orElse("nothing");
      case "deposit" -> e.to().map(this::name).orElseThrow() + ".deposit " + mEth(e.value());
      case "register" -> e.to().map(this::name).orElseThrow() + ".register" + registeredVersion(e);
      default -> e.to().map(this::name).orElseThrow() + "." + e.function();
    };
  }

  /** " v3" for a register call of version 3 (decoded from the calldata), or "" if it cannot be decoded. */
  private static String registeredVersion(TransactionLog.Entry e) {
    try {
      return " v" + PerunCalldata.decodeRegister(e.input().toArray()).channel().state().version();
    } catch (PerunException notDecodable) {
      return "";
    }
  }

  private String name(Address address) {
    return names.getOrDefault(address, EthAddress.checksummed(address));
  }

  private static String mEth(BigInteger wei) {
    return new BigDecimal(wei).divide(new BigDecimal(UNIT_WEI)).stripTrailingZeros().toPlainString() + " " + UNIT;
  }

  private static String eth(BigInteger wei) {
    return new BigDecimal(wei).divide(new BigDecimal(ETHER)).stripTrailingZeros().toPlainString() + " ETH";
  }

  @Override
  public synchronized List<String> summary(List<Party> parties) {
    scan();
    List<String> lines = new ArrayList<>();
    for (Party p : parties) {
      lines.add(String.format("        %s paid %s in gas fees in %d transactions", p.name(), eth(log.feesPaid(p.address())), sent.getOrDefault(p.address(), 0L)));
    }
    lines.add("        amounts withdrawn = the change of ETH balance + gas fees paid (from the receipts), in " + UNIT + " (10^15 wei)");
    return lines;
  }

  @Override
  public void close() {
    anvil.close();
  }

  @Override
  public String toString() {
    return "AnvilDemoChain(" + anvil + ")";
  }
}
