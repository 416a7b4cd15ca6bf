// SPDX-License-Identifier: Apache-2.0
package network.perun.node.eth;

import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import network.perun.api.Address;
import network.perun.api.InvalidValueException;
import network.perun.api.PerunException;
import network.perun.backend.eth.EthAccount;
import network.perun.backend.eth.EthAddress;
import network.perun.backend.eth.EthWallet;
import network.perun.backend.eth.chain.EthChain;
import network.perun.backend.eth.chain.PerunDeployment;
import network.perun.backend.eth.rpc.EthRpc;
import network.perun.backend.eth.rpc.JsonRpc;
import network.perun.node.PerunCli;
import network.perun.node.demo.Json;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code perun deploy}: deploys our Perun contracts (the Adjudicator, its AssetHolderETH and, for {@code --erc20},
 * an AssetHolderERC20 of that token) from an account of a keystore V3 file or a raw key file, and prints their
 * addresses. The key never appears in the output, the logs or an error message.
 */
@Command(
    name = "deploy",
    mixinStandardHelpOptions = true,
    description = {
      "Deploys the Perun Adjudicator and its AssetHolderETH (and, with --erc20, an",
      "AssetHolderERC20 for that token) and prints their addresses. The deployer's key",
      "comes from a keystore V3 file (--keystore; password from --password-file or",
      "asked for) or, for dev chains, from a file holding it in hex (--private-key-file).",
      "The key is never printed or logged."
    })
public final class DeployCommand implements Callable<Integer> {
  private static final Duration RPC_TIMEOUT = Duration.ofSeconds(30);

  @Spec CommandSpec spec;

  @Option(names = "--rpc", required = true, paramLabel = "URL", description = "The node's JSON-RPC endpoint (http(s):// or ws(s)://).")
  URI rpc;

  @ArgGroup(exclusive = true, multiplicity = "1")
  KeySource key;

  /** Where the deployer's key comes from: exactly one of the two. */
  static final class KeySource {
    @Option(names = "--keystore", paramLabel = "FILE", description = "A keystore V3 (Web3 Secret Storage) file of the deployer.")
    Path keystore;

    @Option(names = "--private-key-file", paramLabel = "FILE", description = "A file holding the deployer's private key in hex (dev keys only).")
    Path privateKeyFile;
  }

  @Option(names = "--password-file", paramLabel = "FILE", description = "A file whose first line is the keystore's password (else it is asked for).")
  Optional<Path> passwordFile;

  @Option(names = "--chain-id", paramLabel = "N", description = "Refuse to deploy unless the node's chain id is N.")
  Optional<Long> chainId;

  @Option(names = "--erc20", paramLabel = "TOKEN", description = "Also deploy an AssetHolderERC20 for the ERC20 token at this address.")
  Optional<String> erc20;

  @Option(names = "--json", description = "Print one JSON line instead of the human-readable lines.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    EthAccount deployer = loadAccount();
    try (EthRpc node = new EthRpc(JsonRpc.connect(rpc, RPC_TIMEOUT))) {
      BigInteger actualChainId = node.chainId();
      if (chainId.isPresent() && !actualChainId.equals(BigInteger.valueOf(chainId.get()))) {
        throw new PerunException("the node at " + rpc + " serves chain id " + actualChainId + ", not the --chain-id " + chainId.get() + "; nothing deployed");
      }
      Optional<Address> token = erc20.map(EthAddress::of);
      if (token.isPresent() && node.code(token.get()).isEmpty()) {
        throw new PerunException("no contract at the --erc20 token address " + EthAddress.checksummed(token.get()) + " on chain " + actualChainId
            + "; nothing deployed");
      }
      PerunDeployment deployment = new PerunDeployment(node, deployer, settings());
      PerunDeployment.Contracts contracts = deployment.deployAdjudicatorAndEthHolder();
      Optional<Address> erc20Holder = Optional.empty();
      if (token.isPresent()) {
        erc20Holder = Optional.of(deployment.deployErc20Holder(contracts.adjudicator(), token.get()));
      }
      Map<Address, TransactionLog.Entry> creations = new LinkedHashMap<>();
      for (TransactionLog.Entry e : new TransactionLog(node, contracts.block(), deployer.address()::equals).scan()) {
        e.created().ifPresent(c -> creations.put(c, e));
      }
      List<Deployed> deployed = new ArrayList<>();
      deployed.add(new Deployed("Adjudicator", contracts.adjudicator(), Optional.ofNullable(creations.get(contracts.adjudicator()))));
      deployed.add(new Deployed("AssetHolderETH", contracts.ethHolder(), Optional.ofNullable(creations.get(contracts.ethHolder()))));
      erc20Holder.ifPresent(h -> deployed.add(new Deployed("AssetHolderERC20", h, Optional.ofNullable(creations.get(h)))));
      if (json) {
        out.println(Json.write(toJson(actualChainId, deployer.address(), contracts.block(), deployed, token)));
      } else {
        out.printf("Deployed the Perun contracts on chain %s (%s) from %s:%n", actualChainId, rpc, EthAddress.checksummed(deployer.address()));
        for (Deployed d : deployed) {
          out.printf("  %-17s %s%s%n", d.name(), EthAddress.checksummed(d.address()),
              d.tx().map(t -> "  tx " + t.hash() + ", gas " + String.format("%,d", t.gasUsed())).orElse(""));
        }
        token.ifPresent(t -> out.printf("  the AssetHolderERC20 holds the token %s%n", EthAddress.checksummed(t)));
        out.printf("Event searches can start at block %d, the Adjudicator's.%n", contracts.block());
      }
      out.flush();
      return PerunCli.EXIT_OK;
    }
  }

  /** A deployed contract and, if found, its creation transaction. */
  private record Deployed(String name, Address address, Optional<TransactionLog.Entry> tx) {}

  private static Map<String, Object> toJson(BigInteger chainId, Address deployer, long block, List<Deployed> deployed, Optional<Address> token) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("chainId", chainId.toString());
    m.put("deployer", EthAddress.checksummed(deployer));
    for (Deployed d : deployed) {
      m.put(Character.toLowerCase(d.name().charAt(0)) + d.name().substring(1), EthAddress.checksummed(d.address()));
    }
    token.ifPresent(t -> m.put("token", EthAddress.checksummed(t)));
    m.put("block", block);
    List<Object> txs = new ArrayList<>();
    for (Deployed d : deployed) {
      d.tx().ifPresent(t -> {
        Map<String, Object> tm = new LinkedHashMap<>();
        tm.put("contract", d.name());
        tm.put("hash", t.hash().toString());
        tm.put("gas", t.gasUsed());
        txs.add(tm);
      });
    }
    m.put("transactions", txs);
    return m;
  }

  private EthAccount loadAccount() {
    EthWallet wallet = new EthWallet();
    if (key.keystore != null) {
      Path file = key.keystore;
      char[] password = password(file);
      try {
        return wallet.addKeystore(file, password);
      } finally {
        Arrays.fill(password, '\0');
      }
    }
    Path file = key.privateKeyFile;
    byte[] raw = readFile(file, "private key file");
    byte[] privateKey = null;
    try {
      privateKey = parseHexKey(raw, file);
      return wallet.addPrivateKey(privateKey);
    } finally {
      Arrays.fill(raw, (byte) 0);
      if (privateKey != null) {
        Arrays.fill(privateKey, (byte) 0);
      }
    }
  }

  /** The 32 bytes of a hex key ({@code 0x} optional, surrounding white space ignored); messages never show it. */
  static byte[] parseHexKey(byte[] text, Path file) {
    int from = 0;
    int to = text.length;
    while (from < to && Character.isWhitespace(text[from])) {
      from++;
    }
    while (to > from && Character.isWhitespace(text[to - 1])) {
      to--;
    }
    if (to - from >= 2 && text[from] == '0' && (text[from + 1] == 'x' || text[from + 1] == 'X')) {
      from += 2;
    }
    if (to - from != 64) {
      throw new InvalidValueException("private key file " + file + " does not hold a key of 64 hex digits (value not shown)");
    }
    byte[] key = new byte[32];
    for (int i = 0; i < 32; i++) {
      int hi = Character.digit(text[from + 2 * i], 16);
      int lo = Character.digit(text[from + 2 * i + 1], 16);
      if (hi < 0 || lo < 0) {
        Arrays.fill(key, (byte) 0);
        throw new InvalidValueException("private key file " + file + " holds a character that is not a hex digit (value not shown)");
      }
      key[i] = (byte) (hi << 4 | lo);
    }
    return key;
  }

  private char[] password(Path keystore) {
    if (passwordFile.isPresent()) {
      byte[] raw = readFile(passwordFile.get(), "password file");
      try {
        int end = 0;
        while (end < raw.length && raw[end] != '\n' && raw[end] != '\r') {
          end++;
        }
        CharBuffer chars = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(raw, 0, end));
        char[] password = new char[chars.remaining()];
        chars.get(password);
        Arrays.fill(chars.array(), '\0');
        return password;
      } finally {
        Arrays.fill(raw, (byte) 0);
      }
    }
    Console console = System.console();
    if (console == null) {
      throw new PerunException("keystore " + keystore + " needs its password: give --password-file FILE (there is no console to ask on)");
    }
    char[] password = console.readPassword("Password of keystore %s: ", keystore);
    if (password == null) {
      throw new PerunException("no password given for keystore " + keystore);
    }
    return password;
  }

  private static byte[] readFile(Path file, String what) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new PerunException("cannot read " + what + " " + file + ": " + e.getMessage(), e);
    }
  }

  /** How the deployment sends: one confirmation, 100 ms polls, receipts awaited up to 5 minutes, 25% gas margin. */
  static EthChain.Settings settings() {
    return new EthChain.Settings(1, Duration.ofMillis(100), Duration.ofMinutes(5), 1.25, 0, 3600, Duration.ofSeconds(2), Set.of());
  }
}
