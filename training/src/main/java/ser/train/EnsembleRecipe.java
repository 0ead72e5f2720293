package ser.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import ser.model.ModelBundle;
import ser.model.ModelDescription;

/**
 * How to train an ensemble model directory again ({@code ser train --config ENSEMBLE_DIR}): each member's recipe as
 * its {@code config.json} saved it, seed included, under the member's name, and the ensemble's id.
 */
public record EnsembleRecipe(String id, List<Member> members) {
    public record Member(String name, TrainConfig config) {
    }

    public EnsembleRecipe {
        members = List.copyOf(members);
    }

    /**
     * The recipe of the ensemble in {@code dir}, empty when {@code dir} holds no ensemble model; a member without its
     * training configuration is refused by name.
     */
    public static Optional<EnsembleRecipe> in(Path dir) throws IOException {
        if (!Files.isRegularFile(dir.resolve(ModelBundle.DESCRIPTION))) {
            return Optional.empty();
        }
        ModelDescription ensemble = ModelBundle.describe(dir);
        if (ensemble.ensemble() == null) {
            return Optional.empty();
        }
        List<Member> members = new ArrayList<>();
        for (String member : ensemble.ensemble().members()) {
            Path config = dir.resolve(member).resolve("config.json");
            if (!Files.isRegularFile(config)) {
                throw new IllegalArgumentException(dir.resolve(member) + " has no config.json: how it was trained is unknown");
            }
            String name = Path.of(member).getFileName().toString();
            if (members.stream().anyMatch(m -> m.name().equals(name))) {
                throw new IllegalArgumentException(dir + " names two members " + name + ": each trains into a folder of its name");
            }
            members.add(new Member(name, TrainConfig.read(config)));
        }
        return Optional.of(new EnsembleRecipe(ensemble.id(), members));
    }
}
