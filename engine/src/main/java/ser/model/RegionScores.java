package ser.model;

/**
 * A batch's region predictions copied to the host: what every decision rule and the calibration
 * need, so that a rule or a temperature can be tried again without running the network.
 *
 * @param logProbabilities [B][R][K] log-softmax over classes of every region's logits
 * @param detectionWeights [B][R][K] softmax over regions of the detection logits (the multiple-instance
 *                         pooling weights), or null for a network without regions
 * @param anchors          [B][R] the anchor each region came from; -1 for the whole utterance (region 0)
 *                         and the places it fills when fewer proposals survived
 */
public record RegionScores(float[][][] logProbabilities, float[][][] detectionWeights, int[][] anchors) {

    public static RegionScores of(NetOutput out) {
        float[][][] log = cube(out.regionLogits().log_softmax(2));
        float[][][] detection = out.detectionLogits() == null ? null : cube(out.detectionLogits().softmax(1));
        return new RegionScores(log, detection, out.proposals().anchors());
    }

    /** The batches one after another, as if they had been one. */
    public static RegionScores concat(java.util.List<RegionScores> batches) {
        var log = batches.stream().flatMap(s -> java.util.Arrays.stream(s.logProbabilities)).toArray(float[][][]::new);
        var anchors = batches.stream().flatMap(s -> java.util.Arrays.stream(s.anchors)).toArray(int[][]::new);
        boolean regions = !batches.isEmpty() && batches.get(0).detectionWeights != null;
        var detection = regions
                ? batches.stream().flatMap(s -> java.util.Arrays.stream(s.detectionWeights)).toArray(float[][][]::new) : null;
        return new RegionScores(log, detection, anchors);
    }

    public int size() {
        return logProbabilities.length;
    }

    /** Whether region {@code r} of utterance {@code b} is a region of its own (not a place the whole utterance fills). */
    public boolean distinct(int b, int r) {
        return r == 0 || anchors[b][r] >= 0;
    }

    /** [R][K] class probabilities of utterance {@code b}'s regions with the logits divided by {@code temperature}. */
    public float[][] probabilities(int b, double temperature) {
        float[][] log = logProbabilities[b];
        float[][] p = new float[log.length][];
        for (int r = 0; r < log.length; r++) {
            p[r] = Temperature.softmax(log[r], temperature);
        }
        return p;
    }

    private static float[][][] cube(org.bytedeco.pytorch.Tensor t) {
        Tensors.Shape3 s = Tensors.shape3(t);
        float[] flat = Tensors.floats(t);
        float[][][] out = new float[s.a()][s.b()][s.c()];
        for (int b = 0; b < s.a(); b++) {
            for (int r = 0; r < s.b(); r++) {
                System.arraycopy(flat, (b * s.b() + r) * s.c(), out[b][r], 0, s.c());
            }
        }
        return out;
    }
}
