package dev.phasic.training;

import dev.phasic.EnvironmentFault;
import dev.phasic.UserError;
import dev.phasic.io.AtomicFile;
import dev.phasic.io.Json;
import dev.phasic.io.Sha256;
import dev.phasic.nn.Module;
import dev.phasic.torch.FusedAdam;
import dev.phasic.torch.Native;
import dev.phasic.torch.Rng;
import dev.phasic.torch.Safetensors;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.bytedeco.pytorch.InputArchive;
import org.bytedeco.pytorch.OutputArchive;
import org.bytedeco.pytorch.Tensor;

/**
 * One checkpoint: {@code checkpoints/step-NNNNNNNN/} holding {@code weights.safetensors}
 * (every module by dotted name, loadable by PyTorch), one libtorch archive per
 * optimiser (Adam moments and step counts) and {@code state.json} (step, epoch, CPU
 * RNG state, config, data provenance, version) and, written last, {@code manifest.json}:
 * the size and SHA-256 of every other file as written and synced. The folder is written
 * under a temporary name and renamed, so a crash never leaves half a checkpoint, and it is
 * checked against its manifest before anything is loaded from it, so a damaged one is
 * found (checkpoints
 * of 0.1.0, written before manifests, are checked by parsing what they hold).
 */
public final class Checkpoint {
    public static final String VERSION = "0.1.0";
    private static final int KEEP = 2;

    private Checkpoint() {}

    static final String MANIFEST = "manifest.json";

    /** The size and SHA-256 of every file of a checkpoint but the manifest itself. */
    public record Manifest(Map<String, Entry> files) {
        public record Entry(long bytes, String sha256) {}
    }

    /** A checkpoint whose files fail their manifest or cannot be parsed: which file, and why. */
    static final class Damaged extends RuntimeException {
        Damaged(Path checkpoint, String file, String why) {
            super(checkpoint.getFileName() + "/" + file + " " + why);
        }
    }

    /** Everything besides tensors that a resume needs. */
    public record State(long step, long epoch, String rngState, TrainConfig config, String data, String version) {}

    public static Path save(Path runDir, long step, long epoch, TrainConfig config, String data,
                            Map<String, Module> modules, Map<String, FusedAdam> optimizers) throws IOException {
        Path root = runDir.resolve("checkpoints");
        Path finalDir = root.resolve(String.format("step-%08d", step));
        Path tmp = root.resolve(String.format("step-%08d.tmp", step));
        Map<String, Tensor> weights = new LinkedHashMap<>();
        modules.forEach((prefix, m) -> m.stateDict().forEach((n, t) -> weights.put(prefix + "." + n, t)));
        long bytes = 0;
        for (Tensor t : weights.values()) bytes += t.numel() * t.element_size();
        // weights, two Adam moments per weight and headers; checked first, since libtorch
        // cannot report a full disk from inside its archive writer
        AtomicFile.requireSpace(runDir, 3 * bytes + (4L << 20), "checkpoint " + finalDir.getFileName());
        try {
            Files.createDirectories(root);
            deleteTree(tmp);
            Files.createDirectories(tmp);
            Safetensors.write(weights, Map.of("format", "pt", "phasic_version", VERSION, "step", Long.toString(step)),
                    tmp.resolve("weights.safetensors"));
            for (Map.Entry<String, FusedAdam> e : optimizers.entrySet()) {
                writeArchive(e.getValue(), tmp.resolve("optimizer-" + e.getKey() + ".pt"));
            }
            State state = new State(step, epoch, Base64.getEncoder().encodeToString(Rng.cpuState()), config, data, VERSION);
            Json.write(tmp.resolve("state.json"), state);
            Json.write(tmp.resolve(MANIFEST), manifestOf(tmp));
            deleteTree(finalDir);
            Files.move(tmp, finalDir, StandardCopyOption.ATOMIC_MOVE);
            AtomicFile.syncFolder(root);
            prune(root);                                                 // only once the new one is whole on the disk
        } catch (IOException | EnvironmentFault e) {
            try {
                deleteTree(tmp);
            } catch (IOException ignored) {
                // removed when the run is next opened
            }
            if (e instanceof EnvironmentFault f) throw f;
            throw AtomicFile.fault("cannot write checkpoint " + finalDir, finalDir, (IOException) e);
        }
        return finalDir;
    }

    /** An optimiser's libtorch archive (torch::optim::Adam's layout, {@link FusedAdam#save}), then synced to the disk. */
    private static void writeArchive(FusedAdam adam, Path file) throws IOException {
        OutputArchive archive = new OutputArchive();
        adam.save(archive);
        archive.save_to(file.toString());
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    private static Manifest manifestOf(Path folder) throws IOException {
        Map<String, Manifest.Entry> files = new TreeMap<>();
        try (Stream<Path> s = Files.list(folder)) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                String name = f.getFileName().toString();
                if (!name.equals(MANIFEST)) files.put(name, new Manifest.Entry(Files.size(f), Sha256.hex(f)));
            }
        }
        return new Manifest(files);
    }

    /**
     * Checks a checkpoint before anything is loaded from it: every file its manifest lists
     * is there with its size and SHA-256, and state.json parses (returned). A checkpoint
     * without a manifest (0.1.0) is checked by parsing state.json here and its other files
     * as they load.
     */
    static State verify(Path checkpoint) {
        Path manifestFile = checkpoint.resolve(MANIFEST);
        if (Files.exists(manifestFile)) {
            Manifest manifest;
            try {
                manifest = Json.MAPPER.readValue(manifestFile.toFile(), Manifest.class);
            } catch (IOException e) {
                throw new Damaged(checkpoint, MANIFEST, "cannot be read");
            }
            if (manifest.files() == null || !manifest.files().containsKey("state.json")) {
                throw new Damaged(checkpoint, MANIFEST, "lists no state.json");
            }
            for (Map.Entry<String, Manifest.Entry> e : manifest.files().entrySet()) {
                Path f = checkpoint.resolve(e.getKey());
                try {
                    if (!Files.isRegularFile(f)) throw new Damaged(checkpoint, e.getKey(), "is missing");
                    long size = Files.size(f);
                    if (size != e.getValue().bytes()) {
                        throw new Damaged(checkpoint, e.getKey(), "has " + size + " bytes, its manifest " + e.getValue().bytes());
                    }
                    if (!Sha256.hex(f).equals(e.getValue().sha256())) {
                        throw new Damaged(checkpoint, e.getKey(), "does not match its manifest's SHA-256");
                    }
                } catch (IOException io) {
                    throw new Damaged(checkpoint, e.getKey(), "cannot be read: " + io.getMessage());
                }
            }
        }
        return readState(checkpoint);
    }

    /** Whether a run directory holds at least one complete checkpoint. */
    public static boolean hasCheckpoint(Path runDir) throws IOException {
        Path root = runDir.resolve("checkpoints");
        if (!Files.isDirectory(root)) return false;
        try (Stream<Path> s = Files.list(root)) {
            return s.anyMatch(p -> p.getFileName().toString().matches("step-\\d{8}") && Files.isRegularFile(p.resolve("state.json")));
        }
    }

    /** The newest complete checkpoint of a run directory (not checked against its manifest). */
    public static Path latest(Path runDir) {
        return complete(runDir).get(0);
    }

    /** A run's complete checkpoints (those that reached their rename), newest first. */
    static List<Path> complete(Path runDir) {
        Path root = runDir.resolve("checkpoints");
        if (!Files.isDirectory(root)) throw new UserError("not a run directory (no checkpoints/): " + runDir);
        List<Path> out;
        try (Stream<Path> s = Files.list(root)) {
            out = s.filter(p -> p.getFileName().toString().matches("step-\\d{8}"))
                    .filter(p -> Files.isRegularFile(p.resolve("state.json")))
                    .sorted(Comparator.comparing(Path::toString).reversed())
                    .toList();
        } catch (IOException e) {
            throw new UserError("cannot list " + root + ": " + e.getMessage());
        }
        if (out.isEmpty()) throw new UserError("no complete checkpoint in " + root);
        return out;
    }

    /** Moves a damaged checkpoint out of the way, never deleting it: {@code step-N.damaged} (numbered if taken). */
    static Path setAside(Path checkpoint) throws IOException {
        Path aside = checkpoint.resolveSibling(checkpoint.getFileName() + ".damaged");
        for (int i = 2; Files.exists(aside); i++) aside = checkpoint.resolveSibling(checkpoint.getFileName() + ".damaged-" + i);
        Files.move(checkpoint, aside, StandardCopyOption.ATOMIC_MOVE);
        AtomicFile.syncFolder(checkpoint.getParent());
        return aside;
    }

    public static State readState(Path checkpoint) {
        try {
            return Json.read(checkpoint.resolve("state.json"), State.class);
        } catch (UserError e) {
            if (Recipe.missing(e)) throw e;                                 // intact, but its plug-in is not on the class path
            throw new Damaged(checkpoint, "state.json", "cannot be parsed");
        }
    }

    /** Loads weights into the modules by name (strict) and the optimiser moments. */
    public static void loadWeights(Path checkpoint, Map<String, Module> modules) throws IOException {
        Map<String, Tensor> all;
        try {
            all = Safetensors.read(checkpoint.resolve("weights.safetensors"));
        } catch (IOException | RuntimeException e) {
            throw new Damaged(checkpoint, "weights.safetensors", "cannot be read: " + Native.firstLine(e));
        }
        for (Map.Entry<String, Module> e : modules.entrySet()) {
            String prefix = e.getKey() + ".";
            Map<String, Tensor> mine = new LinkedHashMap<>();
            all.forEach((k, v) -> {
                if (k.startsWith(prefix)) mine.put(k.substring(prefix.length()), v);
            });
            e.getValue().loadStateDict(mine);
        }
    }

    public static void loadOptimizers(Path checkpoint, Map<String, FusedAdam> optimizers) {
        for (Map.Entry<String, FusedAdam> e : optimizers.entrySet()) {
            Path file = checkpoint.resolve("optimizer-" + e.getKey() + ".pt");
            if (!Files.isRegularFile(file)) throw new Damaged(checkpoint, file.getFileName().toString(), "is missing");
            try {
                InputArchive archive = new InputArchive();
                archive.load_from(file.toString());
                e.getValue().load(archive);
            } catch (RuntimeException ex) {                                // libtorch's c10::Error: a long native trace
                throw new Damaged(checkpoint, file.getFileName().toString(), "cannot be loaded: " + Native.firstLine(ex));
            }
        }
    }

    public static void restoreRng(State state) {
        Rng.setCpuState(Base64.getDecoder().decode(state.rngState()));
    }

    private static void prune(Path root) throws IOException {
        List<Path> done;
        try (Stream<Path> s = Files.list(root)) {
            done = s.filter(p -> p.getFileName().toString().matches("step-\\d{8}")).sorted().toList();
        }
        for (int i = 0; i < done.size() - KEEP; i++) deleteTree(done.get(i));
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) return;
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(q);
        }
    }
}
