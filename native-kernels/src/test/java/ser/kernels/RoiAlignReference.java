package ser.kernels;

/**
 * The naive double-precision RoI Align over time that the twins and the model's tensor-op version are
 * judged by, written literally from torchvision's {@code roi_align} (its {@code bilinear_interpolate},
 * one axis). Contiguous {@code [N][C][T]} features, rows of (batch, x1, x2).
 */
public final class RoiAlignReference {
    private RoiAlignReference() {
    }

    /** torchvision's bilinear_interpolate on one axis: two (index, weight) taps, weight 0 outside. */
    static double[][] taps(double x, int length) {
        if (x < -1.0 || x > length) {
            return new double[][] {{0, 0}, {0, 0}};
        }
        x = Math.max(x, 0);
        int low = (int) Math.floor(x);
        int high;
        if (low >= length - 1) {
            low = length - 1;
            high = length - 1;
            x = low;
        } else {
            high = low + 1;
        }
        double l = x - low;
        return new double[][] {{low, 1 - l}, {high, l}};
    }

    /** {@code [0]}: out[r][c][p]; {@code [1]}: the gradient of sum(out * upstream) with respect to the features. */
    public static double[][] forwardAndBackward(double[] features, int batch, int channels, int length, double[][] rois,
                                                RoiAlignSpec spec, double[] upstream) {
        int bins = spec.bins();
        int ratio = spec.samplingRatio();
        double[] out = new double[rois.length * channels * bins];
        double[] grad = new double[features.length];
        for (int r = 0; r < rois.length; r++) {
            int b = (int) rois[r][0];
            if (b < 0 || b >= batch) {
                continue;
            }
            double offset = spec.aligned() ? 0.5 : 0;
            double start = rois[r][1] * spec.spatialScale() - offset;
            double width = rois[r][2] * spec.spatialScale() - offset - start;
            if (!spec.aligned()) {
                width = Math.max(width, 1.0);
            }
            double binWidth = width / bins;
            for (int c = 0; c < channels; c++) {
                for (int p = 0; p < bins; p++) {
                    int o = (r * channels + c) * bins + p;
                    for (int k = 0; k < ratio; k++) {
                        double x = start + p * binWidth + (k + 0.5) * binWidth / ratio;
                        for (double[] tap : taps(x, length)) {
                            int idx = (b * channels + c) * length + (int) tap[0];
                            out[o] += tap[1] * features[idx] / ratio;
                            grad[idx] += tap[1] * upstream[o] / ratio;
                        }
                    }
                }
            }
        }
        return new double[][] {out, grad};
    }
}
