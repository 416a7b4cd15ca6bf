// SPDX-License-Identifier: Apache-2.0
package network.perun.node.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Tests the compiled module descriptors ({@code module-info.class}) of every module, which ArchUnit cannot
 * see: what the domain modules require, that every package starts with its module's name, and that the sim
 * backend provides itself to {@code ServiceLoader}.
 *
 * <p>It reads each module's {@code target/classes}, found next to perun-node, so the modules must have been
 * compiled first (any reactor build with {@code -am} does that).
 */
class ModuleDescriptorTest {
  private static final String BACKEND_PROVIDER = "network.perun.api.spi.BackendProvider";

  /** A module of perun-java: its Maven artifact (the directory) and its module name. */
  record PerunModule(String artifact, String name) {
    Path classes() {
      Path nodeDir = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
      return nodeDir.resolve("..").resolve(artifact).resolve("target").resolve("classes").normalize();
    }

    /** Whether it has a descriptor: all do but backend-eth, which may become an automatic module (7.2). */
    boolean hasDescriptor() {
      return Files.exists(classes().resolve("module-info.class"));
    }

    ModuleDescriptor descriptor() {
      assertTrue(
          Files.isDirectory(classes()),
          classes() + " is missing: compile " + artifact + " first (./mvnw -pl perun-node -am verify)");
      assertTrue(hasDescriptor(), classes() + " holds no module-info.class");
      List<ModuleReference> found = List.copyOf(ModuleFinder.of(classes()).findAll());
      assertEquals(1, found.size(), "modules found in " + classes() + ": " + found);
      return found.get(0).descriptor();
    }

    /** The packages that hold classes, read from the descriptor or, for an automatic module, from the files. */
    Set<String> packages() throws IOException {
      if (hasDescriptor()) {
        return descriptor().packages();
      }
      try (Stream<Path> files = Files.walk(classes())) {
        return files
            .filter(file -> file.toString().endsWith(".class"))
            .map(file -> classes().relativize(file.getParent()).toString().replace(file.getFileSystem().getSeparator(), "."))
            .collect(Collectors.toCollection(TreeSet::new));
      }
    }
  }

  static final PerunModule API = new PerunModule("perun-api", "network.perun.api");
  static final PerunModule PERSISTENCE_SPI = new PerunModule("perun-persistence-spi", "network.perun.persistence.spi");
  static final PerunModule CORE = new PerunModule("perun-core", "network.perun.core");
  static final PerunModule BACKEND_SIM = new PerunModule("perun-backend-sim", "network.perun.backend.sim");
  static final PerunModule BACKEND_ETH = new PerunModule("perun-backend-eth", "network.perun.backend.eth");

  static List<PerunModule> modules() {
    return List.of(
        API,
        PERSISTENCE_SPI,
        CORE,
        new PerunModule("perun-wire", "network.perun.wire"),
        BACKEND_SIM,
        BACKEND_ETH,
        new PerunModule("perun-persistence-leveldb", "network.perun.persistence.leveldb"),
        new PerunModule("perun-testkit", "network.perun.testkit"),
        new PerunModule("perun-node", "network.perun.node"));
  }

  @ParameterizedTest
  @MethodSource("modules")
  void moduleIsNamedAfterItsRootPackage(PerunModule module) {
    if (module == BACKEND_ETH && !module.hasDescriptor()) {
      return; // an automatic module: its name comes from the jar manifest, checked when it is packaged
    }
    assertEquals(module.name(), module.descriptor().name(), "module name of " + module.artifact());
  }

  @ParameterizedTest
  @MethodSource("modules")
  void everyPackageStartsWithTheModuleName(PerunModule module) throws IOException {
    for (String pkg : module.packages()) {
      assertTrue(
          pkg.equals(module.name()) || pkg.startsWith(module.name() + "."),
          "package " + pkg + " of " + module.artifact() + " does not start with " + module.name());
    }
  }

  @Test
  void apiRequiresOnlyJavaBase() {
    assertEquals(Set.of("java.base"), requires(API.descriptor()), "modules network.perun.api requires");
  }

  @Test
  void persistenceSpiRequiresOnlyTheApi() {
    Set<String> requires = requires(PERSISTENCE_SPI.descriptor());
    assertTrue(
        Set.of("java.base", "network.perun.api").containsAll(requires),
        "network.perun.persistence.spi requires " + requires + ", more than java.base and network.perun.api");
  }

  @Test
  void coreRequiresExactlyTheApiThePersistenceSpiAndSlf4j() {
    assertEquals(
        Set.of("java.base", "network.perun.api", "network.perun.persistence.spi", "org.slf4j"),
        requires(CORE.descriptor()),
        "modules network.perun.core requires");
  }

  @Test
  void coreUsesBackendProviderBecauseItRunsTheServiceLoader() {
    Set<String> uses = CORE.descriptor().uses();
    assertTrue(uses.contains(BACKEND_PROVIDER), "network.perun.core uses " + uses + ", not " + BACKEND_PROVIDER);
  }

  @Test
  void simBackendProvidesBackendProviderBothWays() throws IOException {
    List<String> providers =
        BACKEND_SIM.descriptor().provides().stream()
            .filter(provides -> provides.service().equals(BACKEND_PROVIDER))
            .flatMap(provides -> provides.providers().stream())
            .toList();
    assertFalse(providers.isEmpty(), "network.perun.backend.sim does not provide " + BACKEND_PROVIDER);

    Path servicesFile = BACKEND_SIM.classes().resolve("META-INF/services/" + BACKEND_PROVIDER);
    assertTrue(Files.exists(servicesFile), servicesFile + " is missing: class-path users would not find the backend");
    List<String> listed =
        Files.readAllLines(servicesFile, StandardCharsets.UTF_8).stream()
            .map(line -> line.replaceFirst("#.*", "").strip())
            .filter(line -> !line.isEmpty())
            .toList();
    assertEquals(Set.copyOf(providers), Set.copyOf(listed), "module-info provides versus " + servicesFile);
  }

  private static Set<String> requires(ModuleDescriptor descriptor) {
    return descriptor.requires().stream().map(ModuleDescriptor.Requires::name).collect(Collectors.toSet());
  }
}
