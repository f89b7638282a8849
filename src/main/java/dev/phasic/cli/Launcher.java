package dev.phasic.cli;

import dev.phasic.EnvironmentFault;
import dev.phasic.UserError;
import dev.phasic.io.Json;
import dev.phasic.torch.Devices;
import dev.phasic.torch.Group;
import dev.phasic.torch.Native;
import dev.phasic.training.DataParallel;
import dev.phasic.training.RunDirectory;
import dev.phasic.training.StopSignal;
import dev.phasic.training.TrainConfig;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * Data-parallel training from the command line. {@code --nproc N} starts N worker
 * processes of {@code phasic train} on this machine with the torchrun conventions in
 * their environment ({@code RANK}, {@code WORLD_SIZE}, {@code MASTER_ADDR},
 * {@code MASTER_PORT}, {@code LOCAL_RANK}) and the cores split between them, and ends
 * them all when one fails. A SIGTERM, SIGINT or SIGHUP to the launcher goes on to every worker as
 * SIGTERM; the workers agree on the step to stop at, rank 0 checkpoints it, and the
 * launcher exits with the signal's code once all have ended. A worker joins its group from those variables or from
 * {@code --rank}, {@code --world-size} and {@code --master HOST:PORT}, so launchers such
 * as SLURM or Kubernetes can start one per machine.
 */
final class Launcher {
    private Launcher() {}

    /** The group this process belongs to, or null when it trains alone. */
    static Group joinIfDistributed(Integer rank, Integer world, String master, int timeoutSeconds, String device) {
        Integer w = world != null ? world : env("WORLD_SIZE");
        Integer r = rank != null ? rank : env("RANK");
        if (w == null || w <= 1) {
            if (rank != null || world != null || master != null) {
                if (w == null || w < 1) throw new UserError("--rank and --master need --world-size (or $WORLD_SIZE)");
            }
            return null;
        }
        if (r == null || r < 0 || r >= w) throw new UserError("the rank must lie in 0.." + (w - 1) + ", found " + r);
        String address = master != null ? master : System.getenv("MASTER_ADDR") + ":" + System.getenv("MASTER_PORT");
        int colon = address.lastIndexOf(':');
        String host = colon > 0 ? address.substring(0, colon) : "";
        int port;
        try {
            port = Integer.parseInt(address.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (host.isEmpty() || host.equals("null") || port < 1 || port > 65535) {
            throw new UserError("rank 0's address must be HOST:PORT (--master or $MASTER_ADDR and $MASTER_PORT), found " + address);
        }
        if (timeoutSeconds < 1) throw new UserError("--group-timeout must be ≥ 1 s");
        return Group.join(host, port, r, w, timeoutSeconds * 1000L, Devices.parse(device));
    }

    /** Starts {@code n} workers with the same command line and waits for all; exits with the first failure's code. */
    static int run(TrainCommand cmd, int n) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(cmd.spec.commandLine().getParseResult().originalArgs());
        int train = args.indexOf("train");
        if (train >= 0) args = new ArrayList<>(args.subList(train + 1, args.size()));
        strip(args, "--nproc");
        if (cmd.resume != null) {                                            // options are checked here, once
            cmd.rejectWithResume();
            DataParallel.requireSplittable(
                    Json.read(cmd.resume.resolve("config.json"), TrainConfig.class), n);
        } else {
            TrainConfig config = cmd.config();
            DataParallel.requireSplittable(config, n);
            if (cmd.out == null) {
                args.add("--out");
                args.add(RunDirectory.defaultPath(config).toString());
            }
        }
        if (args.stream().noneMatch(a -> a.equals("--threads") || a.startsWith("--threads="))) {
            args.add("--threads");
            args.add(Integer.toString(Math.max(1, Runtime.getRuntime().availableProcessors() / n)));
        }
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> command = phasicCommand();
        command.add("train");
        command.addAll(args);
        // the native libraries are unpacked into JavaCPP's cache here, once: workers started
        // together from a jar never run before would race to unpack them, and one fails to link
        Native.init();
        List<Process> workers = new ArrayList<>();
        for (int rank = 0; rank < n; rank++) {
            ProcessBuilder pb = new ProcessBuilder(command).inheritIO();
            pb.environment().put("RANK", Integer.toString(rank));
            pb.environment().put("LOCAL_RANK", Integer.toString(rank));
            pb.environment().put("WORLD_SIZE", Integer.toString(n));
            pb.environment().put("MASTER_ADDR", "127.0.0.1");
            pb.environment().put("MASTER_PORT", Integer.toString(port));
            workers.add(pb.start());
        }
        // a launcher that dies another way (SIGHUP, an error) takes its workers with it
        Runtime.getRuntime().addShutdownHook(new Thread(() -> workers.forEach(Process::destroyForcibly)));
        boolean forwarded = false;
        while (true) {
            if (StopSignal.requested() && !forwarded) {
                workers.forEach(Process::destroy);                          // SIGTERM: each rank stops as one run does
                forwarded = true;
            }
            boolean all = true;
            int stoppedCode = 0;
            for (int rank = 0; rank < n; rank++) {
                Process p = workers.get(rank);
                if (p.isAlive()) {
                    all = false;
                } else if (StopSignal.isStopCode(p.exitValue())) {
                    stoppedCode = p.exitValue();                            // the group agrees on a step and stops there
                } else if (p.exitValue() != 0) {
                    workers.forEach(Process::destroyForcibly);
                    throw new EnvironmentFault("rank " + rank + " of " + n + " exited with code " + p.exitValue() + "; the group stopped");
                }
            }
            if (all) return StopSignal.requested() ? StopSignal.exitCode() : stoppedCode;
            Thread.sleep(100);
        }
    }

    /** The command line that starts {@code phasic} again as this process runs: the same Java, JVM options and class path. */
    static List<String> phasicCommand() {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!a.startsWith("-agentlib") && !a.startsWith("-javaagent")) command.add(a);   // no debugger or agent twice
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        return command;
    }

    private static void strip(List<String> args, String option) {
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals(option)) {
                args.remove(i);
                if (i < args.size()) args.remove(i);
                i--;
            } else if (args.get(i).startsWith(option + "=")) {
                args.remove(i--);
            }
        }
    }

    private static Integer env(String name) {
        String v = System.getenv(name);
        if (v == null || v.isBlank()) return null;
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new UserError("$" + name + " must be an integer, found " + v);
        }
    }
}
