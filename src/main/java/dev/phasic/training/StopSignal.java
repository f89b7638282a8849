package dev.phasic.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGTERM, SIGINT and SIGHUP (a closed terminal) as a request that the training thread honours between steps. The
 * JVM's own handlers start its shutdown on the signal's thread while the training
 * thread is still inside libtorch (a backward pass, an archive write), and the process
 * exit then tears down libtorch's globals under it: a native crash, or an exit with
 * nothing saved. While {@link #during} runs, the handlers only record the signal; the
 * loop finishes its step, checkpoints and returns, and the command exits with 128 + the
 * signal's number. Further signals while it saves change nothing.
 */
public final class StopSignal {
    private static final String[] NAMES = {"TERM", "INT", "HUP"};
    private static volatile Signal received;
    private static volatile boolean orphaned;

    /**
     * The environment variable that names a parent process ({@code phasic sweep}) whose end
     * counts as a SIGTERM: a run whose sweep was killed stops between its steps and
     * checkpoints instead of training on unwatched.
     */
    public static final String PARENT_VARIABLE = "PHASIC_PARENT_PID";

    private StopSignal() {}

    /** Runs {@code work} with the stop handlers installed, restoring the previous ones after. */
    public static <T> T during(Supplier<T> work) {
        received = null;
        watchParent();
        List<Signal> signals = new ArrayList<>();
        List<SignalHandler> previous = new ArrayList<>();
        for (String name : NAMES) {
            Signal s = new Signal(name);
            try {
                previous.add(Signal.handle(s, sig -> {
                    if (received == null) received = sig;
                }));
                signals.add(s);
            } catch (IllegalArgumentException ignored) {
                // a signal this JVM reserves (-Xrs): it keeps the JVM's own behaviour
            }
        }
        try {
            return work.get();
        } finally {
            for (int i = 0; i < signals.size(); i++) Signal.handle(signals.get(i), previous.get(i));
        }
    }

    private static void watchParent() {
        String pid = System.getenv(PARENT_VARIABLE);
        if (pid == null || !pid.matches("\\d+")) return;
        Optional<ProcessHandle> parent = ProcessHandle.of(Long.parseLong(pid));
        if (parent.isEmpty()) orphaned = true;
        else parent.get().onExit().thenRun(() -> orphaned = true);
    }

    /** Whether a stop was requested (a signal, or the end of the parent named by {@link #PARENT_VARIABLE}). */
    public static boolean requested() {
        return received != null || orphaned;
    }

    /** "SIGTERM" or "SIGINT" (or what else asked for the stop). */
    public static String name() {
        Signal s = received;
        return s != null ? "SIG" + s.getName() : orphaned ? "the end of the process that started it" : null;
    }

    /** Whether {@code code} is the exit code of a process stopped by one of these signals (a resumable stop). */
    public static boolean isStopCode(int code) {
        for (String name : NAMES) if (code == 128 + new Signal(name).getNumber()) return true;
        return false;
    }

    /** The shell's code for a process ended by the signal: 143 for SIGTERM, 130 for SIGINT, 129 for SIGHUP. */
    public static int exitCode() {
        Signal s = received;
        return s != null ? 128 + s.getNumber() : orphaned ? 128 + new Signal("TERM").getNumber() : 0;
    }

    /**
     * Ends work that has nothing to save between its steps (an experiment's training) when a
     * stop was requested: the command prints one line and exits with {@link #exitCode()}.
     */
    public static void throwIfRequested(String what) {
        if (requested()) throw new Stopped("stopped on " + name() + " during " + what + "; nothing partial was written");
    }

    /** A command ended by a stop signal between two of its steps. */
    public static final class Stopped extends RuntimeException {
        Stopped(String message) {
            super(message);
        }
    }

    /** Records a stop as if {@code name} ("TERM", "INT") had arrived (a peer rank's, or a test's). */
    static void request(String name) {
        if (received == null) received = new Signal(name);
    }
}
