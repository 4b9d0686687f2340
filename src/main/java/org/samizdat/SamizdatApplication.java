package org.samizdat;

import java.util.Arrays;
import org.samizdat.reach.export.ExportCommand;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class SamizdatApplication {
  public static void main(String[] args) {
    if (args.length > 0 && ExportCommand.NAME.equals(args[0])) {
      System.exit(ExportCommand.run(SamizdatApplication.class, Arrays.copyOfRange(args, 1, args.length)));
    }
    SpringApplication.run(SamizdatApplication.class, args);
  }
}
