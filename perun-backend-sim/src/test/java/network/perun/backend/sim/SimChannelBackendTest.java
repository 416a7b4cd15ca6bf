// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Optional;
import network.perun.api.Address;
import network.perun.api.Allocation;
import network.perun.api.Balances;
import network.perun.api.Bytes;
import network.perun.api.ChannelId;
import network.perun.api.InvalidValueException;
import network.perun.api.Limits;
import network.perun.api.Params;
import network.perun.api.Signature;
import network.perun.api.State;
import network.perun.api.codec.PerunIo;
import network.perun.api.spi.Account;
import org.junit.jupiter.api.Test;

class SimChannelBackendTest {
  private final SimBackend backend = new SimBackend();
  private final SimChannelBackend channels = backend.channelBackend();
  private final SimWallet wallet = SimWallet.fromSeed(11);
  private final SimAccount alice = wallet.newAccount();
  private final SimAccount bob = wallet.newAccount();

  private Params params(Bytes aux) {
    return new Params(60, List.of(alice.address(), bob.address()), Optional.empty(), BigInteger.valueOf(1234), true, false, aux);
  }

  private State state(ChannelId id) {
    Allocation allocation = Allocation.of(List.of(SimAsset.of(1)), Balances.ofSingleAsset(BigInteger.TEN, BigInteger.TWO));
    return State.initial(id, allocation, Optional.empty());
  }

  @Test
  void channelIdIsSha256OfThePerunioParams() throws NoSuchAlgorithmException {
    Params params = params(Params.ZERO_AUX);
    byte[] expected = MessageDigest.getInstance("SHA-256").digest(PerunIo.encodeParams(params));
    assertArrayEquals(expected, channels.channelId(params).bytes().toArray());
  }

  @Test
  void channelIdCoversAux() {
    byte[] aux = new byte[Limits.AUX_LENGTH];
    aux[200] = 1;
    assertNotEquals(channels.channelId(params(Params.ZERO_AUX)), channels.channelId(params(Bytes.wrap(aux))));
  }

  @Test
  void aStateSignatureIsEd25519OverThePerunioState() {
    State state = state(channels.channelId(params(Params.ZERO_AUX)));
    Signature signature = channels.sign(alice, state);
    assertEquals(alice.sign(PerunIo.encodeState(state)), signature);
    assertTrue(channels.verify(alice.address(), state, signature));
    assertFalse(channels.verify(bob.address(), state, signature));
  }

  @Test
  void verifyIsFalseForASignerOfAnotherBackend() {
    State state = state(channels.channelId(params(Params.ZERO_AUX)));
    Signature signature = channels.sign(alice, state);
    assertFalse(channels.verify(new Address(1, alice.address().bytes()), state, signature));
  }

  @Test
  void signingWithAnAccountOfAnotherBackendIsRejected() {
    Account foreign = new Account() {
      @Override
      public Address address() {
        return new Address(1, Bytes.zeros(20));
      }

      @Override
      public Signature sign(byte[] data) {
        return new Signature(Bytes.zeros(65));
      }
    };
    State state = state(channels.channelId(params(Params.ZERO_AUX)));
    InvalidValueException e = assertThrows(InvalidValueException.class, () -> channels.sign(foreign, state));
    assertTrue(e.getMessage().contains("1:0x0000000000000000000000000000000000000000"), e.getMessage());
  }
}
