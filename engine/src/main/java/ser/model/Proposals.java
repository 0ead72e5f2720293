package ser.model;

/**
 * The regions of a batch, in encoder steps: region {@code r} of utterance {@code b} spans
 * {@code boxes[b][r][0]} to {@code boxes[b][r][1]} and came from anchor {@code anchors[b][r]}
 * (flat index step·A + a, or the window's index for sliding windows), or -1 for the whole utterance
 * and the places it fills.
 */
public record Proposals(float[][][] boxes, int[][] anchors) {
    /**
     * The whole utterance, then {@code windows} fixed windows over it, each 2/(windows + 1) of its steps
     * long and half overlapping the next, so that together they tile it from end to end.
     */
    public static Proposals slidingWindows(int[] validSteps, int windows) {
        int batch = validSteps.length;
        float[][][] boxes = new float[batch][windows + 1][];
        int[][] anchors = new int[batch][windows + 1];
        for (int b = 0; b < batch; b++) {
            float hop = validSteps[b] / (float) (windows + 1);
            boxes[b][0] = new float[] {0, validSteps[b]};
            anchors[b][0] = -1;
            for (int w = 0; w < windows; w++) {
                boxes[b][w + 1] = new float[] {w * hop, Math.min(validSteps[b], (w + 2) * hop)};
                anchors[b][w + 1] = w;
            }
        }
        return new Proposals(boxes, anchors);
    }
}
