package org.samizdat.backup;

import java.io.PrintStream;
import java.util.List;

/**
 * A command of {@code java -jar samizdat.jar NAME ...}, run instead of the web app. Besides the
 * built-in backup and restore, main() may hand more to {@link Commands#handled(String[],
 * Command...)} (see {@link #of}), and other modules may add theirs as Java services: a class
 * implementing this interface, named in {@code META-INF/services/org.samizdat.backup.Command}.
 */
public interface Command {

  /** The first argument that selects this command, in lower case ({@code backup}). */
  String name();

  /** One line for {@code java -jar samizdat.jar help}: usage, then what it does. */
  String usage();

  /**
   * Runs the command with the arguments after its name.
   *
   * @return the process exit code: 0 done, 1 failed, 2 bad usage, 3 refused for safety
   * @throws UsageException for wrong arguments (exit code 2, the usage is printed)
   */
  int run(List<String> args, PrintStream out, PrintStream err) throws Exception;

  /** What a command does with its arguments. */
  @FunctionalInterface
  interface Action {
    int run(List<String> args, PrintStream out, PrintStream err) throws Exception;
  }

  /**
   * A command made on the spot, for main() to hand to {@link Commands#handled(String[],
   * Command...)}.
   */
  static Command of(String name, String usage, Action action) {
    return new Command() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public String usage() {
        return usage;
      }

      @Override
      public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        return action.run(args, out, err);
      }
    };
  }

  /** Wrong arguments; the message says which. */
  final class UsageException extends RuntimeException {
    public UsageException(String message) {
      super(message);
    }
  }
}
