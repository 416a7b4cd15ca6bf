// SPDX-License-Identifier: Apache-2.0
package network.perun.testkit.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import network.perun.api.spi.Backend;
import network.perun.api.spi.BackendConfig;
import network.perun.api.spi.BackendProvider;
import network.perun.core.backend.BackendNotFoundException;
import network.perun.core.backend.BackendRegistry;
import org.junit.jupiter.api.Test;

/**
 * The conformance suite of a {@link BackendProvider}: it is registered so that {@link BackendRegistry} finds it,
 * its ID is lowercase and unique, and {@link BackendProvider#create} gives fresh, usable backends.
 *
 * <pre>{@code
 * class AcmeBackendProviderConformanceTest extends BackendProviderConformanceTest {
 *   protected BackendProvider provider() { return new AcmeBackendProvider(); }
 * }
 * }</pre>
 */
public abstract class BackendProviderConformanceTest {
  private static final Pattern ID_FORMAT = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");
  private static final String SERVICE = BackendProvider.class.getName();

  /** A new instance of the provider under test. */
  protected abstract BackendProvider provider();

  /** The config the suite creates backends with; no settings by default. */
  protected BackendConfig config() {
    return BackendConfig.empty();
  }

  @Test
  public void idIsLowercaseKebabCaseAndStable() {
    String id = provider().id();
    assertNotNull(id, "id()");
    assertTrue(ID_FORMAT.matcher(id).matches(), "provider id must be lowercase kebab-case, such as sim or eth: \"" + id + "\"");
    assertEquals(id, provider().id(), "id() of another instance");
  }

  @Test
  public void providerClassCanBeInstantiatedByServiceLoader() throws ReflectiveOperationException {
    Class<? extends BackendProvider> type = provider().getClass();
    assertTrue(Modifier.isPublic(type.getModifiers()) && Modifier.isFinal(type.getModifiers()), type + " must be public final");
    assertTrue(type.getSimpleName().endsWith("BackendProvider"), type + ": a provider's name ends in BackendProvider");
    Constructor<? extends BackendProvider> constructor = type.getConstructor();
    BackendProvider made;
    try {
      made = constructor.newInstance();
    } catch (InvocationTargetException e) {
      throw new AssertionError("the public no-argument constructor of " + type + " throws", e.getCause());
    }
    assertEquals(provider().id(), made.id(), "id() of an instance made by the no-argument constructor");
  }

  @Test
  public void registryDiscoversTheProviderUnderItsIdAlone() {
    BackendProvider provider = provider();
    BackendRegistry registry;
    try {
      registry = BackendRegistry.load(provider.getClass().getClassLoader());
    } catch (BackendNotFoundException e) {
      throw new AssertionError("discovery fails where " + provider.getClass().getName() + " is on the class path: " + e.getMessage(), e);
    }
    assertTrue(registry.ids().contains(provider.id()),
        "ServiceLoader does not find \"" + provider.id() + "\": add META-INF/services/" + SERVICE + " naming " + provider.getClass().getName()
            + "; found " + registry.ids() + ", failures " + registry.loadFailures());
    assertSame(provider.getClass(), registry.provider(provider.id()).getClass(), "the provider discovered under \"" + provider.id() + "\"");
    assertEquals(List.of(), registry.loadFailures().stream().filter(f -> f.contains(provider.getClass().getName())).toList(),
        "load failures of " + provider.getClass().getName());
  }

  @Test
  public void moduleDescriptorProvidesTheProvider() throws URISyntaxException {
    Class<? extends BackendProvider> type = provider().getClass();
    Optional<ModuleDescriptor> descriptor = explicitDescriptor(type);
    assumeTrue(descriptor.isPresent(), "no module-info.class beside " + type.getName() + ": an automatic module provides through META-INF/services");
    boolean provided = descriptor.get().provides().stream()
        .anyMatch(p -> p.service().equals(SERVICE) && p.providers().contains(type.getName()));
    assertTrue(provided, "module " + descriptor.get().name() + " must declare: provides " + SERVICE + " with " + type.getName() + ";");
  }

  @Test
  public void createGivesFreshUsableBackends() {
    BackendProvider provider = provider();
    Backend first = provider.create(config());
    Backend second = provider.create(config());
    assertNotSame(first, second, "create() must return a new backend on each call");
    for (Backend backend : List.of(first, second)) {
      assertEquals(provider.id(), backend.name(), "name() of the created backend");
      assertTrue(backend.backendId() >= 0, "backendId() must not be negative: " + backend.backendId());
      assertNotNull(backend.walletBackend(), "walletBackend()");
      assertNotNull(backend.channelBackend(), "channelBackend()");
      assertTrue(backend.walletBackend().signatureSize() > 0, "signatureSize() must be positive: " + backend.walletBackend().signatureSize());
    }
    assertEquals(first.backendId(), second.backendId(), "backendId() of two created backends");
    assertEquals(first.walletBackend().signatureSize(), second.walletBackend().signatureSize(), "signatureSize() of two created backends");
  }

  @Test
  public void registryCreatesTheBackendById() {
    BackendProvider provider = provider();
    Backend backend = BackendRegistry.of(List.of(provider)).create(provider.id(), config());
    assertEquals(provider.id(), backend.name(), "name() of the backend the registry created");
  }

  /** The explicit module descriptor in the jar or class folder {@code type} was loaded from, if there is one. */
  private static Optional<ModuleDescriptor> explicitDescriptor(Class<?> type) throws URISyntaxException {
    CodeSource source = type.getProtectionDomain().getCodeSource();
    if (source == null || source.getLocation() == null) {
      return Optional.empty();
    }
    Path location = Path.of(source.getLocation().toURI());
    if (Files.isDirectory(location) && !Files.exists(location.resolve("module-info.class"))) {
      return Optional.empty();
    }
    return ModuleFinder.of(location).findAll().stream().map(ModuleReference::descriptor).filter(d -> !d.isAutomatic()).findFirst();
  }
}
