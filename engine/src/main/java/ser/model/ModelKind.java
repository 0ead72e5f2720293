package ser.model;

/** What {@code ser train --model} trains. */
public enum ModelKind {
    /** The paper's CNN → BLSTM → attention → regions → RoI Align network. */
    RCNN_BLSTM,
    /** The same network with regions and attention switched off. */
    CNN_BLSTM,
    /** The paper's network with fixed sliding windows in place of the proposals. */
    WINDOWS_BLSTM,
    /** RBF support vector machine on hand-crafted utterance features. */
    SVM
}
