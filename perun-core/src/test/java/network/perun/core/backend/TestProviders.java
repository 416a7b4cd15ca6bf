// SPDX-License-Identifier: Apache-2.0
package network.perun.core.backend;

import network.perun.api.spi.Backend;
import network.perun.api.spi.BackendConfig;
import network.perun.api.spi.BackendProvider;
import network.perun.api.spi.ChannelBackend;
import network.perun.api.spi.WalletBackend;

/** Test-only backend providers, registered in test META-INF/services files. */
public final class TestProviders {
  private TestProviders() {}

  /** A backend that only knows its name and the config it was created with. */
  public record StubBackend(String name, BackendConfig config) implements Backend {
    @Override
    public int backendId() {
      return 99;
    }

    @Override
    public WalletBackend walletBackend() {
      throw new UnsupportedOperationException("stub backend " + name + " has no wallet backend");
    }

    @Override
    public ChannelBackend channelBackend() {
      throw new UnsupportedOperationException("stub backend " + name + " has no channel backend");
    }
  }

  /** A provider of stub backends under a fixed ID. */
  public abstract static class StubProvider implements BackendProvider {
    private final String id;

    protected StubProvider(String id) {
      this.id = id;
    }

    @Override
    public String id() {
      return id;
    }

    @Override
    public Backend create(BackendConfig config) {
      return new StubBackend(id, config);
    }
  }

  public static final class AlphaProvider extends StubProvider {
    public AlphaProvider() {
      super("test-alpha");
    }
  }

  public static final class BetaProvider extends StubProvider {
    public BetaProvider() {
      super("test-beta");
    }
  }

  /** A second provider claiming {@link AlphaProvider}'s ID. */
  public static final class SecondAlphaProvider extends StubProvider {
    public SecondAlphaProvider() {
      super("test-alpha");
    }
  }

  public static final class UpperCaseIdProvider extends StubProvider {
    public UpperCaseIdProvider() {
      super("Test_Upper");
    }
  }

  /** A provider whose constructor fails, as one with a missing dependency would. */
  public static final class FailingConstructorProvider extends StubProvider {
    public FailingConstructorProvider() {
      super("test-failing");
      throw new IllegalStateException("missing native library for the test");
    }
  }

  public static final class ThrowingIdProvider extends StubProvider {
    public ThrowingIdProvider() {
      super("unused");
    }

    @Override
    public String id() {
      throw new IllegalStateException("id not configured");
    }
  }
}
