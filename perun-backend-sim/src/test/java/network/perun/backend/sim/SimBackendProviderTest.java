// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import network.perun.api.InvalidValueException;
import network.perun.api.spi.Backend;
import network.perun.api.spi.BackendConfig;
import network.perun.core.backend.BackendRegistry;
import org.junit.jupiter.api.Test;

class SimBackendProviderTest {
  @Test
  void theRegistryFindsSimAsTheOnlyBackendOnThisClassPath() {
    BackendRegistry registry = BackendRegistry.load();
    assertEquals(List.of("sim"), registry.ids());
    Backend backend = registry.create(BackendConfig.empty());
    assertInstanceOf(SimBackend.class, backend);
    assertEquals(0, backend.backendId());
    assertEquals("sim", backend.name());
  }

  @Test
  void settingsAreRejected() {
    BackendConfig config = new BackendConfig(Map.of("rpc-url", "http://127.0.0.1:8545"));
    InvalidValueException e = assertThrows(InvalidValueException.class, () -> new SimBackendProvider().create(config));
    assertTrue(e.getMessage().contains("rpc-url"), e.getMessage());
  }
}
