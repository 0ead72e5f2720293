package ser.model;

import java.util.List;
import ser.audio.VadConfig;
import ser.features.LogMelConfig;

/**
 * What a saved model needs besides its weights to turn audio into decisions: the front end it was
 * trained with, its labels in output order, and for networks the layout and decision rule. Saved
 * as {@code model.json} beside the weights ({@code weights.pt}, or {@code svm.model} for the SVM).
 */
public record ModelDescription(String id, ModelKind kind, List<String> labels, ModelConfig network, LogMelConfig logMel,
                               VadConfig vad) {
    public ModelDescription {
        labels = List.copyOf(labels);
        if ((kind == ModelKind.SVM) != (network == null)) {
            throw new IllegalArgumentException("a network layout belongs to network models only, got " + kind);
        }
        if (network != null && labels.size() != network.classes()) {
            throw new IllegalArgumentException(labels.size() + " labels for a network of " + network.classes() + " classes");
        }
    }
}
