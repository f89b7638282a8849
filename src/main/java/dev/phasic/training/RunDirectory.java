package dev.phasic.training;

import dev.phasic.UserError;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A run directory: {@code config.json}, {@code metrics.jsonl} (one JSON object per
 * logged step), {@code checkpoints/}, {@code samples/}, {@code reconstructions/}.
 */
public final class RunDirectory {
    private final Path path;
    private final long startNanos = System.nanoTime();
    private final double startSeconds;

    private RunDirectory(Path path, double startSeconds) {
        this.path = path;
        this.startSeconds = startSeconds;
    }

    /** A new run: {@code out}, or {@code runs/<time>-<objective>} when null. */
    public static RunDirectory create(Path out, TrainConfig config) throws IOException {
        Path dir = out;
        if (dir == null) {
            String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
            dir = Path.of("runs", stamp + "-" + config.objective().cliName);
            for (int i = 2; Files.exists(dir); i++) dir = Path.of("runs", stamp + "-" + config.objective().cliName + "-" + i);
        }
        if (Files.exists(dir.resolve("checkpoints")) || Files.exists(dir.resolve("config.json"))) {
            throw new UserError("run directory " + dir + " already holds a run; use --resume " + dir + " to continue it");
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) throw new UserError("--out " + dir + " is a file, not a directory");
        Files.createDirectories(dir);
        Json.write(dir.resolve("config.json"), config);
        return new RunDirectory(dir, 0);
    }

    /** An existing run, continuing its clock from the last metrics line. */
    public static RunDirectory open(Path dir) throws IOException {
        if (!Files.isRegularFile(dir.resolve("config.json"))) {
            throw new UserError("not a run directory (no config.json): " + dir);
        }
        double last = 0;
        Path metrics = dir.resolve("metrics.jsonl");
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
        try (Writer w = Files.newBufferedWriter(path.resolve("metrics.jsonl"), StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            w.write(Json.MAPPER.writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(line));
            w.write('\n');
        }
    }

    /** Replaces config.json (a resume may change the run's length or device). */
    public void writeConfig(TrainConfig config) throws IOException {
        Json.write(path.resolve("config.json"), config);
    }
}
