package dev.phasic.cli;

import dev.phasic.UserError;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code phasic} command. Selects MKL before any libtorch class loads. */
@Command(name = "phasic", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Learning to infer in stochastic, recurrent, hierarchical networks by adversarial distribution matching.",
        subcommands = {TrainCommand.class, SampleCommand.class, ReconstructCommand.class, EvaluateCommand.class, PredictCommand.class, CompareCommand.class, ExperimentCommand.class, BenchCommand.class,
                InfoCommand.class})
public final class Main implements Runnable {
    static {
        if (System.getProperty("org.bytedeco.openblas.load") == null) {
            System.setProperty("org.bytedeco.openblas.load", "mkl_rt");
        }
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code (0 ok, 1 bug, 2 user error). */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setParameterExceptionHandler((ex, a) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println(ex.getCommandLine().getCommandName() + ": " + ex.getMessage()
                    + " (see " + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help)");
            return 2;
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            Throwable t = ex;
            while (t != null && !(t instanceof UserError) && t.getCause() != null && t.getCause() != t) t = t.getCause();
            if (t instanceof UserError) {
                commandLine.getErr().println("phasic: " + t.getMessage());
                return 2;
            }
            throw ex;
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"phasic " + dev.phasic.training.Checkpoint.VERSION};
        }
    }
}
