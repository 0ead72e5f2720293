package ser.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Optimizer;
import ser.io.JsonFiles;
import ser.model.Weights;

/**
 * Per-epoch checkpoints that a crash cannot corrupt: the weights and optimizer state of epoch N go
 * to files named for N, and only then does {@code state.json} (written atomically) name N as the
 * latest. Older epochs' files are removed after that, but for the weights of the epochs a run keeps to
 * average. The best weights so far are kept apart. A training-only companion of the network (a speaker
 * adversary) is saved beside each epoch's files and removed with them.
 */
public final class Checkpoints {
    private final Path dir;

    public Checkpoints(Path dir) {
        this.dir = dir;
    }

    /** Whether a completed epoch has been saved here. */
    public boolean exist() {
        return Files.exists(dir.resolve("state.json"));
    }

    public Path bestWeights() {
        return dir.resolve("best.pt");
    }

    /** Saves epoch {@code state.epoch()}; of the older epochs, only the weights of {@code kept} stay. */
    public void save(TrainingState state, Module net, Optimizer optimizer, Set<Integer> kept) throws IOException {
        save(state, net, optimizer, kept, null);
    }

    /** The same with a training-only module and its optimizer (a speaker adversary), or null for none. */
    void save(TrainingState state, Module net, Optimizer optimizer, Set<Integer> kept, Companion<?> companion) throws IOException {
        Files.createDirectories(dir);
        Weights.save(net, weights(state.epoch()));
        Weights.saveOptimizer(optimizer, optimizerState(state.epoch()));
        if (companion != null) {
            Weights.save(companion.module(), companionFile(state.epoch(), companion, "model"));
            Weights.saveOptimizer(companion.optimizer(), companionFile(state.epoch(), companion, "optimizer"));
        }
        JsonFiles.write(dir.resolve("state.json"), state);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String name = f.getFileName().toString();
                boolean latest = name.startsWith(String.format("epoch-%04d.", state.epoch()));
                boolean keptWeights = kept.stream().anyMatch(e -> f.equals(weights(e)));
                if (name.startsWith("epoch-") && !latest && !keptWeights) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    /** A module that trains beside the network but is not part of the model, with its own optimizer. */
    record Companion<M extends Module>(String name, M module, Optimizer optimizer) {
    }

    /** Loads the companion's weights and optimizer state of {@code epoch}, saved by {@link #save}. */
    void restore(int epoch, Companion<?> companion) throws IOException {
        Path file = companionFile(epoch, companion, "model");
        if (!Files.isRegularFile(file)) {
            throw new IOException("no " + companion.name() + " weights of epoch " + epoch + " in " + dir);
        }
        Weights.load(companion.module(), file);
        Weights.loadOptimizer(companion.optimizer(), companionFile(epoch, companion, "optimizer"), companion.module());
    }

    public void saveBest(Module net) throws IOException {
        Weights.save(net, bestWeights());
    }

    /** The latest complete state alone, without loading anything. */
    public Optional<TrainingState> state() throws IOException {
        Path statePath = dir.resolve("state.json");
        return Files.exists(statePath) ? Optional.of(JsonFiles.read(statePath, TrainingState.class)) : Optional.empty();
    }

    /** The latest complete state, with its weights and optimizer loaded into {@code net} and {@code optimizer}. */
    public Optional<TrainingState> restore(Module net, Optimizer optimizer) throws IOException {
        Path statePath = dir.resolve("state.json");
        if (!Files.exists(statePath)) {
            return Optional.empty();
        }
        TrainingState state = JsonFiles.read(statePath, TrainingState.class);
        Weights.load(net, weights(state.epoch()));
        Weights.loadOptimizer(optimizer, optimizerState(state.epoch()), net);
        return Optional.of(state);
    }

    public boolean hasEpochWeights(int epoch) {
        return Files.isRegularFile(weights(epoch));
    }

    /** The weights saved after {@code epoch}; refused when the run did not keep them. */
    public Path epochWeights(int epoch) throws IOException {
        Path file = weights(epoch);
        if (!Files.isRegularFile(file)) {
            throw new IOException("no weights of epoch " + epoch + " in " + dir + ": a run keeps those of the epochs it "
                    + "averages (--average-epochs) as it trains, and a run trained with a smaller K kept fewer");
        }
        return file;
    }

    private Path weights(int epoch) {
        return dir.resolve(String.format("epoch-%04d.model.pt", epoch));
    }

    private Path optimizerState(int epoch) {
        return dir.resolve(String.format("epoch-%04d.optimizer.pt", epoch));
    }

    private Path companionFile(int epoch, Companion<?> companion, String kind) {
        return dir.resolve(String.format("epoch-%04d.%s.%s.pt", epoch, companion.name(), kind));
    }
}
