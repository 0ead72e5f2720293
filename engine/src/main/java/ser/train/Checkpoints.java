package ser.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.stream.Stream;
import org.bytedeco.pytorch.InputArchive;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Optimizer;
import org.bytedeco.pytorch.OutputArchive;
import ser.io.JsonFiles;

/**
 * Per-epoch checkpoints that a crash cannot corrupt: the weights and optimizer state of epoch N go
 * to files named for N, and only then does {@code state.json} (written atomically) name N as the
 * latest. Older epochs' files are removed after that. The best weights so far are kept apart.
 */
public final class Checkpoints {
    private final Path dir;

    public Checkpoints(Path dir) {
        this.dir = dir;
    }

    public Path bestWeights() {
        return dir.resolve("best.pt");
    }

    public void save(TrainingState state, Module net, Optimizer optimizer) throws IOException {
        Files.createDirectories(dir);
        saveModule(net, weights(state.epoch()));
        OutputArchive archive = new OutputArchive();
        optimizer.save(archive);
        saveArchive(archive, optimizerState(state.epoch()));
        JsonFiles.write(dir.resolve("state.json"), state);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String name = f.getFileName().toString();
                if (name.startsWith("epoch-") && !name.startsWith(String.format("epoch-%04d.", state.epoch()))) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    public void saveBest(Module net) throws IOException {
        Files.createDirectories(dir);
        saveModule(net, bestWeights());
    }

    /** The latest complete state, with its weights and optimizer loaded into {@code net} and {@code optimizer}. */
    public Optional<TrainingState> restore(Module net, Optimizer optimizer) throws IOException {
        Path statePath = dir.resolve("state.json");
        if (!Files.exists(statePath)) {
            return Optional.empty();
        }
        TrainingState state = JsonFiles.read(statePath, TrainingState.class);
        loadModule(net, weights(state.epoch()));
        InputArchive archive = new InputArchive();
        archive.load_from(optimizerState(state.epoch()).toString());
        optimizer.load(archive);
        return Optional.of(state);
    }

    public static void saveModule(Module net, Path file) throws IOException {
        OutputArchive archive = new OutputArchive();
        net.save(archive);
        saveArchive(archive, file);
    }

    public static void loadModule(Module net, Path file) {
        InputArchive archive = new InputArchive();
        archive.load_from(file.toString());
        net.load(archive);
    }

    private static void saveArchive(OutputArchive archive, Path file) throws IOException {
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        archive.save_to(tmp.toString());
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private Path weights(int epoch) {
        return dir.resolve(String.format("epoch-%04d.model.pt", epoch));
    }

    private Path optimizerState(int epoch) {
        return dir.resolve(String.format("epoch-%04d.optimizer.pt", epoch));
    }
}
