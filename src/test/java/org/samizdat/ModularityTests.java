package org.samizdat;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

class ModularityTests {

  @Test
  void modulesOnlyDependOnWhatTheyDeclare() {
    ApplicationModules.of(SamizdatApplication.class).verify();
  }
}
