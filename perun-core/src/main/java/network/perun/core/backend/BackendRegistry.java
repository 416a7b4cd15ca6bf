// SPDX-License-Identifier: Apache-2.0
package network.perun.core.backend;

import java.net.URL;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.regex.Pattern;
import network.perun.api.InvalidValueException;
import network.perun.api.spi.Backend;
import network.perun.api.spi.BackendConfig;
import network.perun.api.spi.BackendProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backends an application can use, by provider ID: the one place that discovers {@link BackendProvider}s
 * with {@link ServiceLoader}.
 *
 * <p>{@link #load()} finds every provider registered on the class path ({@code META-INF/services}) or module path
 * ({@code provides ... with}). A provider that fails to load does not stop the others; it is kept for the error
 * report ({@link #loadFailures()}) and logged. Two providers with the same ID are rejected. {@link #of(List)} and
 * {@link #of(Backend)} build a registry without discovery, the second from a ready backend instance.
 *
 * <p>Choosing a backend fails with a {@link BackendNotFoundException} whose message names the fix: when none is
 * found, when the ID is unknown, and when several are found and the caller named none. The registry never picks
 * "the first" provider and never falls back to a no-op backend. It is immutable and thread-safe.
 */
public final class BackendRegistry {
  private static final Logger LOG = LoggerFactory.getLogger(BackendRegistry.class);

  /** Lowercase kebab-case, such as {@code sim}, {@code eth} or {@code eth-devnet}. */
  private static final Pattern ID_FORMAT = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

  /** ServiceLoader may fail to recover after an error; stop trying after this many in a row. */
  private static final int MAX_LOAD_ERRORS = 32;

  private final Map<String, BackendProvider> providers;
  private final List<String> loadFailures;

  private BackendRegistry(Map<String, BackendProvider> providers, List<String> loadFailures) {
    this.providers = providers;
    this.loadFailures = List.copyOf(loadFailures);
  }

  /**
   * Discovers the providers visible to the thread's context class loader.
   *
   * @throws BackendNotFoundException if two providers have the same ID
   */
  public static BackendRegistry load() {
    return discover(ServiceLoader.load(BackendProvider.class));
  }

  /**
   * Discovers the providers visible to {@code loader}.
   *
   * @throws BackendNotFoundException if two providers have the same ID
   */
  public static BackendRegistry load(ClassLoader loader) {
    Objects.requireNonNull(loader, "loader");
    return discover(ServiceLoader.load(BackendProvider.class, loader));
  }

  /**
   * A registry of exactly {@code providers}, without discovery.
   *
   * @throws InvalidValueException if a provider's ID is not lowercase kebab-case
   * @throws BackendNotFoundException if two providers have the same ID
   */
  public static BackendRegistry of(List<? extends BackendProvider> providers) {
    Map<String, BackendProvider> byId = new TreeMap<>();
    for (BackendProvider provider : List.copyOf(providers)) {
      String id = provider.id();
      InvalidValueException.check(id != null && ID_FORMAT.matcher(id).matches(),
          "backend provider %s has id \"%s\": an id must be lowercase kebab-case, such as sim or eth", provider.getClass().getName(), id);
      add(byId, id, provider);
    }
    return new BackendRegistry(byId, List.of());
  }

  /**
   * A registry of one ready backend, the escape hatch when discovery is not wanted. {@link #create} returns
   * {@code backend} itself, under its {@link Backend#name()}, and ignores the config.
   *
   * @throws InvalidValueException if the backend's name is not lowercase kebab-case
   */
  public static BackendRegistry of(Backend backend) {
    Objects.requireNonNull(backend, "backend");
    return of(List.of(new InstanceProvider(backend)));
  }

  /** The IDs of the available backends, sorted. */
  public List<String> ids() {
    return List.copyOf(providers.keySet());
  }

  /**
   * The providers that were registered but could not be loaded, each as its class and the error; empty for a
   * registry built without discovery.
   */
  public List<String> loadFailures() {
    return loadFailures;
  }

  /**
   * The provider with {@code id}.
   *
   * @throws BackendNotFoundException if there is none
   */
  public BackendProvider provider(String id) {
    Objects.requireNonNull(id, "id");
    BackendProvider provider = providers.get(id);
    if (provider == null) {
      throw BackendNotFoundException.unknownId(id, ids(), loadFailures);
    }
    return provider;
  }

  /**
   * The only provider.
   *
   * @throws BackendNotFoundException if there is none, or more than one
   */
  public BackendProvider provider() {
    if (providers.isEmpty()) {
      throw BackendNotFoundException.noneFound(loadFailures);
    }
    if (providers.size() > 1) {
      throw BackendNotFoundException.noneChosen(ids());
    }
    return providers.values().iterator().next();
  }

  /**
   * A new backend from the provider with {@code id}.
   *
   * @throws BackendNotFoundException if there is no such provider
   */
  public Backend create(String id, BackendConfig config) {
    Objects.requireNonNull(config, "config");
    return provider(id).create(config);
  }

  /**
   * A new backend from the only provider.
   *
   * @throws BackendNotFoundException if there is no provider, or more than one
   */
  public Backend create(BackendConfig config) {
    Objects.requireNonNull(config, "config");
    return provider().create(config);
  }

  /**
   * A new backend from the provider with {@code id} if one is given, otherwise from the only provider.
   *
   * @throws BackendNotFoundException if that provider cannot be chosen
   */
  public Backend create(Optional<String> id, BackendConfig config) {
    return id.isPresent() ? create(id.get(), config) : create(config);
  }

  @Override
  public String toString() {
    return "BackendRegistry" + ids() + (loadFailures.isEmpty() ? "" : " (" + loadFailures.size() + " failed to load)");
  }

  private static BackendRegistry discover(ServiceLoader<BackendProvider> loader) {
    Map<String, BackendProvider> byId = new TreeMap<>();
    List<String> failures = new ArrayList<>();
    Iterator<BackendProvider> it = loader.iterator();
    int errors = 0;
    while (true) {
      BackendProvider provider;
      try {
        if (!it.hasNext()) {
          break;
        }
        provider = it.next();
      } catch (ServiceConfigurationError e) {
        String failure = describe(e);
        LOG.warn("A Perun backend provider failed to load: {}", failure);
        failures.add(failure);
        if (++errors >= MAX_LOAD_ERRORS) {
          failures.add("(stopped looking after " + errors + " failures)");
          break;
        }
        continue;
      }
      String className = provider.getClass().getName();
      String id;
      try {
        id = provider.id();
      } catch (RuntimeException e) {
        String failure = className + ": id() threw " + e;
        LOG.warn("A Perun backend provider failed to load: {}", failure);
        failures.add(failure);
        continue;
      }
      if (id == null || !ID_FORMAT.matcher(id).matches()) {
        String failure = className + ": id \"" + id + "\" is not lowercase kebab-case";
        LOG.warn("A Perun backend provider failed to load: {}", failure);
        failures.add(failure);
        continue;
      }
      add(byId, id, provider);
      if (LOG.isDebugEnabled()) {
        Module module = provider.getClass().getModule();
        LOG.debug("Found Perun backend provider id={} class={} module={} version={} location={}", id, className,
            module.isNamed() ? module.getName() : "(class path)",
            module.getDescriptor() == null ? "" : module.getDescriptor().toNameAndVersion(), location(provider.getClass()));
      }
    }
    return new BackendRegistry(byId, failures);
  }

  private static void add(Map<String, BackendProvider> byId, String id, BackendProvider provider) {
    BackendProvider previous = byId.putIfAbsent(id, provider);
    if (previous != null) {
      throw BackendNotFoundException.duplicateId(id, origin(previous), origin(provider));
    }
  }

  private static String origin(BackendProvider provider) {
    return provider instanceof InstanceProvider instance ? instance.backend.getClass().getName() : provider.getClass().getName();
  }

  private static String describe(ServiceConfigurationError e) {
    Throwable cause = e.getCause();
    return e.getMessage() + (cause == null ? "" : " (" + cause + ")");
  }

  private static String location(Class<?> type) {
    CodeSource source = type.getProtectionDomain().getCodeSource();
    URL url = source == null ? null : source.getLocation();
    return url == null ? "unknown" : url.toString();
  }

  /** Hands out one ready backend instance under its name. */
  private static final class InstanceProvider implements BackendProvider {
    private final Backend backend;

    InstanceProvider(Backend backend) {
      this.backend = backend;
    }

    @Override
    public String id() {
      return backend.name();
    }

    @Override
    public Backend create(BackendConfig config) {
      return backend;
    }

    @Override
    public String toString() {
      return "instance of " + backend.getClass().getName();
    }
  }
}
