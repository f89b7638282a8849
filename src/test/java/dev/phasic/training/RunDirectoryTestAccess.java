package dev.phasic.training;

import java.io.IOException;
import java.nio.file.Path;

/** Lets tests outside the package remove folders the way a crash would leave them. */
public final class RunDirectoryTestAccess {
    private RunDirectoryTestAccess() {}

    public static void delete(Path p) throws IOException {
        Checkpoint.deleteTree(p);
    }
}
