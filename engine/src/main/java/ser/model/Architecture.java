package ser.model;

/** Which network {@code ser train --model} builds. */
public enum Architecture {
    /** CNN → BLSTM → self-attention → region proposals → RoI Align → classifier: the paper's model. */
    RCNN_BLSTM,
    /** The same CNN → BLSTM with regions and attention switched off: mean over time → classifier. */
    CNN_BLSTM
}
