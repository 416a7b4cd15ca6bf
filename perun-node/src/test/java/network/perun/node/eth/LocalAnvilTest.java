// SPDX-License-Identifier: Apache-2.0
package network.perun.node.eth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import network.perun.api.Address;
import network.perun.api.PerunException;
import network.perun.backend.eth.EthAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tests {@link LocalAnvil}: start, fund, time and stop, how it finds its binary and what it says when there is none. */
class LocalAnvilTest {
  @TempDir Path dir;

  @Test
  void startsFundsMovesTimeAndStops() throws InterruptedException {
    Address receiver = EthAddress.of("0x00000000000000000000000000000000000000a1");
    LocalAnvil anvil = LocalAnvil.start();
    try {
      assertEquals(BigInteger.valueOf(LocalAnvil.CHAIN_ID), anvil.rpc().chainId());
      anvil.fund(1, receiver, BigInteger.TWO);
      assertEquals(BigInteger.TWO, anvil.rpc().balance(receiver));
      long before = anvil.rpc().latestBlock().timestamp();
      anvil.advanceTime(3600);
      long after = anvil.rpc().latestBlock().timestamp();
      assertTrue(after >= before + 3600 && after < before + 3600 + 60, "chain time " + before + " -> " + after);
    } finally {
      anvil.close();
    }
    assertFalse(anvil.isRunning(), "Anvil stopped");
  }

  @Test
  void aMissingBinarySaysToRunNpmCi() {
    PerunException e = assertThrows(PerunException.class, () -> LocalAnvil.locateBinary(Optional.empty(), List.of(dir)));

    assertTrue(e.getMessage().contains("Run `npm ci` in perun-backend-eth/contracts"), e.getMessage());
    assertTrue(e.getMessage().contains(LocalAnvil.BINARY_ENV), e.getMessage());
  }

  @Test
  void startingAMissingBinarySaysToRunNpmCi() {
    PerunException e = assertThrows(PerunException.class, () -> LocalAnvil.start(dir.resolve("anvil")));

    assertTrue(e.getMessage().contains("npm ci"), e.getMessage());
  }

  @Test
  void theNpmBinaryIsFoundFromASubdirectoryOfTheRepository() throws IOException {
    Path binary = dir.resolve(LocalAnvil.NPM_BINARY);
    Files.createDirectories(binary.getParent());
    Files.writeString(binary, "#!/bin/sh\n");
    assertTrue(binary.toFile().setExecutable(true), "chmod +x " + binary);
    Path deep = Files.createDirectories(dir.resolve("perun-node").resolve("target"));

    assertEquals(binary, LocalAnvil.locateBinary(Optional.empty(), List.of(deep)));
  }

  @Test
  void theEnvironmentVariableWinsAndMustNameAnExecutable() {
    PerunException e = assertThrows(PerunException.class,
        () -> LocalAnvil.locateBinary(Optional.of(dir.resolve("nothing-here").toString()), List.of(dir)));

    assertTrue(e.getMessage().startsWith(LocalAnvil.BINARY_ENV + "=" + dir.resolve("nothing-here")), e.getMessage());
  }
}
