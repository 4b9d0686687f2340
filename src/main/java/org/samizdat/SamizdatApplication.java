package org.samizdat;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class SamizdatApplication {
  public static void main(String[] args) {
    SpringApplication.run(SamizdatApplication.class, args);
  }
}
