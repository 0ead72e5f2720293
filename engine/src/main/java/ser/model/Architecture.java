package ser.model;

/** Which network {@code ser train --model} builds. */
public enum Architecture {
    /** CNN → BLSTM → self-attention → region proposals → RoI Align → classifier: the paper's model. */
    RCNN_BLSTM,
    /** The same CNN → BLSTM with regions and attention switched off: mean over time → classifier. */
    CNN_BLSTM,
    /**
     * The paper's model with the proposals replaced by fixed sliding windows (8 windows of 2/9 of the speech,
     * half overlapping, plus the whole utterance): what the proposal network adds, measured.
     */
    WINDOWS_BLSTM;

    /** Whether the network classifies regions with attention before them (all but the CNN-BLSTM). */
    public boolean regions() {
        return this != CNN_BLSTM;
    }

    /** The network of a trainable model kind. */
    public static Architecture of(ModelKind kind) {
        if (kind == ModelKind.SVM) {
            throw new IllegalArgumentException("the SVM baseline is not a network");
        }
        return valueOf(kind.name());
    }
}
