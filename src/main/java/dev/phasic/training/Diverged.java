package dev.phasic.training;

/**
 * Training produced a non-finite loss or weight. The command line prints the message as
 * one line and exits with code 4; no checkpoint is written after the fault, so the last
 * one on disk is the last good state.
 */
public final class Diverged extends RuntimeException {
    public Diverged(String message) {
        super(message);
    }
}
