// SPDX-License-Identifier: Apache-2.0
package network.perun.api.spi;

/**
 * The service a backend module registers for {@link java.util.ServiceLoader} discovery.
 *
 * <p>Register the implementation both ways: {@code provides network.perun.api.spi.BackendProvider with ...} in
 * {@code module-info.java} and a {@code META-INF/services/network.perun.api.spi.BackendProvider} line. It needs a
 * public no-argument constructor. Discovery lives in perun-core ({@code network.perun.core.backend.BackendRegistry}).
 */
public interface BackendProvider {
  /** The provider's unique, lowercase ID, such as {@code sim} or {@code eth}. */
  String id();

  /** A new backend with {@code config}; called once per backend instance. */
  Backend create(BackendConfig config);
}
