// SPDX-License-Identifier: Apache-2.0
package network.perun.api;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resolves an {@link AppId} to its {@link App}. One registry per client, not a global: two clients in one JVM
 * may know different apps.
 */
public final class AppRegistry {
  private final Map<AppId, App> apps = new ConcurrentHashMap<>();

  /**
   * Registers {@code app} under its ID.
   *
   * @throws InvalidValueException for {@link NoApp} or an ID that is already registered to another app
   */
  public AppRegistry register(App app) {
    AppId id = app.id().orElseThrow(() -> new InvalidValueException("NoApp needs no registration"));
    App previous = apps.putIfAbsent(id, app);
    InvalidValueException.check(previous == null || previous == app, "%s is already registered to %s", id, previous);
    return this;
  }

  /** The app for an optional ID: {@link NoApp} for none. */
  public App resolve(Optional<AppId> id) {
    if (id.isEmpty()) {
      return NoApp.INSTANCE;
    }
    App app = apps.get(id.get());
    if (app == null) {
      throw new UnknownAppException(id.get());
    }
    return app;
  }

  /** An app ID no registered app answers to. */
  public static final class UnknownAppException extends PerunException {
    private static final long serialVersionUID = 1L;

    public UnknownAppException(AppId id) {
      super("unknown " + id + ": register the app with AppRegistry.register before using it");
    }
  }
}
