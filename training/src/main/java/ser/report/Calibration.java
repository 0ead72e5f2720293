package ser.report;

import java.util.ArrayList;
import java.util.List;

/**
 * How well confidences match accuracy: predictions grouped into equal-width confidence bins, and
 * the expected calibration error, the clip-weighted mean gap between a bin's accuracy and its mean
 * confidence (Naeini et al. 2015; 10 bins, as Guo et al. 2017 report it).
 *
 * @param ece  expected calibration error in [0, 1]; null without clips
 * @param bins every bin, empty ones included (their confidence and accuracy are null)
 */
public record Calibration(Double ece, List<Bin> bins) {
    public static final int BINS = 10;

    /** Confidences in [{@code lower}, {@code upper}) (the last bin includes 1). */
    public record Bin(double lower, double upper, int clips, Double confidence, Double accuracy) {
    }

    /** From each clip's confidence (the probability of its predicted class) and whether the prediction was right. */
    public static Calibration of(double[] confidence, boolean[] correct) {
        if (confidence.length != correct.length) {
            throw new IllegalArgumentException(confidence.length + " confidences but " + correct.length + " outcomes");
        }
        int[] count = new int[BINS];
        double[] confidenceSum = new double[BINS];
        int[] hits = new int[BINS];
        for (int i = 0; i < confidence.length; i++) {
            if (!(confidence[i] >= 0 && confidence[i] <= 1)) {
                throw new IllegalArgumentException("confidence " + confidence[i] + " of clip " + i + " is not a probability");
            }
            int bin = Math.min(BINS - 1, (int) (confidence[i] * BINS));
            count[bin]++;
            confidenceSum[bin] += confidence[i];
            hits[bin] += correct[i] ? 1 : 0;
        }
        List<Bin> bins = new ArrayList<>(BINS);
        double gap = 0;
        for (int b = 0; b < BINS; b++) {
            Double meanConfidence = count[b] == 0 ? null : confidenceSum[b] / count[b];
            Double accuracy = count[b] == 0 ? null : hits[b] / (double) count[b];
            if (count[b] > 0) {
                gap += count[b] * Math.abs(accuracy - meanConfidence);
            }
            bins.add(new Bin(b / (double) BINS, (b + 1) / (double) BINS, count[b], meanConfidence, accuracy));
        }
        return new Calibration(confidence.length == 0 ? null : gap / confidence.length, List.copyOf(bins));
    }

    /** From [N][K] class probabilities and the true classes: the confidence is the top probability. */
    public static Calibration of(float[][] probabilities, int[] truth) {
        double[] confidence = new double[truth.length];
        boolean[] correct = new boolean[truth.length];
        for (int i = 0; i < truth.length; i++) {
            int best = 0;
            for (int k = 1; k < probabilities[i].length; k++) {
                best = probabilities[i][k] > probabilities[i][best] ? k : best;
            }
            confidence[i] = Math.min(1.0, probabilities[i][best]);
            correct[i] = best == truth[i];
        }
        return of(confidence, correct);
    }
}
