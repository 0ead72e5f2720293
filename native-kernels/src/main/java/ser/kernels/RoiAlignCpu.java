package ser.kernels;

import java.util.Arrays;

/**
 * The CPU RoI Align over time, twin of the {@code ser_roi_align_1d_*} kernels: the same float arithmetic,
 * point for point. A region whose batch index is outside the map's batch pools zeros. One instance per
 * thread: it owns the per-region scratch (the sample points' frames and weights).
 */
public final class RoiAlignCpu implements RoiAlignOp {
    private static final String OP = "roi_align_1d";
    private final RoiAlignSpec spec;
    private final long[] low;
    private final long[] high;
    private final float[] weightLow;
    private final float[] weightHigh;

    public RoiAlignCpu(RoiAlignSpec spec) {
        this.spec = spec;
        int points = spec.bins() * spec.samplingRatio();
        this.low = new long[points];
        this.high = new long[points];
        this.weightLow = new float[points];
        this.weightHigh = new float[points];
    }

    @Override
    public RoiAlignSpec spec() {
        return spec;
    }

    /** The forward pass into a new array: {@code [regions][channels][bins]}, contiguous. */
    public float[] forward(float[] features, MapLayout map, float[] rois, RoiLayout roiLayout) {
        float[] out = new float[Math.toIntExact(RoiAlignOp.outputLength(map, roiLayout, spec))];
        forward(Floats.host(features), map, Floats.host(rois), roiLayout, Floats.host(out));
        return out;
    }

    /** The backward pass into a new contiguous {@code [batch][channels][length]} array. */
    public float[] backward(float[] gradOut, MapLayout map, float[] rois, RoiLayout roiLayout) {
        float[] grad = new float[Math.toIntExact((long) map.batch() * map.channels() * map.length())];
        backward(Floats.host(gradOut), map, Floats.host(rois), roiLayout, Floats.host(grad));
        return grad;
    }

    @Override
    public void forward(Floats featuresIn, MapLayout map, Floats roisIn, RoiLayout roiLayout, Floats outTo) {
        float[] features = Floats.hostArray(featuresIn, OP, "the features");
        float[] rois = Floats.hostArray(roisIn, OP, "the regions");
        float[] out = Floats.hostArray(outTo, OP, "the output");
        check(features.length, map, rois.length, roiLayout);
        long outputs = RoiAlignOp.outputLength(map, roiLayout, spec);
        if (out.length < outputs) {
            throw new IllegalArgumentException(OP + " forward: an output of " + out.length + " floats for " + outputs);
        }
        int bins = spec.bins();
        int ratio = spec.samplingRatio();
        for (int r = 0; r < roiLayout.regions(); r++) {
            Region region = Region.of(rois, roiLayout, r, map, spec);
            if (region == null) {
                Arrays.fill(out, r * map.channels() * bins, (r + 1) * map.channels() * bins, 0f);
                continue;
            }
            // The same points for every channel: their offsets along time and weights, once per region.
            for (int i = 0; i < low.length; i++) {
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
    }

    @Override
    public void backward(Floats gradOutIn, MapLayout map, Floats roisIn, RoiLayout roiLayout, Floats gradTo) {
        float[] gradOut = Floats.hostArray(gradOutIn, OP, "the output gradient");
        float[] rois = Floats.hostArray(roisIn, OP, "the regions");
        float[] grad = Floats.hostArray(gradTo, OP, "the feature gradient");
        check(map.span(), map, rois.length, roiLayout);
        int bins = spec.bins();
        if (gradOut.length != RoiAlignOp.outputLength(map, roiLayout, spec)) {
            throw new IllegalArgumentException(OP + " backward: gradient of " + gradOut.length + " values for "
                    + roiLayout.regions() + " regions x " + map.channels() + " channels x " + bins + " bins");
        }
        MapLayout dense = MapLayout.contiguous(map.batch(), map.channels(), map.length());
        if (grad.length < dense.span()) {
            throw new IllegalArgumentException(OP + " backward: a feature gradient of " + grad.length + " floats for " + dense);
        }
        Arrays.fill(grad, 0, (int) dense.span(), 0f);
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
    }

    static void check(long featureValues, MapLayout map, long roiValues, RoiLayout rois) {
        if (featureValues < map.span() || roiValues < rois.span()) {
            throw new IllegalArgumentException(OP + ": " + featureValues + " feature values for map " + map + ", "
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
