package ser.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import ser.kernels.MapLayout;
import ser.kernels.RoiAlignCpu;
import ser.kernels.RoiAlignReference;
import ser.kernels.RoiAlignSpec;
import ser.kernels.RoiLayout;
import ser.runtime.LibTorch;

/**
 * RoI Align over time from tensor ops against the double-precision reference that also judges the
 * kernels (native-kernels' test jar), forward and backward, with regions inside, across and outside
 * the edges; and against the kernels' CPU twin in float32, which is the function the CUDA kernel computes.
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

    private static double[][] reference(double[] f, double[][] rois, int bins, int ratio, double scale, boolean aligned,
                                        double[] upstream) {
        return RoiAlignReference.forwardAndBackward(f, N, C, T, rois, new RoiAlignSpec(bins, ratio, scale, aligned), upstream);
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
    void tensorOpsAndTheKernelsCpuTwinComputeTheSameFunction() {
        RoiAlignSpec spec = new RoiAlignSpec(8, 2, 1.0, true);
        float[] f = new float[N * C * T];
        double[] source = features(12);
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) source[i];
        }
        float[] rois = new float[ROIS.length * 3];
        double[] flatRois = flat(ROIS);
        for (int i = 0; i < rois.length; i++) {
            rois[i] = (float) flatRois[i];
        }
        float[] upstream = new float[ROIS.length * C * spec.bins()];
        for (int i = 0; i < upstream.length; i++) {
            upstream[i] = (float) Math.sin(i);
        }
        Tensor features = Tensor.create(f, N, C, T).set_requires_grad(true);
        Tensor out = new RoiAlign1d(8, 2, 1.0, true).apply(features, Tensor.create(rois, ROIS.length, 3));
        out.mul(Tensor.create(upstream, ROIS.length, C, spec.bins())).sum().backward();
        MapLayout map = MapLayout.contiguous(N, C, T);
        RoiLayout layout = RoiLayout.contiguous(ROIS.length);
        assertArrayEquals(new RoiAlignCpu(spec).forward(f, map, rois, layout), Tensors.floats(out), 1e-5f, "forward");
        try (var noGrad = new org.bytedeco.pytorch.NoGradGuard()) {
            Tensor inference = new RoiAlign1d(8, 2, 1.0, true).apply(Tensor.create(f, N, C, T), Tensor.create(rois, ROIS.length, 3));
            assertArrayEquals(new RoiAlignCpu(spec).forward(f, map, rois, layout), Tensors.floats(inference), 0f,
                    "inference on the CPU is the twin itself");
        }
        assertArrayEquals(new RoiAlignCpu(spec).backward(upstream, map, rois, layout), Tensors.floats(features.grad()), 1e-5f,
                "backward");
    }

    @Test
    void badShapesNameTheOpAndTheShapes() {
        var e = assertThrows(IllegalArgumentException.class, () -> new RoiAlign1d(4, 2, 1, true)
                .apply(Tensor.create(new float[6], 2, 3), Tensor.create(new float[3], 1, 3)));
        assertEquals("roi_align_1d: features must be [N, C, T] and rois [R, 3], got [2, 3] and [1, 3]", e.getMessage());
    }
}
