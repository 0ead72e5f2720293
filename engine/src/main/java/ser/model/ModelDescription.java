package ser.model;

import java.util.List;
import ser.audio.VadConfig;
import ser.features.LogMelConfig;

/**
 * What a saved model needs besides its weights to turn audio into decisions: the front end it was
 * trained with, its labels in output order, the network layout and its decision rule. Saved as
 * {@code model.json} beside {@code weights.pt}.
 */
public record ModelDescription(String id, List<String> labels, ModelConfig network, LogMelConfig logMel, VadConfig vad) {
    public ModelDescription {
        labels = List.copyOf(labels);
        if (labels.size() != network.classes()) {
            throw new IllegalArgumentException(labels.size() + " labels for a network of " + network.classes() + " classes");
        }
    }
}
