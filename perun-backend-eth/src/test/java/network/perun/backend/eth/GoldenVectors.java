// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.eth;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import network.perun.api.Address;
import network.perun.api.Allocation;
import network.perun.api.Asset;
import network.perun.api.Balances;
import network.perun.api.Bytes;
import network.perun.api.ChannelId;
import network.perun.api.Params;
import network.perun.api.State;
import network.perun.api.SubAlloc;

/** The channel of the golden vectors (eth-backend-spec 1.7), built from the public Anvil/Hardhat dev keys. */
final class GoldenVectors {
  /** Anvil account #1 and #2 (public test keys, never for real funds). */
  static final String KEY_A = "59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
  static final String KEY_B = "5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a";
  static final Address A = EthAddress.of("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
  static final Address B = EthAddress.of("0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC");
  static final Address HOLDER = EthAddress.of("0x5FbDB2315678afecb367f032d93F642f64180aa3");
  static final Asset ETH = EthAsset.of(31337, HOLDER).toAsset();
  static final BigInteger ETHER = BigInteger.TEN.pow(18);

  static final ChannelId CHANNEL_ID = ChannelId.fromHex("0x894d215aceab9f892f4ec23fffd426bdf0d85adf565883af7d786e183f8d5696");
  static final String STATE_HASH = "de4310adf2c34ccb28151bdfb28a70226cbcc816f5d81282c44f570e003d984e";
  static final String DIGEST = "c5e5bf1773029e626ccf6883550269b9d410a3049e71685559ff78444f12bb8d";
  static final String SIG_A = "2ec20416c8b3897a8a6976003a7a520dd991860eabaacf11755e499410771a45060048ca2f4b58984c6d6eec8246a0bcc75fd0d4fca39e264ae598d8a1b54b631b";
  static final String SIG_B = "ad868b55f2ded76f0ab4d7b43dc2f7e420d78cda72b83ed0ba26cca364b1af2515fc57c88889ae10620edbbc80149f39449b710b5ff761b2ce8ed72b021f8fb01c";
  static final String FUNDING_ID_A = "cdc877e08e8462e7e6cda41183a91ac8c95a8c31e3f34508fcbd976a8ebc8476";
  static final String AUTH_HASH = "3e462c0b09a7370dfb381baaab02e608a2afa010e34bf0214da27d7556c602cf";
  static final String AUTH_SIG_A = "b36377601ce133fd92b0ea412b2257fd095379c2f447e46440c977d3a2561ce6524860e05f82b5b0d09c2615fc79f8f61a5a82545ac335cc043567acaa1af1d41b";
  static final String COMPLEX_STATE_HASH = "a7e16a63374dfe6c57ffb6ceda4a98826ffdba3b8445ca33188daad4cc0601b7";

  private GoldenVectors() {}

  static Params params() {
    return Params.ledger(60, List.of(A, B), Optional.empty(), BigInteger.ONE);
  }

  static State state() {
    Allocation alloc = Allocation.of(List.of(ETH), Balances.ofSingleAsset(ETHER, ETHER.shiftLeft(1)));
    return new State(CHANNEL_ID, 3, alloc, Optional.empty(), Bytes.EMPTY, false);
  }

  static State complexState() {
    Asset foreign = new Asset(2, Bytes.fromHex("deadbeef"));
    Balances balances = Balances.of(List.of(List.of(big(1), big(2)), List.of(big(3), big(4))));
    List<SubAlloc> locked = List.of(
        new SubAlloc(new ChannelId(repeated(0x11)), List.of(big(5), big(6)), List.of(0, 1)),
        new SubAlloc(new ChannelId(repeated(0x22)), List.of(big(7), big(8)), List.of(1, 0)));
    Allocation alloc = new Allocation(List.of(ETH, foreign), balances, locked);
    return new State(CHANNEL_ID, 3, alloc, Optional.empty(), Bytes.fromHex("0102030405"), true);
  }

  static BigInteger big(long v) {
    return BigInteger.valueOf(v);
  }

  private static Bytes repeated(int b) {
    byte[] out = new byte[32];
    java.util.Arrays.fill(out, (byte) b);
    return Bytes.wrap(out);
  }
}
