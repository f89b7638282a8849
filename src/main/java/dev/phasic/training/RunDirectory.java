package dev.phasic.training;

import com.fasterxml.jackson.databind.SerializationFeature;
import dev.phasic.UserError;
import dev.phasic.io.AtomicFile;
import dev.phasic.io.Json;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A run directory: {@code config.json}, {@code metrics.jsonl} (one JSON object per
 * logged step), {@code checkpoints/}, {@code samples/}, {@code reconstructions/}.
 * One process at a time holds it ({@link RunLock}); opening it removes what a crash
 * left half-written and sets aside metrics logged after the checkpoint it resumes from.
 */
public final class RunDirectory {
    private static final String METRICS = "metrics.jsonl";
    private final Path path;
    private final long startNanos = System.nanoTime();
    private final double startSeconds;

    private RunDirectory(Path path, double startSeconds) {
        this.path = path;
        this.startSeconds = startSeconds;
    }

    /** {@code runs/<time>-<objective>}, numbered if taken. */
    public static Path defaultPath(TrainConfig config) {
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path dir = Path.of("runs", stamp + "-" + config.objective().cliName);
        for (int i = 2; Files.exists(dir); i++) dir = Path.of("runs", stamp + "-" + config.objective().cliName + "-" + i);
        return dir;
    }

    /** A new run: {@code out}, or {@link #defaultPath} when null. */
    public static RunDirectory create(Path out, TrainConfig config) throws IOException {
        Path dir = out != null ? out : defaultPath(config);
        if (Files.exists(dir) && !Files.isDirectory(dir)) throw new UserError("--out " + dir + " is a file, not a directory");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw AtomicFile.fault("cannot create the run directory " + dir, dir, e);
        }
        RunLock.acquire(dir);
        if (Checkpoint.hasCheckpoint(dir)) {
            throw new UserError("run directory " + dir + " already holds a run; use --resume " + dir + " to continue it");
        }
        // a run stopped before its first checkpoint starts over; what it logged is kept aside
        setAside(dir, 0);
        removeLeftovers(dir);
        Json.write(dir.resolve("config.json"), config);
        return new RunDirectory(dir, 0);
    }

    /**
     * Moves the metrics lines of steps after {@code step} (those of a run interrupted after
     * its last checkpoint, which the resumed run will log again) to {@code metrics.cut.jsonl}.
     */
    static void setAside(Path dir, long step) throws IOException {
        Path metrics = dir.resolve(METRICS);
        if (!Files.exists(metrics)) return;
        StringBuilder keep = new StringBuilder(), cut = new StringBuilder();
        for (String line : Files.readAllLines(metrics, StandardCharsets.UTF_8)) {
            if (line.isBlank()) continue;
            long at;
            try {
                at = Json.MAPPER.readTree(line).path("step").asLong(Long.MAX_VALUE);
            } catch (IOException e) {
                at = Long.MAX_VALUE; // a line cut by a crash
            }
            (at <= step ? keep : cut).append(line).append('\n');
        }
        if (cut.length() == 0) return;
        Path aside = dir.resolve("metrics.cut.jsonl");
        byte[] old = Files.exists(aside) ? Files.readAllBytes(aside) : new byte[0];
        byte[] add = cut.toString().getBytes(StandardCharsets.UTF_8);
        byte[] both = Arrays.copyOf(old, old.length + add.length);
        System.arraycopy(add, 0, both, old.length, add.length);
        AtomicFile.write(aside, both);
        AtomicFile.write(metrics, keep.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Removes temporary files and checkpoint folders that a crash left behind. */
    static void removeLeftovers(Path dir) throws IOException {
        List<Path> leftovers;
        try (Stream<Path> s = Files.walk(dir, 2)) { // the run folder and its subfolders' entries
            leftovers = s.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
        }
        for (Path p : leftovers) {
            if (Files.exists(p)) Checkpoint.deleteTree(p);
        }
    }

    /** An existing run, continuing its clock from the last metrics line. */
    public static RunDirectory open(Path dir, long step) throws IOException {
        if (!Files.isRegularFile(dir.resolve("config.json"))) {
            throw new UserError("not a run directory (no config.json): " + dir);
        }
        RunLock.acquire(dir);
        removeLeftovers(dir);
        setAside(dir, step);
        double last = 0;
        Path metrics = dir.resolve(METRICS);
        if (Files.exists(metrics)) {
            for (String line : Files.readAllLines(metrics)) {
                if (line.isBlank()) continue;
                try {
                    last = Json.MAPPER.readTree(line).path("time_s").asDouble(last);
                } catch (IOException ignored) {
                    // a line cut by a crash is skipped; the next ones are whole
                }
            }
        }
        return new RunDirectory(dir, last);
    }

    /** Lets other processes open the run directories this process holds (a finished command). */
    public static void releaseLocks() {
        RunLock.releaseAll();
    }

    public Path path() {
        return path;
    }

    public void appendMetrics(long step, double epoch, double lrFactor, Map<String, Double> values) throws IOException {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("step", step);
        line.put("epoch", Math.round(epoch * 1000) / 1000.0);
        line.put("time_s", Math.round((startSeconds + (System.nanoTime() - startNanos) / 1e9) * 1000) / 1000.0);
        line.put("lr_factor", lrFactor);
        line.putAll(values);
        Path file = path.resolve(METRICS);
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            w.write(Json.MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(line));
            w.write('\n');
        } catch (IOException e) {
            throw AtomicFile.fault("cannot append to " + file, file, e);
        }
    }

    /** Replaces config.json (a resume may change the run's length or device). */
    public void writeConfig(TrainConfig config) throws IOException {
        Json.write(path.resolve("config.json"), config);
    }
}
