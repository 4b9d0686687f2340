package org.samizdat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/**
 * The module boundaries, checked, and the module documentation, written. One class, so both read
 * the one analysis of the code ({@code ApplicationModules.of} caches it per JVM; it is most of the
 * cost of either test), which two classes in different test JVMs would each make again.
 */
class ModularityTests {

  static final Path DOCS = Path.of("target", "spring-modulith-docs");

  @Test
  void modulesOnlyDependOnWhatTheyDeclare() {
    ApplicationModules.of(SamizdatApplication.class).verify();
  }

  /**
   * Writes the module documentation to {@code target/spring-modulith-docs/}: a C4 component diagram
   * of all modules, one per module, and a canvas per module (its API, beans, events published and
   * listened to, configuration). docs/architecture.md is the prose beside it.
   */
  @Test
  void writesTheModuleDiagramsAndCanvases() {
    ApplicationModules modules = ApplicationModules.of(SamizdatApplication.class);
    new Documenter(modules, DOCS.toString()).writeDocumentation();
    assertThat(DOCS.resolve("components.puml")).isRegularFile();
    modules.forEach(
        module -> {
          String name = module.getIdentifier().toString();
          assertThat(DOCS.resolve("module-" + name + ".puml")).as(name).isRegularFile();
          assertThat(DOCS.resolve("module-" + name + ".adoc")).as(name).isRegularFile();
        });
    assertThat(Files.exists(DOCS.resolve("all-docs.adoc"))).isTrue();
  }
}
