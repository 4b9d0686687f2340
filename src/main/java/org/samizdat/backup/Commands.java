package org.samizdat.backup;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Runs {@code java -jar samizdat.jar COMMAND ...} instead of the web app. The app's main() asks
 * {@link #handled(String[])} first; arguments that do not start with a command name (none, or only
 * {@code --spring.options}) start the web app as before.
 */
public final class Commands {

  public static final int OK = 0;
  public static final int FAILED = 1;
  public static final int USAGE = 2;

  private Commands() {}

  /**
   * Runs the command named by the first argument and ends the process with its exit code. Returns
   * false, having done nothing, when the arguments are for the web app.
   */
  public static boolean handled(String[] args, Command... others) {
    if (args == null || args.length == 0 || args[0].startsWith("-")) {
      return false;
    }
    int code = run(args, System.out, System.err, others);
    System.out.flush();
    System.err.flush();
    System.exit(code);
    return true;
  }

  /**
   * Runs a command in this process and returns its exit code (for tests, and for {@link #handled}).
   */
  public static int run(String[] args, PrintStream out, PrintStream err, Command... others) {
    Map<String, Command> commands = available(others);
    String name = args.length == 0 ? "help" : args[0];
    if (name.equals("help") || name.equals("--help") || name.equals("-h")) {
      out.println("Usage: java -jar samizdat.jar [COMMAND ...]");
      out.println("Without a command the web app starts. Commands:");
      commands.values().forEach(c -> out.println("  " + c.usage()));
      return OK;
    }
    Command command = commands.get(name);
    if (command == null) {
      err.println(
          "Unknown command '"
              + name
              + "'. Commands: "
              + String.join(", ", commands.keySet())
              + ". Without a command the web app starts; Spring options start with --.");
      return USAGE;
    }
    List<String> rest = new ArrayList<>(Arrays.asList(args).subList(1, args.length));
    try {
      return command.run(rest, out, err);
    } catch (Command.UsageException e) {
      err.println(name + ": " + e.getMessage());
      err.println("Usage: " + command.usage());
      return USAGE;
    } catch (BackupRefused e) {
      err.println(name + " refused: " + e.getMessage());
      return BackupRefused.EXIT_CODE;
    } catch (Exception e) {
      err.println(name + " failed: " + e.getMessage());
      Throwable cause = e.getCause();
      while (cause != null && cause != cause.getCause()) {
        err.println("  because: " + cause);
        cause = cause.getCause();
      }
      return FAILED;
    }
  }

  /**
   * The built-in commands, those main() hands over, then those other modules provide as services.
   */
  static Map<String, Command> available(Command... others) {
    Map<String, Command> commands = new LinkedHashMap<>();
    for (Command c : List.of(new BackupCommand(), new RestoreCommand())) {
      commands.put(c.name(), c);
    }
    for (Command c : others) {
      commands.putIfAbsent(c.name(), c);
    }
    for (Command c : ServiceLoader.load(Command.class, Commands.class.getClassLoader())) {
      commands.putIfAbsent(c.name(), c);
    }
    return commands;
  }
}
