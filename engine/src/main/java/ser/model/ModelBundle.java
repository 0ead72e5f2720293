package ser.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ser.io.Hashes;
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

    /**
     * SHA-256 of the weights file, in hex: what identifies a model whatever its directory or id. An
     * ensemble's is the SHA-256 of its members' in order.
     */
    public static String weightsSha256(Path dir) throws IOException {
        ModelDescription d = describe(dir);
        if (d.ensemble() == null) {
            return Hashes.sha256(dir.resolve(WEIGHTS));
        }
        MessageDigest all = Hashes.sha256();
        for (Path member : members(dir, d)) {
            all.update(weightsSha256(member).getBytes(StandardCharsets.US_ASCII));
        }
        return Hashes.hex(all);
    }

    /** The directories of the networks a model runs: its own, or its ensemble's members in order. */
    public static List<Path> networks(Path dir) throws IOException {
        ModelDescription d = describe(dir);
        return d.ensemble() == null ? List.of(dir) : members(dir, d);
    }

    private static List<Path> members(Path dir, ModelDescription d) throws IOException {
        List<Path> members = new ArrayList<>();
        for (String member : d.ensemble().members()) {
            members.add(member(dir, member));
        }
        return members;
    }

    /** Where an ensemble's member lies; a member outside the ensemble's directory is refused. */
    private static Path member(Path ensemble, String member) throws IOException {
        Path resolved = ensemble.resolve(member).normalize();
        if (!resolved.startsWith(ensemble.normalize()) || resolved.equals(ensemble.normalize())) {
            throw new IOException(ensemble + ": member " + member + " is not a folder inside the ensemble's directory");
        }
        return resolved;
    }

    /** Loads a network model directory, or every member of an ensemble, in evaluation mode. */
    public static LoadedModel load(Path dir) throws IOException {
        ModelDescription d = describe(dir);
        if (d.ensemble() == null) {
            return new LoadedModel(d, List.of(network(dir, d)));
        }
        List<Network> networks = new ArrayList<>();
        for (Path memberDir : members(dir, d)) {
            ModelDescription m = describe(memberDir);
            if (m.ensemble() != null || m.kind() == ModelKind.SVM) {
                throw new IOException(memberDir + ": an ensemble's members are networks, not ensembles or the SVM");
            }
            if (!m.labels().equals(d.labels()) || !m.logMel().equals(d.logMel()) || !m.vad().equals(d.vad())) {
                throw new IOException(memberDir + ": its labels, log-Mel or speech detection differ from the ensemble's");
            }
            networks.add(network(memberDir, m));
        }
        return new LoadedModel(d, List.copyOf(networks));
    }

    private static Network network(Path dir, ModelDescription d) throws IOException {
        Path weights = dir.resolve(WEIGHTS);
        if (d.network() == null || !Files.isRegularFile(weights)) {
            throw new IOException(dir + " holds no network (needs " + WEIGHTS + " and a network layout in " + DESCRIPTION + ")");
        }
        LibTorch.load();
        SerNet net = new SerNet(d.network());
        Map<String, List<Long>> described = shapes(net);
        try {
            Weights.load(net, weights);
        } catch (RuntimeException e) {
            throw new IOException(weights + " cannot be loaded: " + firstLine(e.getMessage()));
        }
        List<String> mismatches = new ArrayList<>();
        shapes(net).forEach((name, shape) -> {
            if (!shape.equals(described.get(name))) {
                mismatches.add(name + " is " + shape + " in " + WEIGHTS + " but " + described.get(name) + " by " + DESCRIPTION);
            }
        });
        if (!mismatches.isEmpty()) {
            throw new IOException(dir + ": " + DESCRIPTION + " does not describe these weights: " + mismatches.get(0)
                    + (mismatches.size() > 1 ? " (and " + (mismatches.size() - 1) + " more)" : ""));
        }
        net.eval();
        return new Network(d.network(), net);
    }

    /** Every parameter's and buffer's shape by name. LibTorch loads a tensor of any shape into any parameter, so this is the check. */
    private static Map<String, List<Long>> shapes(SerNet net) {
        Map<String, List<Long>> shapes = new LinkedHashMap<>();
        Tensors.owned(net.named_parameters()).forEach((name, t) -> shapes.put(name, Arrays.stream(Tensors.shape(t)).boxed().toList()));
        Tensors.owned(net.named_buffers()).forEach((name, t) -> shapes.put(name, Arrays.stream(Tensors.shape(t)).boxed().toList()));
        return shapes;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable archive";
        }
        String line = message.strip().lines().findFirst().orElse(message);
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }

    /** A network and the layout, decision rule and temperature it was saved with. */
    public record Network(ModelConfig config, SerNet net) {
    }

    /** A loaded model: one network, or an ensemble's members in order. Closing it frees every network. */
    public record LoadedModel(ModelDescription description, List<Network> networks) implements AutoCloseable {
        /** The first network: the only one of a model that is not an ensemble. */
        public SerNet net() {
            return networks.get(0).net();
        }

        public void to(org.bytedeco.pytorch.Device device) {
            networks.forEach(n -> n.net().to(device, false));
        }

        @Override
        public void close() {
            networks.forEach(n -> n.net().close());
        }
    }
}
