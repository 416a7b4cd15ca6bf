// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.eth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import network.perun.api.Address;
import network.perun.api.Allocation;
import network.perun.api.AppId;
import network.perun.api.Asset;
import network.perun.api.Bytes;
import network.perun.api.ChannelId;
import network.perun.api.Params;
import network.perun.api.Signature;
import network.perun.api.SignedState;
import network.perun.api.State;
import network.perun.api.SubAlloc;
import network.perun.backend.eth.abi.AbiDecodingException;
import network.perun.testkit.random.RandomValues;
import org.junit.jupiter.api.Test;

/** Calldata of register and progress decodes back into the values it was built from; junk fails cleanly. */
class PerunCalldataTest {
  private static final long SEED = 4242;
  private final RandomValues rnd = new RandomValues(SEED);
  private final EthWallet wallet = new EthWallet();
  private final TestKeys keys = new TestKeys(SEED);
  private final EthChannelBackend channels = new EthChannelBackend();

  @Test
  void selectorsAndTopicsAreThoseOfTheContracts() {
    assertEquals("e9aa7e02", PerunCalls.REGISTER.toHex());
    assertEquals("4c8a2c90", PerunCalls.PROGRESS.toHex());
    assertEquals("e7c01d05", PerunCalls.CONCLUDE.toHex());
    assertEquals("75a87223", PerunCalls.CONCLUDE_FINAL.toHex());
    assertEquals("11be1997", PerunCalls.DISPUTES.toHex());
    assertEquals("1de26e16", PerunCalls.DEPOSIT.toHex());
    assertEquals("fca0f778", PerunCalls.WITHDRAW.toHex());
    assertEquals("ae9ee18c", PerunCalls.HOLDINGS.toHex());
    assertEquals("d945af1d", PerunCalls.SETTLED.toHex());
    assertEquals("53c2ed8e", PerunCalls.ADJUDICATOR.toHex());
    assertEquals("fc0c546a", PerunCalls.TOKEN.toHex());
    assertEquals("db77bb27", PerunCalls.selector("channelID(" + PerunCalls.PARAMS_TYPE + ")").toHex());
    assertEquals("7a114d3d", PerunCalls.selector("hashState(" + PerunCalls.STATE_TYPE + ")").toHex());
    assertEquals("895ef5a5fc3efd313a300b006d6ce97ff0670dfe04f6eea90417edf924fa786b", PerunCalls.CHANNEL_UPDATE_TOPIC.toHex());
    assertEquals("cd2fe07293de5928c5df9505b65a8d6506f8668dfe81af09090920687edc48a9", PerunCalls.DEPOSITED_TOPIC.toHex());
    assertEquals("d0b6e7d0170f56c62f87de6a8a47a0ccf41c86ffb5084d399d8eb62e823f2a81", PerunCalls.WITHDRAWN_TOPIC.toHex());
    assertEquals("ef898d6cd3395b6dfe67a3c1923e5c726c1b154e979fb0a25a9c41d0093168b8", PerunCalls.OUTCOME_SET_TOPIC.toHex());
  }

  @Test
  void registerRoundTripsWithSubChannels() {
    for (int i = 0; i < 40; i++) {
      SignedState channel = signedState();
      List<SignedState> subs = new ArrayList<>();
      for (int s = rnd.between(0, 2); s > 0; s--) {
        subs.add(signedState());
      }
      byte[] calldata = PerunCalls.register(channel, subs);
      PerunCalldata.RegisterCall call = PerunCalldata.decodeRegister(calldata);
      assertEquals(channel, call.channel(), seeded("channel of register " + i));
      assertEquals(subs, call.subChannels(), seeded("sub-channels of register " + i));
      for (SignedState sub : subs) {
        assertEquals(Optional.of(sub), call.find(sub.state().channelId()), seeded("find sub-channel"));
      }
    }
  }

  @Test
  void goldenStatesRoundTrip() {
    Params params = GoldenVectors.params();
    for (State state : List.of(GoldenVectors.state(), GoldenVectors.complexState())) {
      List<Signature> sigs = List.of(Signature.of(new byte[65]), Signature.of(new byte[65]));
      SignedState signed = new SignedState(params, state, sigs);
      State expected = state.allocation().locked().isEmpty() ? state : withoutIdentityMaps(state);
      assertEquals(new SignedState(params, expected, sigs), PerunCalldata.decodeRegister(PerunCalls.register(signed, List.of())).channel());
    }
  }

  @Test
  void progressRoundTrips() {
    for (int i = 0; i < 40; i++) {
      SignedState s = signedState();
      State next = s.state().withVersion(s.state().version() + 1);
      int actor = rnd.between(0, s.params().numParticipants() - 1);
      Signature sig = Signature.of(rnd.bytes(65).toArray());
      PerunCalldata.ProgressCall call = PerunCalldata.decodeProgress(PerunCalls.progress(s.params(), s.state(), next, actor, sig));
      assertEquals(new PerunCalldata.ProgressCall(s.params(), s.state(), next, actor, sig), call, seeded("progress " + i));
    }
  }

  @Test
  void otherCalldataIsRefused() {
    SignedState s = signedState();
    byte[] register = PerunCalls.register(s, List.of());
    assertThrows(AbiDecodingException.class, () -> PerunCalldata.decodeProgress(register));
    assertThrows(AbiDecodingException.class, () -> PerunCalldata.decodeRegister(new byte[3]));
    assertThrows(AbiDecodingException.class, () -> PerunCalldata.decodeRegister(PerunCalls.REGISTER.toArray()));
  }

  @Test
  void truncatedOrMutatedCalldataFailsOnlyWithDecodingErrors() {
    byte[] good = PerunCalls.register(signedState(), List.of(signedState()));
    for (int len = 4; len < good.length; len += 13) {
      byte[] cut = java.util.Arrays.copyOf(good, len);
      assertThrows(AbiDecodingException.class, () -> PerunCalldata.decodeRegister(cut), seeded("truncated to " + len));
    }
    for (int i = 0; i < 2000; i++) {
      byte[] bad = good.clone();
      int pos = rnd.between(4, bad.length - 1);
      bad[pos] = (byte) rnd.between(0, 255);
      if (rnd.chance(0.5)) {
        bad[pos] = (byte) 0xff;
      }
      try {
        PerunCalldata.decodeRegister(bad);
      } catch (AbiDecodingException expected) {
        // refusing is fine; anything else is not
      } catch (RuntimeException e) {
        fail(seeded("mutation at byte " + pos + " threw " + e));
      }
    }
  }

  // ---- random values the contracts can carry ----

  private SignedState signedState() {
    int parts = rnd.between(2, 4);
    List<Address> participants = new ArrayList<>();
    for (int p = 0; p < parts; p++) {
      participants.add(keys.addTo(wallet).address());
    }
    Optional<AppId> app = rnd.chance(0.5) ? Optional.of(rnd.appId()) : Optional.empty();
    Params params = new Params(rnd.challengeDuration(), participants, app, rnd.unsignedBits(rnd.between(0, 256)), rnd.chance(0.8), false, Params.ZERO_AUX);
    ChannelId id = channels.channelId(params);
    int numAssets = rnd.between(1, 3);
    List<Asset> assets = new ArrayList<>();
    for (int a = 0; a < numAssets; a++) {
      assets.add(rnd.chance(0.7)
          ? new EthAsset(rnd.unsignedBits(rnd.between(1, 64)), EthAddress.of(rnd.bytes(20).toArray())).toAsset()
          : new Asset(rnd.chance(0.5) ? 0 : rnd.between(2, 6), rnd.bytes(rnd.between(0, 40))));
    }
    List<SubAlloc> locked = new ArrayList<>();
    for (int l = rnd.locked(); l > 0; l--) {
      List<BigInteger> bals = new ArrayList<>();
      for (int a = 0; a < numAssets; a++) {
        bals.add(rnd.amount());
      }
      List<Integer> map = rnd.chance(0.5) ? List.of() : rnd.indexMap(parts, parts);
      if (isIdentity(map)) {
        map = List.of();
      }
      locked.add(new SubAlloc(rnd.channelId(), bals, map));
    }
    Allocation alloc = new Allocation(assets, rnd.balances(numAssets, parts), locked);
    Bytes data = app.isPresent() ? rnd.bytes(rnd.between(0, 70)) : Bytes.EMPTY;
    State state = new State(id, rnd.random().nextLong(0, Long.MAX_VALUE), alloc, app, data, rnd.chance(0.3));
    List<Signature> sigs = new ArrayList<>();
    for (Address p : participants) {
      sigs.add(channels.sign(wallet.account(p), state));
    }
    return new SignedState(params, state, sigs);
  }

  private static boolean isIdentity(List<Integer> map) {
    for (int i = 0; i < map.size(); i++) {
      if (map.get(i) != i) {
        return false;
      }
    }
    return !map.isEmpty();
  }

  private static State withoutIdentityMaps(State s) {
    List<SubAlloc> locked = new ArrayList<>();
    for (SubAlloc sub : s.allocation().locked()) {
      locked.add(isIdentity(sub.indexMap()) ? new SubAlloc(sub.id(), sub.balances(), List.of()) : sub);
    }
    return s.withAllocation(new Allocation(s.allocation().assets(), s.allocation().balances(), locked));
  }

  private static String seeded(String message) {
    return message + " (seed " + SEED + ")";
  }
}
