package ser.model;

/**
 * The regions of a batch, in encoder steps: region {@code r} of utterance {@code b} spans
 * {@code boxes[b][r][0]} to {@code boxes[b][r][1]} and came from anchor {@code anchors[b][r]}
 * (flat index step·A + a), or -1 for the whole utterance and the places it fills.
 */
public record Proposals(float[][][] boxes, int[][] anchors) {
}
