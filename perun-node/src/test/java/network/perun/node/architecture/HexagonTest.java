// SPDX-License-Identifier: Apache-2.0
package network.perun.node.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static network.perun.node.architecture.PerunClasses.API;
import static network.perun.node.architecture.PerunClasses.BACKEND_ETH;
import static network.perun.node.architecture.PerunClasses.BACKEND_SIM;
import static network.perun.node.architecture.PerunClasses.CORE;
import static network.perun.node.architecture.PerunClasses.NODE;
import static network.perun.node.architecture.PerunClasses.PERSISTENCE_LEVELDB;
import static network.perun.node.architecture.PerunClasses.PERSISTENCE_SPI;
import static network.perun.node.architecture.PerunClasses.TESTKIT;
import static network.perun.node.architecture.PerunClasses.WIRE;
import static network.perun.node.architecture.PerunClasses.production;

import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/**
 * Tests that the modules form a hexagon: the domain (api, persistence SPI, core) in the middle, adapters
 * around it that never use each other, and the node application that wires them together.
 */
class HexagonTest {
  /**
   * Which module may use which, among perun-java's own packages.
   *
   * <p>Layers are optional because placeholder modules (eth, LevelDB) have no classes yet; the rule as a whole
   * still sees every class, and {@code ensureAllClassesAreContainedInArchitecture} catches a package that belongs
   * to no module.
   */
  static final ArchRule MODULES_FORM_A_HEXAGON =
      layeredArchitecture()
          .consideringOnlyDependenciesInAnyPackage("network.perun..")
          .withOptionalLayers(true)
          .layer("api").definedBy(API)
          .layer("persistence.spi").definedBy(PERSISTENCE_SPI)
          .layer("core").definedBy(CORE)
          .layer("wire").definedBy(WIRE)
          .layer("backend.sim").definedBy(BACKEND_SIM)
          .layer("backend.eth").definedBy(BACKEND_ETH)
          .layer("persistence.leveldb").definedBy(PERSISTENCE_LEVELDB)
          .layer("testkit").definedBy(TESTKIT)
          .layer("node").definedBy(NODE)
          .whereLayer("api").mayNotAccessAnyLayer()
          .whereLayer("persistence.spi").mayOnlyAccessLayers("api")
          .whereLayer("core").mayOnlyAccessLayers("api", "persistence.spi")
          .whereLayer("wire").mayOnlyAccessLayers("api", "persistence.spi", "core")
          .whereLayer("backend.sim").mayOnlyAccessLayers("api", "persistence.spi", "core")
          .whereLayer("backend.eth").mayOnlyAccessLayers("api", "persistence.spi", "core")
          .whereLayer("persistence.leveldb").mayOnlyAccessLayers("api", "persistence.spi", "core")
          .whereLayer("testkit").mayOnlyAccessLayers("api", "persistence.spi", "core")
          .whereLayer("node")
          .mayOnlyAccessLayers(
              "api", "persistence.spi", "core", "wire", "backend.sim", "backend.eth", "persistence.leveldb")
          .ensureAllClassesAreContainedInArchitecture()
          .because(
              "the domain (api, persistence SPI, core) must not know its adapters, adapters must stay"
                  + " replaceable one by one, and only the node application wires them together"
                  + " (style-anchors 7.4, rule 1)");

  static final ArchRule NO_PRODUCTION_CLASS_USES_THE_TESTKIT =
      noClasses()
          .that()
          .resideOutsideOfPackage(TESTKIT)
          .should()
          .dependOnClassesThat()
          .resideInAPackage(TESTKIT)
          .because("the testkit is a test dependency: production code that needs it would drag JUnit to users");

  @Test
  void modulesFormAHexagon() {
    MODULES_FORM_A_HEXAGON.check(production());
  }

  @Test
  void noProductionClassUsesTheTestkit() {
    NO_PRODUCTION_CLASS_USES_THE_TESTKIT.check(production());
  }
}
