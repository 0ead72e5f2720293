package ser.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import ser.io.JsonFiles;
import ser.runtime.LibTorch;

/** A model directory: {@code weights.pt} (LibTorch archive) and {@code model.json}. */
public final class ModelBundle {
    public static final String WEIGHTS = "weights.pt";
    public static final String DESCRIPTION = "model.json";

    private ModelBundle() {
    }

    public static void save(Path dir, SerNet net, ModelDescription description) throws IOException {
        Weights.save(net, dir.resolve(WEIGHTS));
        JsonFiles.write(dir.resolve(DESCRIPTION), description);
    }

    /** The description of a model directory; the error names the directory and what is missing. */
    public static ModelDescription describe(Path dir) throws IOException {
        Path description = dir.resolve(DESCRIPTION);
        if (!Files.isRegularFile(description)) {
            throw new IOException(dir + " is not a model directory (needs " + DESCRIPTION + ")");
        }
        return JsonFiles.read(description, ModelDescription.class);
    }

    /** Loads a network model directory, in evaluation mode. */
    public static LoadedModel load(Path dir) throws IOException {
        ModelDescription d = describe(dir);
        Path weights = dir.resolve(WEIGHTS);
        if (d.network() == null || !Files.isRegularFile(weights)) {
            throw new IOException(dir + " holds no network (needs " + WEIGHTS + " and a network layout in " + DESCRIPTION + ")");
        }
        LibTorch.load();
        SerNet net = new SerNet(d.network());
        Weights.load(net, weights);
        net.eval();
        return new LoadedModel(d, net);
    }

    public record LoadedModel(ModelDescription description, SerNet net) {
    }
}
