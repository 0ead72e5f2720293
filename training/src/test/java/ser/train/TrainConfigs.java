package ser.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import ser.io.JsonFiles;

/** Training configurations for tests, changed the way a config file changes them: by setting name. */
final class TrainConfigs {
    private TrainConfigs() {
    }

    /** {@code base} with {@code settings} replaced, named as in a config file's {@code "train"} object. */
    static TrainConfig with(TrainConfig base, Map<String, ?> settings) {
        ObjectNode tree = JsonFiles.MAPPER.valueToTree(base);
        for (String name : settings.keySet()) {
            if (!tree.has(name)) {
                throw new IllegalArgumentException("a training configuration has no setting " + name);
            }
        }
        tree.setAll((ObjectNode) JsonFiles.MAPPER.valueToTree(settings));
        try {
            return JsonFiles.MAPPER.treeToValue(tree, TrainConfig.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
