package org.jukebox.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code jukebox} command: every daemon, the terminal client and the all-in-one demo. */
@Command(
    name = "jukebox",
    mixinStandardHelpOptions = true,
    version = "jukebox 0.1.0",
    description = "A collaborative music service: a directory, SoundSmiths that serve music, and clients.",
    subcommands = {
      DemoCommand.class,
      DirectoryCommand.class,
      SoundSmithCommand.class,
      RipCommand.class,
      DjCommand.class,
      SessionCommand.class,
      ClientCommand.class,
      ProxyCommand.class,
      DiscIdCommand.class,
      KeysCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Jukebox implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    Logs.configure();
    // RMI waits for a reply forever by default: a peer that hangs mid-call (a stuck listener, a
    // SoundSmith whose disk froze) would hold our thread for good. Bound it unless told otherwise.
    if (System.getProperty("sun.rmi.transport.tcp.responseTimeout") == null) {
      System.setProperty("sun.rmi.transport.tcp.responseTimeout", "30000");
    }
    if (System.getProperty("derby.stream.error.file") == null) {
      // Derby (the DJ's and the session server's store) logs into the working directory unless
      // told otherwise: keep its log with the rest of the data.
      java.nio.file.Path home = DaemonOptions.home(null, System.getenv());
      try {
        java.nio.file.Files.createDirectories(home);
        System.setProperty("derby.stream.error.file", home.resolve("derby.log").toString());
      } catch (java.io.IOException | SecurityException e) {
        System.setProperty("derby.stream.error.file", System.getProperty("java.io.tmpdir") + "/jukebox-derby.log");
      }
    }
    int code = commandLine().execute(args);
    if (code != 0) {
      System.exit(code);
    }
  }

  /** The command line with every subcommand, for main and for tests. */
  static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Jukebox());
    cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
      cmd.getErr().println("jukebox " + cmd.getCommandName() + ": " + message(e));
      return 1;
    });
    return cl;
  }

  private static String message(Throwable e) {
    String m = e.getMessage();
    return m == null ? e.toString() : m;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
