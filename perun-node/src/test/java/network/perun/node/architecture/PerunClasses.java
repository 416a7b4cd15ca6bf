// SPDX-License-Identifier: Apache-2.0
package network.perun.node.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The production classes of every perun-java module and the package patterns of the modules, shared by the
 * architecture tests.
 *
 * <p>perun-node depends on every module, so its test class path holds all of them. Test classes are left out.
 */
final class PerunClasses {
  static final String API = "network.perun.api..";
  static final String PERSISTENCE_SPI = "network.perun.persistence.spi..";
  static final String CORE = "network.perun.core..";
  static final String WIRE = "network.perun.wire..";
  static final String BACKEND_SIM = "network.perun.backend.sim..";
  static final String BACKEND_ETH = "network.perun.backend.eth..";
  static final String PERSISTENCE_LEVELDB = "network.perun.persistence.leveldb..";
  static final String TESTKIT = "network.perun.testkit..";
  static final String NODE = "network.perun.node..";

  /** The domain: the API, the persistence SPI and the core. */
  static final String[] DOMAIN = {API, PERSISTENCE_SPI, CORE};

  private static JavaClasses production;

  private PerunClasses() {}

  /** The classes of all perun-java modules under {@code network.perun}, without test classes; imported once. */
  static synchronized JavaClasses production() {
    if (production == null) {
      production =
          new ClassFileImporter()
              .withImportOption(new ImportOption.DoNotIncludeTests())
              .importPackages("network.perun");
    }
    return production;
  }
}
