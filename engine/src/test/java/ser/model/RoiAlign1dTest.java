package ser.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import ser.runtime.LibTorch;

/**
 * RoI Align over time against a naive double-precision reference written from torchvision's
 * definition, forward and backward, with regions inside, across and outside the edges.
 */
class RoiAlign1dTest {
    private static final int N = 2;
    private static final int C = 3;
    private static final int T = 11;

    @BeforeAll
    static void load() {
        LibTorch.load();
    }

    /** (batch, x1, x2): inside, partly before the start, partly past the end, wider than the map, degenerate. */
    private static final double[][] ROIS = {
            {0, 2.0, 7.5}, {1, -3.0, 4.2}, {0, 6.3, 14.0}, {1, -2.0, 20.0}, {0, 5.0, 5.0}, {1, 0.2, 0.9}};

    private static double[] features(long seed) {
        Random r = new Random(seed);
        double[] f = new double[N * C * T];
        for (int i = 0; i < f.length; i++) {
            f[i] = r.nextGaussian();
        }
        return f;
    }

    private static double[] flat(double[][] rows) {
        return java.util.Arrays.stream(rows).flatMapToDouble(java.util.Arrays::stream).toArray();
    }

    /** torchvision's bilinear_interpolate, one axis. Returns the two (index, weight) taps, weight 0 when outside. */
    private static double[][] taps(double x, int length) {
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

    /** out[r][c][p], and the gradient of sum(out * upstream) with respect to the features. */
    private static double[][] reference(double[] f, double[][] rois, int bins, int ratio, double scale, boolean aligned,
                                        double[] upstream) {
        double[] out = new double[rois.length * C * bins];
        double[] grad = new double[f.length];
        for (int r = 0; r < rois.length; r++) {
            int b = (int) rois[r][0];
            double offset = aligned ? 0.5 : 0;
            double start = rois[r][1] * scale - offset;
            double width = rois[r][2] * scale - offset - start;
            if (!aligned) {
                width = Math.max(width, 1.0);
            }
            double binWidth = width / bins;
            for (int c = 0; c < C; c++) {
                for (int p = 0; p < bins; p++) {
                    int o = (r * C + c) * bins + p;
                    for (int k = 0; k < ratio; k++) {
                        double x = start + p * binWidth + (k + 0.5) * binWidth / ratio;
                        for (double[] tap : taps(x, T)) {
                            int idx = (b * C + c) * T + (int) tap[0];
                            out[o] += tap[1] * f[idx] / ratio;
                            grad[idx] += tap[1] * upstream[o] / ratio;
                        }
                    }
                }
            }
        }
        return new double[][] {out, grad};
    }

    private static void check(int bins, int ratio, double scale, boolean aligned) {
        double[] f = features(bins * 31L + ratio);
        double[] upstream = features(99).clone();
        double[] up = new double[ROIS.length * C * bins];
        for (int i = 0; i < up.length; i++) {
            up[i] = upstream[i % upstream.length];
        }
        double[][] expected = reference(f, ROIS, bins, ratio, scale, aligned, up);

        Tensor features = Tensor.create(f, N, C, T).set_requires_grad(true);
        Tensor rois = Tensor.create(flat(ROIS), ROIS.length, 3);
        Tensor out = new RoiAlign1d(bins, ratio, scale, aligned).apply(features, rois);
        assertArrayEquals(new long[] {ROIS.length, C, bins}, Tensors.shape(out));
        assertArrayEquals(expected[0], Tensors.doubles(out), 1e-12, "forward");
        out.mul(Tensor.create(up, ROIS.length, C, bins)).sum().backward();
        assertArrayEquals(expected[1], Tensors.doubles(features.grad()), 1e-12, "backward");
    }

    @Test
    void alignedMatchesTheReference() {
        check(4, 2, 1.0, true);
        check(7, 3, 0.5, true);
    }

    @Test
    void unalignedMatchesTheReference() {
        check(4, 2, 1.0, false);
        check(5, 1, 0.25, false);
    }

    @Test
    void gradientMatchesFiniteDifferencesInDoublePrecision() {
        double[] f = features(5);
        var align = new RoiAlign1d(3, 2, 1.0, true);
        Tensor rois = Tensor.create(flat(ROIS), ROIS.length, 3);
        Tensor features = Tensor.create(f, N, C, T).set_requires_grad(true);
        align.apply(features, rois).pow(new org.bytedeco.pytorch.Scalar(2.0)).sum().backward();
        double[] analytic = Tensors.doubles(features.grad());
        double h = 1e-6;
        for (int i = 0; i < f.length; i++) {
            double[] plus = f.clone();
            double[] minus = f.clone();
            plus[i] += h;
            minus[i] -= h;
            double numeric = (squaredSum(align, plus, rois) - squaredSum(align, minus, rois)) / (2 * h);
            assertEquals(numeric, analytic[i], 1e-6, "d/df[" + i + "]");
        }
    }

    private static double squaredSum(RoiAlign1d align, double[] f, Tensor rois) {
        Tensor out = align.apply(Tensor.create(f, N, C, T), rois);
        return Tensors.doubles(out.pow(new org.bytedeco.pytorch.Scalar(2.0)).sum())[0];
    }

    @Test
    void floatInputsAgreeWithDoubleToFloatPrecision() {
        double[] f = features(8);
        var align = new RoiAlign1d(6, 2, 1.0, true);
        double[] asDouble = Tensors.doubles(align.apply(Tensor.create(f, N, C, T), Tensor.create(flat(ROIS), ROIS.length, 3)));
        float[] ff = new float[f.length];
        for (int i = 0; i < f.length; i++) {
            ff[i] = (float) f[i];
        }
        float[] rf = new float[ROIS.length * 3];
        double[] rd = flat(ROIS);
        for (int i = 0; i < rd.length; i++) {
            rf[i] = (float) rd[i];
        }
        double[] asFloat = Tensors.doubles(align.apply(Tensor.create(ff, N, C, T), Tensor.create(rf, ROIS.length, 3)));
        assertArrayEquals(asDouble, asFloat, 1e-5);
    }

    @Test
    void badShapesNameTheOpAndTheShapes() {
        var e = assertThrows(IllegalArgumentException.class, () -> new RoiAlign1d(4, 2, 1, true)
                .apply(Tensor.create(new float[6], 2, 3), Tensor.create(new float[3], 1, 3)));
        assertEquals("roi_align_1d: features must be [N, C, T] and rois [R, 3], got [2, 3] and [1, 3]", e.getMessage());
    }
}
