package dev.phasic;

/**
 * A fault of the environment rather than of the user's input: a full disk, a read-only
 * folder, a run directory held by another process. The command line prints its message
 * as one line and exits with code 3; files written before it stay intact.
 */
public final class EnvironmentFault extends RuntimeException {
    public EnvironmentFault(String message) {
        super(message);
    }

    public EnvironmentFault(String message, Throwable cause) {
        super(message, cause);
    }
}
