package dev.phasic.cli;

import dev.phasic.EnvironmentFault;
import dev.phasic.UserError;
import dev.phasic.io.Words;
import dev.phasic.training.Checkpoint;
import dev.phasic.training.Diverged;
import dev.phasic.training.Recipe;
import dev.phasic.training.StopSignal;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * The {@code phasic} command. Selects MKL before any libtorch class loads, and turns off
 * JavaCPP's resident-memory check, which reads {@code /proc/self/statm} each time a native
 * object gets a Java wrapper (about a third of the cost of a small tensor operation called
 * from Java; docs/METHODS.md, "Speed"). Native memory is released by pointer scopes and
 * the collector as before; {@code -Dorg.bytedeco.javacpp.maxPhysicalBytes=N} brings the
 * check back.
 */
@Command(name = "phasic", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Learning to infer in stochastic, recurrent, hierarchical networks by adversarial distribution matching.",
        subcommands = {TrainCommand.class, SampleCommand.class, ReconstructCommand.class, EvaluateCommand.class, CompareCommand.class, SweepCommand.class, ExperimentCommand.class, BenchCommand.class,
                InfoCommand.class})
public final class Main implements Runnable {
    static {
        if (System.getProperty("org.bytedeco.openblas.load") == null) {
            System.setProperty("org.bytedeco.openblas.load", "mkl_rt");
        }
        if (System.getProperty("org.bytedeco.javacpp.maxPhysicalBytes") == null) {
            System.setProperty("org.bytedeco.javacpp.maxPhysicalBytes", "0");
        }
    }

    /** "a (default), b or c". */
    private static String spell(java.util.List<Recipe> recipes) {
        return Words.either(recipes.stream().map(r -> r.name() + (r.name().equals(Recipe.DEFAULT) ? " (default)" : "")).toList());
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code (0 ok, 1 bug, 2 user error, 3 environment fault, 4 diverged). */
    public static int run(String... args) {
        try {
            Recipe.all();                                                   // a clash of plug-ins is one line before any command
        } catch (UserError e) {
            System.err.println("phasic: " + e.getMessage());
            return 2;
        }
        // the help names the recipes on the class path: ${sys:phasic.recipes} in an option's description
        System.setProperty("phasic.recipes", spell(Recipe.all()));
        System.setProperty("phasic.recipes.images", spell(Recipe.all().stream().filter(r -> !r.predictsVideo()).toList()));
        CommandLine cli = new CommandLine(new Main());
        for (Recipe r : Recipe.all()) for (Object command : r.commands()) cli.addSubcommand(command); // e.g. the video's predict
        cli.setParameterExceptionHandler((ex, a) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println(ex.getCommandLine().getCommandName() + ": " + ex.getMessage()
                    + " (see " + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help)");
            return 2;
        });
        // training, sweeps and experiments stop between their steps on SIGTERM, SIGINT and SIGHUP; other
        // commands keep the JVM's handling (they write each file whole or not at all)
        cli.setExecutionStrategy(parsed -> {
            CommandLine.ParseResult sub = parsed.subcommand();
            String name = sub == null ? "" : sub.commandSpec().name();
            if (!name.equals("train") && !name.equals("experiment") && !name.equals("sweep")) return new CommandLine.RunLast().execute(parsed);
            return StopSignal.during(() -> new CommandLine.RunLast().execute(parsed));
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            for (Throwable d = ex; d != null; d = d.getCause() == d ? null : d.getCause()) {
                if (d instanceof StopSignal.Stopped stop) {
                    commandLine.getErr().println("phasic: " + stop.getMessage());
                    return StopSignal.exitCode();
                }
            }
            Throwable t = ex;
            while (t != null && !(t instanceof UserError) && t.getCause() != null && t.getCause() != t) t = t.getCause();
            if (t instanceof UserError) {
                commandLine.getErr().println("phasic: " + t.getMessage());
                return 2;
            }
            for (Throwable d = ex; d != null; d = d.getCause() == d ? null : d.getCause()) {
                if (d instanceof Diverged) {
                    commandLine.getErr().println("phasic: " + d.getMessage());
                    return 4;
                }
            }
            String fault = environmentFault(ex);
            if (fault != null) {
                commandLine.getErr().println("phasic: " + fault);
                return 3;
            }
            throw ex;
        });
        return cli.execute(args);
    }

    /**
     * The one-line message of an environment fault anywhere in the cause chain (a full
     * disk, a read-only or missing folder, a run held by another process), or null.
     */
    static String environmentFault(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof EnvironmentFault) return t.getMessage();
        }
        for (Throwable t = ex; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof FileSystemException f) {
                String reason = f instanceof AccessDeniedException ? "permission denied"
                        : f instanceof NoSuchFileException ? "no such file or folder"
                        : f.getReason() != null ? f.getReason() : f.getClass().getSimpleName();
                return "cannot access " + f.getFile() + ": " + reason;
            }
            if (t instanceof IOException io) return "I/O error: " + io.getMessage();
        }
        return null;
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"phasic " + Checkpoint.VERSION};
        }
    }
}
