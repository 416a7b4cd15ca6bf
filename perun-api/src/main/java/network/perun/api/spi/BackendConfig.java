// SPDX-License-Identifier: Apache-2.0
package network.perun.api.spi;

import java.util.Map;
import java.util.Optional;

/**
 * Settings handed to {@link BackendProvider#create(BackendConfig)}, as string keys and values (lowercase
 * kebab-case keys, such as {@code rpc-url}).
 */
public record BackendConfig(Map<String, String> settings) {
  public BackendConfig {
    settings = Map.copyOf(settings);
  }

  /** No settings: every backend's defaults. */
  public static BackendConfig empty() {
    return new BackendConfig(Map.of());
  }

  public Optional<String> get(String key) {
    return Optional.ofNullable(settings.get(key));
  }
}
