package ser.kernels;

/**
 * The CPU RoI Align over time, twin of the {@code ser_roi_align_1d_*} kernels: the same float arithmetic,
 * point for point. A region whose batch index is outside the map's batch pools zeros.
 */
public final class RoiAlignCpu {
    private RoiAlignCpu() {
    }

    /** Pools {@code features} over the regions: {@code [regions][channels][bins]}, contiguous. */
    public static float[] forward(float[] features, MapLayout map, float[] rois, RoiLayout roiLayout, RoiAlignSpec spec) {
        check(features.length, map, rois.length, roiLayout);
        int bins = spec.bins();
        float[] out = new float[roiLayout.regions() * map.channels() * bins];
        for (int r = 0; r < roiLayout.regions(); r++) {
            Region region = Region.of(rois, roiLayout, r, map, spec);
            if (region == null) {
                continue;
            }
            int ratio = spec.samplingRatio();
            int points = bins * ratio;
            // The same points for every channel: their offsets along time and weights, once per region.
            long[] low = new long[points];
            long[] high = new long[points];
            float[] weightLow = new float[points];
            float[] weightHigh = new float[points];
            for (int i = 0; i < points; i++) {
                Sample s = region.sample(i / ratio, i % ratio);
                low[i] = s.low * map.timeStride();
                high[i] = s.high * map.timeStride();
                weightLow[i] = s.weightLow;
                weightHigh[i] = s.weightHigh;
            }
            for (int c = 0; c < map.channels(); c++) {
                long base = map.offset(region.batchIndex, c, 0);
                int at = (r * map.channels() + c) * bins;
                for (int p = 0; p < bins; p++) {
                    float sum = 0f;
                    for (int i = p * ratio; i < (p + 1) * ratio; i++) {
                        sum += weightLow[i] * features[(int) (base + low[i])] + weightHigh[i] * features[(int) (base + high[i])];
                    }
                    out[at + p] = sum / ratio;
                }
            }
        }
        return out;
    }

    /**
     * Gradient with respect to the features of a contiguous map of shape {@code map}, given the
     * gradient of the contiguous forward output.
     */
    public static float[] backward(float[] gradOut, MapLayout map, float[] rois, RoiLayout roiLayout, RoiAlignSpec spec) {
        check(map.span(), map, rois.length, roiLayout);
        int bins = spec.bins();
        if (gradOut.length != roiLayout.regions() * map.channels() * bins) {
            throw new IllegalArgumentException("roi_align_1d backward: gradient of " + gradOut.length + " values for "
                    + roiLayout.regions() + " regions x " + map.channels() + " channels x " + bins + " bins");
        }
        MapLayout dense = MapLayout.contiguous(map.batch(), map.channels(), map.length());
        float[] grad = new float[(int) dense.span()];
        for (int r = 0; r < roiLayout.regions(); r++) {
            Region region = Region.of(rois, roiLayout, r, map, spec);
            if (region == null) {
                continue;
            }
            for (int c = 0; c < map.channels(); c++) {
                int base = (int) dense.offset(region.batchIndex, c, 0);
                for (int p = 0; p < bins; p++) {
                    float g = gradOut[(r * map.channels() + c) * bins + p] / spec.samplingRatio();
                    for (int k = 0; k < spec.samplingRatio(); k++) {
                        Sample s = region.sample(p, k);
                        grad[base + s.low] += g * s.weightLow;
                        grad[base + s.high] += g * s.weightHigh;
                    }
                }
            }
        }
        return grad;
    }

    static void check(long featureValues, MapLayout map, long roiValues, RoiLayout rois) {
        if (featureValues < map.span() || roiValues < rois.span()) {
            throw new IllegalArgumentException("roi_align_1d: " + featureValues + " feature values for map " + map + ", "
                    + roiValues + " region values for " + rois);
        }
    }

    private record Sample(int low, int high, float weightLow, float weightHigh) {
    }

    private record Region(int batchIndex, float start, float binWidth, int sampling, int length) {

        static Region of(float[] rois, RoiLayout layout, int r, MapLayout map, RoiAlignSpec spec) {
            long row = r * layout.rowStride();
            int n = (int) rois[(int) row];
            if (n < 0 || n >= map.batch()) {
                return null;
            }
            float scale = (float) spec.spatialScale();
            float offset = spec.aligned() ? 0.5f : 0f;
            float start = rois[(int) (row + layout.columnStride())] * scale - offset;
            float width = rois[(int) (row + 2 * layout.columnStride())] * scale - offset - start;
            if (!spec.aligned()) {
                width = Math.max(width, 1f);
            }
            return new Region(n, start, width / spec.bins(), spec.samplingRatio(), map.length());
        }

        Sample sample(int p, int k) {
            float position = start + binWidth * (p + (k + 0.5f) / sampling);
            if (position < -1f || position > length) {
                return new Sample(0, 0, 0f, 0f);
            }
            float x = Math.min(Math.max(position, 0f), length - 1);
            float low = (float) Math.floor(x);
            float frac = x - low;
            int lowIndex = (int) low;
            return new Sample(lowIndex, Math.min(lowIndex + 1, length - 1), 1f - frac, frac);
        }
    }
}
