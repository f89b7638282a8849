package dev.phasic;

/**
 * A mistake the user can fix (bad option, missing or malformed file). The command
 * line prints its message as one line and exits with code 2; no stack trace.
 */
public final class UserError extends RuntimeException {
    public UserError(String message) {
        super(message);
    }

    public UserError(String message, Throwable cause) {
        super(message, cause);
    }
}
