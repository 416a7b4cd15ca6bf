// SPDX-License-Identifier: Apache-2.0
package network.perun.node.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static network.perun.node.architecture.PerunClasses.DOMAIN;
import static network.perun.node.architecture.PerunClasses.production;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.AccessTarget.CodeUnitAccessTarget;
import com.tngtech.archunit.core.domain.AccessTarget.ConstructorCallTarget;
import com.tngtech.archunit.core.domain.AccessTarget.ConstructorReferenceTarget;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.InstantSource;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.Timer;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.junit.jupiter.api.Test;

/**
 * Tests that the domain (api, persistence SPI, core) is deterministic: it never reads the wall clock, never
 * makes unseeded randomness, never sleeps and never starts threads. Time, randomness and scheduling reach it
 * through ports, so tests can drive it with a stub clock, a seeded generator and a manual scheduler.
 *
 * <p>The rules are built for any packages, so {@code DeterminismRulesTest} can show that each one catches what
 * it names.
 */
class DeterminismTest {
  private static final Set<String> SYSTEM_CLOCK_FACTORIES =
      Set.of("now", "system", "systemUTC", "systemDefaultZone", "tickMillis", "tickSeconds", "tickMinutes");

  static final DescribedPredicate<JavaAccess<?>> READS_THE_WALL_CLOCK =
      DescribedPredicate.describe(
          "reads the wall clock (System.currentTimeMillis/nanoTime, java.time now() or system clocks without"
              + " a Clock argument, new Date())",
          access ->
              (ownerIs(access, System.class) && named(access, "currentTimeMillis", "nanoTime"))
                  || (access.getTargetOwner().getPackageName().startsWith("java.time")
                      && isCodeUnit(access)
                      && SYSTEM_CLOCK_FACTORIES.contains(access.getTarget().getName())
                      && !hasParameterOfType(access, Clock.class, InstantSource.class))
                  || (ownerIs(access, Date.class) && isConstructor(access) && parameters(access).isEmpty()));

  static final DescribedPredicate<JavaAccess<?>> MAKES_UNSEEDED_RANDOMNESS =
      DescribedPredicate.describe(
          "creates randomness (new Random/SecureRandom/any JDK RandomGenerator, SecureRandom.getInstance,"
              + " RandomGenerator.getDefault/of, ThreadLocalRandom, Math.random, UUID.randomUUID,"
              + " Collections.shuffle without a Random)",
          access ->
              (isConstructor(access) && isJdkSubtypeOf(access, RandomGenerator.class))
                  || (ownerIs(access, RandomGenerator.class) && named(access, "getDefault", "of"))
                  || (ownerIs(access, RandomGeneratorFactory.class)
                      && named(access, "create")
                      && parameters(access).isEmpty())
                  || (ownerIs(access, SecureRandom.class) && named(access, "getInstance", "getInstanceStrong"))
                  || ownerIs(access, ThreadLocalRandom.class)
                  || ((ownerIs(access, Math.class) || ownerIs(access, StrictMath.class)) && named(access, "random"))
                  || (ownerIs(access, UUID.class) && named(access, "randomUUID"))
                  || (ownerIs(access, Collections.class)
                      && named(access, "shuffle")
                      && parameters(access).size() == 1));

  static final DescribedPredicate<JavaAccess<?>> SLEEPS_OR_STARTS_THREADS =
      DescribedPredicate.describe(
          "sleeps or starts threads (Thread.sleep, TimeUnit.sleep, new Thread, Thread.start/ofVirtual/"
              + "ofPlatform/startVirtualThread, Executors, thread pools, new Timer, CompletableFuture async or"
              + " timeout methods without an Executor)",
          access ->
              (isJdkSubtypeOf(access, Thread.class)
                      && (isConstructor(access)
                          || named(access, "sleep", "start", "startVirtualThread", "ofVirtual", "ofPlatform")))
                  || (ownerIs(access, TimeUnit.class) && named(access, "sleep"))
                  || ownerIs(access, Executors.class)
                  || (isConstructor(access)
                      && (isJdkSubtypeOf(access, ThreadPoolExecutor.class)
                          || isJdkSubtypeOf(access, ForkJoinPool.class)
                          || isJdkSubtypeOf(access, Timer.class)))
                  || (ownerIs(access, ForkJoinPool.class) && named(access, "commonPool"))
                  || (isJdkSubtypeOf(access, CompletionStage.class)
                      && isCodeUnit(access)
                      && !hasParameterOfType(access, Executor.class)
                      && (access.getTarget().getName().endsWith("Async")
                          || named(access, "delayedExecutor", "orTimeout", "completeOnTimeout"))));

  static ArchRule doNotReadTheWallClock(String... packages) {
    return noClasses()
        .that()
        .resideInAnyPackage(packages)
        .should()
        .accessTargetWhere(READS_THE_WALL_CLOCK)
        .because("time is a port: tests drive the protocols and the watcher with a stub clock");
  }

  static ArchRule doNotMakeUnseededRandomness(String... packages) {
    return noClasses()
        .that()
        .resideInAnyPackage(packages)
        .should()
        .accessTargetWhere(MAKES_UNSEEDED_RANDOMNESS)
        .because("randomness is a port: a run must be repeatable from its seed");
  }

  static ArchRule doNotSleepOrStartThreads(String... packages) {
    return noClasses()
        .that()
        .resideInAnyPackage(packages)
        .should()
        .accessTargetWhere(SLEEPS_OR_STARTS_THREADS)
        .because("scheduling is a port: tests run the domain step by step on a manual scheduler");
  }

  @Test
  void domainDoesNotReadTheWallClock() {
    doNotReadTheWallClock(DOMAIN).check(production());
  }

  @Test
  void domainDoesNotMakeUnseededRandomness() {
    doNotMakeUnseededRandomness(DOMAIN).check(production());
  }

  @Test
  void domainDoesNotSleepOrStartThreads() {
    doNotSleepOrStartThreads(DOMAIN).check(production());
  }

  private static boolean ownerIs(JavaAccess<?> access, Class<?> type) {
    return access.getTargetOwner().isEquivalentTo(type);
  }

  /**
   * Whether the target's owner is a JDK class assignable to {@code type}. The JDK class is loaded to answer:
   * ArchUnit's import does not reliably resolve the supertypes of JDK classes. Our own subclasses of JDK types
   * are caught at their call to the JDK constructor.
   */
  private static boolean isJdkSubtypeOf(JavaAccess<?> access, Class<?> type) {
    JavaClass owner = access.getTargetOwner();
    return isJdkClass(owner) && type.isAssignableFrom(owner.reflect());
  }

  private static boolean isJdkClass(JavaClass javaClass) {
    String packageName = javaClass.getPackageName();
    return !javaClass.isArray()
        && !javaClass.isPrimitive()
        && (packageName.startsWith("java.") || packageName.startsWith("jdk."));
  }

  private static boolean named(JavaAccess<?> access, String... names) {
    return isCodeUnit(access) && List.of(names).contains(access.getTarget().getName());
  }

  private static boolean isCodeUnit(JavaAccess<?> access) {
    return access.getTarget() instanceof CodeUnitAccessTarget;
  }

  private static boolean isConstructor(JavaAccess<?> access) {
    return access.getTarget() instanceof ConstructorCallTarget
        || access.getTarget() instanceof ConstructorReferenceTarget;
  }

  private static List<JavaClass> parameters(JavaAccess<?> access) {
    return access.getTarget() instanceof CodeUnitAccessTarget target ? target.getRawParameterTypes() : List.of();
  }

  private static boolean hasParameterOfType(JavaAccess<?> access, Class<?>... types) {
    for (JavaClass parameter : parameters(access)) {
      for (Class<?> type : types) {
        if (parameter.isEquivalentTo(type) || (isJdkClass(parameter) && type.isAssignableFrom(parameter.reflect()))) {
          return true;
        }
      }
    }
    return false;
  }
}
