package ser.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import ser.audio.VadConfig;
import ser.features.LogMelConfig;

/**
 * What a saved model needs besides its weights to turn audio into decisions: the front end it was
 * trained with, its labels in output order, and for networks the layout and decision rule. Saved
 * as {@code model.json} beside the weights ({@code weights.pt}, or {@code svm.model} for the SVM).
 * An ensemble's description names its members, and its {@code network} is its first member's, whose
 * regions it reports.
 */
public record ModelDescription(String id, ModelKind kind, List<String> labels, ModelConfig network, LogMelConfig logMel,
                               VadConfig vad, @JsonInclude(JsonInclude.Include.NON_NULL) EnsembleConfig ensemble) {

    public ModelDescription(String id, ModelKind kind, List<String> labels, ModelConfig network, LogMelConfig logMel,
                            VadConfig vad) {
        this(id, kind, labels, network, logMel, vad, null);
    }

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
