// SPDX-License-Identifier: Apache-2.0
package network.perun.core.backend;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import network.perun.api.InvalidValueException;
import network.perun.api.spi.Backend;
import network.perun.api.spi.BackendConfig;
import network.perun.api.spi.BackendProvider;
import network.perun.core.backend.BackendNotFoundException.Reason;
import network.perun.core.backend.TestProviders.AlphaProvider;
import network.perun.core.backend.TestProviders.BetaProvider;
import network.perun.core.backend.TestProviders.FailingConstructorProvider;
import network.perun.core.backend.TestProviders.SecondAlphaProvider;
import network.perun.core.backend.TestProviders.StubBackend;
import network.perun.core.backend.TestProviders.ThrowingIdProvider;
import network.perun.core.backend.TestProviders.UpperCaseIdProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackendRegistryTest {
  private static final String SERVICES = "META-INF/services/" + BackendProvider.class.getName();
  private static final BackendConfig CONFIG = new BackendConfig(Map.of("rpc-url", "http://127.0.0.1:8545"));

  @TempDir Path dir;

  // ---- discovery ----

  @Test
  void loadFindsTheProvidersOfTheClassPath() {
    BackendRegistry registry = BackendRegistry.load();
    assertEquals(List.of("test-alpha", "test-beta"), registry.ids());
    assertEquals(List.of(), registry.loadFailures());
    assertInstanceOf(AlphaProvider.class, registry.provider("test-alpha"));
    assertInstanceOf(BetaProvider.class, registry.provider("test-beta"));
  }

  @Test
  void createByIdPassesTheConfigAndGivesAFreshBackend() {
    BackendRegistry registry = BackendRegistry.load();
    Backend first = registry.create("test-beta", CONFIG);
    Backend second = registry.create("test-beta", CONFIG);
    assertEquals(new StubBackend("test-beta", CONFIG), first);
    assertNotSame(first, second);
  }

  @Test
  void severalFoundAndNoneChosenFails() {
    BackendRegistry registry = BackendRegistry.load();
    BackendNotFoundException e = assertThrows(BackendNotFoundException.class, () -> registry.create(CONFIG));
    assertEquals(Reason.NONE_CHOSEN, e.reason());
    assertEquals("Several Perun backends found (test-alpha, test-beta) and none chosen.\n"
        + "Pass the id of the one to use, such as BackendRegistry.create(\"test-alpha\", config).", e.getMessage());
    assertEquals(Reason.NONE_CHOSEN, assertThrows(BackendNotFoundException.class, registry::provider).reason());
    assertEquals(Reason.NONE_CHOSEN, assertThrows(BackendNotFoundException.class, () -> registry.create(Optional.empty(), CONFIG)).reason());
  }

  @Test
  void unknownIdListsTheAvailableIds() {
    BackendRegistry registry = BackendRegistry.load();
    BackendNotFoundException e = assertThrows(BackendNotFoundException.class, () -> registry.create("eth", CONFIG));
    assertEquals(Reason.UNKNOWN_ID, e.reason());
    assertEquals("No Perun backend with id \"eth\"; available: test-alpha, test-beta.\n"
        + "Use one of these ids, or add the module that provides \"eth\" to the runtime dependencies.", e.getMessage());
  }

  @Test
  void noneFoundNamesTheBackendModulesAndTheExplicitInstance() {
    BackendRegistry registry = BackendRegistry.load(loaderWithServices());
    assertEquals(List.of(), registry.ids());
    BackendNotFoundException e = assertThrows(BackendNotFoundException.class, () -> registry.create(CONFIG));
    assertEquals(Reason.NONE_FOUND, e.reason());
    assertEquals("No Perun backend found on the class path or module path.\n"
        + "Add network.perun:perun-backend-sim (tests) or network.perun:perun-backend-eth to the runtime dependencies, "
        + "or pass a Backend instance directly with BackendRegistry.of(backend).", e.getMessage());
  }

  @Test
  void anUnknownIdWithNoBackendAtAllGivesTheNoneFoundAdvice() {
    BackendRegistry registry = BackendRegistry.load(loaderWithServices());
    BackendNotFoundException e = assertThrows(BackendNotFoundException.class, () -> registry.create("sim", CONFIG));
    assertEquals(Reason.UNKNOWN_ID, e.reason());
    assertTrue(e.getMessage().startsWith("No Perun backend with id \"sim\": no backend found"), e.getMessage());
    assertTrue(e.getMessage().contains("network.perun:perun-backend-sim"), e.getMessage());
  }

  @Test
  void providersThatFailToLoadAreReportedAndTheOthersStillLoad() {
    BackendRegistry registry = BackendRegistry.load(loaderWithServices(
        "network.perun.core.backend.NoSuchProvider",
        FailingConstructorProvider.class.getName(),
        AlphaProvider.class.getName(),
        UpperCaseIdProvider.class.getName(),
        ThrowingIdProvider.class.getName(),
        StubBackend.class.getName()));
    assertEquals(List.of("test-alpha"), registry.ids());
    List<String> failures = registry.loadFailures();
    assertEquals(5, failures.size(), failures::toString);
    assertAll(
        () -> assertTrue(failures.get(0).contains("network.perun.core.backend.NoSuchProvider"), failures.get(0)),
        () -> assertTrue(failures.get(1).contains(FailingConstructorProvider.class.getName()), failures.get(1)),
        () -> assertTrue(failures.get(1).contains("missing native library for the test"), failures.get(1)),
        () -> assertTrue(failures.get(2).contains("\"Test_Upper\" is not lowercase kebab-case"), failures.get(2)),
        () -> assertTrue(failures.get(3).contains("id() threw java.lang.IllegalStateException: id not configured"), failures.get(3)),
        () -> assertTrue(failures.get(4).contains(StubBackend.class.getName() + " not a subtype"), failures.get(4)));
    assertEquals(new StubBackend("test-alpha", CONFIG), registry.create(CONFIG));
  }

  @Test
  void noneFoundListsTheProvidersThatFailedToLoad() {
    BackendRegistry registry = BackendRegistry.load(loaderWithServices(FailingConstructorProvider.class.getName()));
    BackendNotFoundException e = assertThrows(BackendNotFoundException.class, () -> registry.create(CONFIG));
    assertEquals(Reason.NONE_FOUND, e.reason());
    assertTrue(e.getMessage().contains("\nProviders that failed to load: "), e.getMessage());
    assertTrue(e.getMessage().contains(FailingConstructorProvider.class.getName()), e.getMessage());
    assertTrue(e.getMessage().contains("missing native library for the test"), e.getMessage());
  }

  @Test
  void twoDiscoveredProvidersWithOneIdAreRejected() {
    ClassLoader loader = loaderWithServices(AlphaProvider.class.getName(), BetaProvider.class.getName(), SecondAlphaProvider.class.getName());
    BackendNotFoundException e = assertThrows(BackendNotFoundException.class, () -> BackendRegistry.load(loader));
    assertEquals(Reason.DUPLICATE_ID, e.reason());
    assertEquals("Two Perun backend providers have the id \"test-alpha\": " + AlphaProvider.class.getName() + " and "
        + SecondAlphaProvider.class.getName() + ".\n"
        + "Keep only one of them on the class path or module path (often two versions of one backend module).", e.getMessage());
  }

  // ---- explicit providers and instances ----

  @Test
  void explicitProvidersNeedNoDiscovery() {
    AlphaProvider alpha = new AlphaProvider();
    BackendRegistry registry = BackendRegistry.of(List.of(new BetaProvider(), alpha));
    assertEquals(List.of("test-alpha", "test-beta"), registry.ids());
    assertSame(alpha, registry.provider("test-alpha"));
    assertEquals(new StubBackend("test-alpha", CONFIG), registry.create(Optional.of("test-alpha"), CONFIG));
    assertEquals(List.of(), registry.loadFailures());
  }

  @Test
  void aSingleProviderIsTheBackendWhenNoneIsNamed() {
    BackendRegistry registry = BackendRegistry.of(List.of(new BetaProvider()));
    assertEquals(new StubBackend("test-beta", CONFIG), registry.create(CONFIG));
    assertEquals(new StubBackend("test-beta", CONFIG), registry.create(Optional.empty(), CONFIG));
  }

  @Test
  void explicitProvidersWithOneIdAreRejected() {
    BackendNotFoundException e = assertThrows(BackendNotFoundException.class,
        () -> BackendRegistry.of(List.of(new AlphaProvider(), new SecondAlphaProvider())));
    assertEquals(Reason.DUPLICATE_ID, e.reason());
    assertTrue(e.getMessage().contains(AlphaProvider.class.getName() + " and " + SecondAlphaProvider.class.getName()), e.getMessage());
  }

  @Test
  void anExplicitProviderWithAnInvalidIdIsRejected() {
    InvalidValueException e = assertThrows(InvalidValueException.class, () -> BackendRegistry.of(List.of(new UpperCaseIdProvider())));
    assertTrue(e.getMessage().contains("\"Test_Upper\""), e.getMessage());
  }

  @Test
  void anEmptyExplicitRegistryFindsNone() {
    BackendRegistry registry = BackendRegistry.of(List.of());
    assertEquals(Reason.NONE_FOUND, assertThrows(BackendNotFoundException.class, () -> registry.create(CONFIG)).reason());
  }

  @Test
  void aBackendInstanceIsHandedOutAsItIs() {
    Backend backend = new StubBackend("custom", BackendConfig.empty());
    BackendRegistry registry = BackendRegistry.of(backend);
    assertEquals(List.of("custom"), registry.ids());
    assertSame(backend, registry.create(CONFIG));
    assertSame(backend, registry.create("custom", CONFIG));
    BackendNotFoundException e = assertThrows(BackendNotFoundException.class, () -> registry.create("sim", CONFIG));
    assertTrue(e.getMessage().contains("available: custom."), e.getMessage());
  }

  /**
   * A class loader that sees the test classes but, as its only provider configuration, a services file in the
   * temporary directory with {@code lines}; none at all for no lines.
   */
  private ClassLoader loaderWithServices(String... lines) {
    try {
      if (lines.length > 0) {
        Path file = dir.resolve(SERVICES);
        Files.createDirectories(file.getParent());
        Files.write(file, List.of(lines));
      }
      return new URLClassLoader(new URL[] {dir.toUri().toURL()}, new HidingServicesLoader(getClass().getClassLoader()));
    } catch (MalformedURLException e) {
      throw new IllegalStateException(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Loads classes through its parent but hides the parent's provider configuration files. */
  private static final class HidingServicesLoader extends ClassLoader {
    HidingServicesLoader(ClassLoader parent) {
      super(parent);
    }

    @Override
    public URL getResource(String name) {
      return name.startsWith("META-INF/services/") ? null : super.getResource(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
      return name.startsWith("META-INF/services/") ? Collections.emptyEnumeration() : super.getResources(name);
    }
  }
}
