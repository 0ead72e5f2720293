package ser.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What every RoI Align over time must do, forward and backward, judged against {@link RoiAlignReference}
 * in double precision. Tolerance: ‖out − ref‖ ≤ 1e-5 ‖ref‖ + 1e-6 √n and every value within
 * 1e-4 (1 + |ref|) (float32 arithmetic; the backward pass also sums in a run-dependent order on the GPU).
 */
abstract class RoiAlignContract {
    static final double RELATIVE = 1e-5;

    /** The implementation under test. */
    abstract RoiAlignOp op(RoiAlignSpec spec);

    /** Where its buffers live. */
    abstract Memory memory();

    final float[] forward(float[] features, MapLayout map, float[] rois, RoiLayout layout, RoiAlignSpec spec) {
        try (Memory memory = memory()) {
            Floats out = memory.out(RoiAlignOp.outputLength(map, layout, spec));
            op(spec).forward(memory.in(features), map, memory.in(rois), layout, out);
            return memory.read(out);
        }
    }

    /** Gradient of a contiguous map of {@code map}'s sizes from the contiguous gradient of the output. */
    final float[] backward(float[] gradOut, MapLayout map, float[] rois, RoiLayout layout, RoiAlignSpec spec) {
        try (Memory memory = memory()) {
            Floats grad = memory.out((long) map.batch() * map.channels() * map.length());
            op(spec).backward(memory.in(gradOut), map, memory.in(rois), layout, grad);
            return memory.read(grad);
        }
    }

    /** (batch, x1, x2): inside, across the start, across the end, wider than the map, zero width, outside, tiny. */
    static final double[][] EDGE_ROIS = {
            {0, 2.0, 7.5}, {1, -3.0, 4.2}, {0, 6.3, 14.0}, {1, -2.0, 20.0}, {0, 5.0, 5.0}, {1, 12.5, 30.0},
            {0, -9.0, -4.0}, {1, 0.2, 0.9}, {2, 10.9, 11.0}};

    static double[] gaussian(int n, long seed) {
        Random random = new Random(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = random.nextGaussian();
        }
        return x;
    }

    static double[][] randomRois(int count, int batch, int length, long seed) {
        Random random = new Random(seed);
        double[][] rois = new double[count][];
        for (int r = 0; r < count; r++) {
            double start = random.nextDouble() * (length + 8) - 4;
            rois[r] = new double[] {random.nextInt(batch), start, start + random.nextDouble() * length * 0.6};
        }
        return rois;
    }

    static float[] floats(double[] x) {
        float[] f = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            f[i] = (float) x[i];
        }
        return f;
    }

    static double[] doubles(float[] x) {
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            d[i] = x[i];
        }
        return d;
    }

    static float[] flatRois(double[][] rois) {
        float[] flat = new float[rois.length * 3];
        for (int r = 0; r < rois.length; r++) {
            for (int j = 0; j < 3; j++) {
                flat[r * 3 + j] = (float) rois[r][j];
            }
        }
        return flat;
    }

    /** The float32 inputs read back in double, so the reference sees exactly what the kernel sees. */
    static double[][] asFloat32(double[][] rois) {
        double[][] out = new double[rois.length][];
        for (int r = 0; r < rois.length; r++) {
            out[r] = new double[] {(float) rois[r][0], (float) rois[r][1], (float) rois[r][2]};
        }
        return out;
    }

    static void assertClose(double[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        double error = 0;
        double norm = 0;
        for (int i = 0; i < expected.length; i++) {
            assertTrue(Double.isFinite(actual[i]), what + "[" + i + "] is " + actual[i]);
            double d = actual[i] - expected[i];
            assertTrue(Math.abs(d) <= 1e-4 * (1 + Math.abs(expected[i])),
                    what + "[" + i + "]: " + actual[i] + " vs " + expected[i]);
            error += d * d;
            norm += expected[i] * expected[i];
        }
        double bound = RELATIVE * Math.sqrt(norm) + 1e-6 * Math.sqrt(expected.length);
        assertTrue(Math.sqrt(error) <= bound, what + ": error " + Math.sqrt(error) + " > " + bound);
    }

    private void check(int batch, int channels, int length, double[][] rois, RoiAlignSpec spec, long seed) {
        double[] features = doubles(floats(gaussian(batch * channels * length, seed)));
        double[][] exactRois = asFloat32(rois);
        double[] upstream = doubles(floats(gaussian(rois.length * channels * spec.bins(), seed + 1)));
        double[][] expected = RoiAlignReference.forwardAndBackward(features, batch, channels, length, exactRois, spec, upstream);
        MapLayout map = MapLayout.contiguous(batch, channels, length);
        RoiLayout layout = RoiLayout.contiguous(rois.length);
        assertClose(expected[0], forward(floats(features), map, flatRois(rois), layout, spec), "forward " + spec);
        assertClose(expected[1], backward(floats(upstream), map, flatRois(rois), layout, spec), "backward " + spec);
    }

    @ParameterizedTest
    @CsvSource({"4, 2, 1.0, true", "7, 3, 0.5, true", "4, 2, 1.0, false", "5, 1, 0.25, false", "1, 4, 2.0, true"})
    void edgeRegionsMatchTheReference(int bins, int ratio, double scale, boolean aligned) {
        check(3, 5, 11, EDGE_ROIS, new RoiAlignSpec(bins, ratio, scale, aligned), bins * 31L + ratio);
    }

    @Test
    void theModelsShapesMatchTheReference() {
        check(8, 64, 75, randomRois(72, 8, 75, 7), new RoiAlignSpec(8, 2, 1.0, true), 8);
    }

    @Test
    void noRegionsGiveNoOutputAndAZeroGradient() {
        RoiAlignSpec spec = new RoiAlignSpec(4, 2, 1.0, true);
        MapLayout map = MapLayout.contiguous(2, 3, 10);
        float[] features = floats(gaussian(60, 9));
        assertEquals(0, forward(features, map, new float[0], RoiLayout.contiguous(0), spec).length);
        assertArrayEquals(new float[60], backward(new float[0], map, new float[0], RoiLayout.contiguous(0), spec));
    }

    @Test
    void aBatchIndexOutsideTheMapPoolsZeros() {
        RoiAlignSpec spec = new RoiAlignSpec(3, 2, 1.0, true);
        float[] out = forward(floats(gaussian(2 * 2 * 8, 10)), MapLayout.contiguous(2, 2, 8),
                new float[] {5, 1, 4, -1, 1, 4}, RoiLayout.contiguous(2), spec);
        assertArrayEquals(new float[12], out);
    }

    @Test
    void stridedFeaturesAndRegionsNeedNoCopy() {
        int batch = 2;
        int channels = 4;
        int length = 13;
        double[] contiguous = doubles(floats(gaussian(batch * channels * length, 11)));
        // Stored time-major ([N][T][C]) and viewed as [N][C][T]; regions stored column by column.
        float[] timeMajor = new float[contiguous.length];
        for (int n = 0; n < batch; n++) {
            for (int c = 0; c < channels; c++) {
                for (int t = 0; t < length; t++) {
                    timeMajor[(n * length + t) * channels + c] = (float) contiguous[(n * channels + c) * length + t];
                }
            }
        }
        MapLayout view = new MapLayout(batch, channels, length, (long) length * channels, 1, channels);
        double[][] rois = asFloat32(randomRois(6, batch, length, 12));
        float[] columns = new float[rois.length * 3];
        for (int r = 0; r < rois.length; r++) {
            for (int j = 0; j < 3; j++) {
                columns[j * rois.length + r] = (float) rois[r][j];
            }
        }
        RoiAlignSpec spec = new RoiAlignSpec(5, 2, 1.0, true);
        double[] expected = RoiAlignReference.forwardAndBackward(contiguous, batch, channels, length, rois, spec,
                new double[rois.length * channels * 5])[0];
        assertClose(expected, forward(timeMajor, view, columns, new RoiLayout(rois.length, 1, rois.length), spec),
                "strided forward");
    }
}
