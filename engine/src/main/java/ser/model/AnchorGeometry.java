package ser.model;

import java.util.List;

/**
 * Anchors over time: at every encoder step {@code t}, one interval per length in
 * {@code anchorSteps}, centred at {@code t + 0.5}. Offsets move an anchor by a centre shift in
 * anchor lengths and a log length ratio (Faster R-CNN's parameterization in one dimension).
 */
public final class AnchorGeometry {
    private static final double MAX_LOG_STRETCH = Math.log(4);
    static final double MIN_LENGTH = 1.0;

    private final List<Integer> lengths;

    public AnchorGeometry(List<Integer> lengths) {
        this.lengths = List.copyOf(lengths);
    }

    public int anchorsPerStep() {
        return lengths.size();
    }

    public double[] anchor(int t, int a) {
        double half = lengths.get(a) / 2.0;
        return new double[] {t + 0.5 - half, t + 0.5 + half};
    }

    /** Anchor {@code a} at step {@code t} moved by its offsets; stretch is capped at 4×. */
    public double[] decode(int t, int a, double shift, double logStretch) {
        double length = lengths.get(a);
        double centre = t + 0.5 + shift * length;
        double half = length * Math.exp(Math.min(logStretch, MAX_LOG_STRETCH)) / 2;
        return new double[] {centre - half, centre + half};
    }

    /** The offsets that move anchor {@code a} at step {@code t} onto {@code box}. */
    public double[] encode(int t, int a, float[] box) {
        double length = lengths.get(a);
        double centre = (box[0] + box[1]) / 2.0;
        return new double[] {(centre - (t + 0.5)) / length, Math.log(Math.max(box[1] - box[0], MIN_LENGTH) / length)};
    }

    public static double iou(double a0, double a1, double b0, double b1) {
        double intersection = Math.max(0, Math.min(a1, b1) - Math.max(a0, b0));
        double union = (a1 - a0) + (b1 - b0) - intersection;
        return union <= 0 ? 0 : intersection / union;
    }
}
