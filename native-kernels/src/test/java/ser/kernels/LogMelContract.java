package ser.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What every batched log-Mel must do, judged against {@link LogMelReference}. Tolerance, per utterance:
 * ‖out − ref‖ ≤ 1e-4 ‖ref‖ + 1e-5 √n (float32 output and a float32 FFT on the device, against a
 * double-precision DFT); frame counts exact; padding rows exactly zero.
 */
abstract class LogMelContract {
    static final double RELATIVE = 1e-4;
    static final double ABSOLUTE_PER_VALUE = 1e-5;

    /** The implementation under test. */
    abstract LogMelOp op(MelSpec spec);

    /** Where its buffers live. */
    abstract Memory memory();

    /** Plans the batch and runs the op on it, as the engine does. */
    final LogMelBatch run(MelSpec spec, float[] samples, long[] offsets, int[] lengths) {
        LogMelOp op = op(spec);
        LogMelPlan plan = op.plan(lengths);
        try (Memory memory = memory()) {
            Floats out = memory.out(plan.outputLength());
            op.run(plan, memory.in(samples), offsets, out);
            return new LogMelBatch(plan.maxFrames(), plan.nMels(), plan.frames(), memory.read(out));
        }
    }

    /** Unit-variance noise with a tone, never zero: zeros hide unwritten outputs. */
    static float[] speechLike(int length, long seed) {
        Random random = new Random(seed);
        float[] x = new float[length];
        double hz = 150 + random.nextInt(300);
        for (int i = 0; i < length; i++) {
            x[i] = (float) (0.6 * random.nextGaussian() + Math.sin(2 * Math.PI * hz * i / 16000.0) * (1 + i % 4000 / 4000.0));
        }
        return x;
    }

    /** Utterances packed back to back. */
    static long[] packed(int[] lengths) {
        long[] offsets = new long[lengths.length];
        for (int b = 1; b < lengths.length; b++) {
            offsets[b] = offsets[b - 1] + lengths[b - 1];
        }
        return offsets;
    }

    static void assertMatchesReference(MelSpec spec, float[] samples, long[] offsets, int[] lengths, LogMelBatch batch) {
        assertEquals(lengths.length, batch.batch());
        assertArrayEquals(spec.frameCounts(lengths), batch.frames(), "frame counts");
        assertEquals(LogMelBatch.maxFrames(batch.frames()), batch.maxFrames());
        int nMels = spec.nMels();
        assertEquals(lengths.length * batch.maxFrames() * nMels, batch.values().length);
        for (int b = 0; b < lengths.length; b++) {
            double[] expected = LogMelReference.logMel(spec, samples, offsets[b], lengths[b]);
            int base = b * batch.maxFrames() * nMels;
            double error = 0;
            double norm = 0;
            for (int i = 0; i < expected.length; i++) {
                double got = batch.values()[base + i];
                assertTrue(Double.isFinite(got), "utterance " + b + " value " + i + " is " + got);
                error += (got - expected[i]) * (got - expected[i]);
                norm += expected[i] * expected[i];
            }
            double bound = RELATIVE * Math.sqrt(norm) + ABSOLUTE_PER_VALUE * Math.sqrt(expected.length);
            assertTrue(Math.sqrt(error) <= bound, String.format("utterance %d (%d samples): error %.3g > bound %.3g",
                    b, lengths[b], Math.sqrt(error), bound));
            for (int i = expected.length; i < batch.maxFrames() * nMels; i++) {
                assertEquals(0f, batch.values()[base + i], "padding of utterance " + b + " at " + i);
            }
        }
    }

    private void check(MelSpec spec, int[] lengths, long seed) {
        long[] offsets = packed(lengths);
        int total = (int) (lengths.length == 0 ? 0 : offsets[lengths.length - 1] + lengths[lengths.length - 1]);
        float[] samples = speechLike(total, seed);
        assertMatchesReference(spec, samples, offsets, lengths, run(spec, samples, offsets, lengths));
    }

    @ParameterizedTest
    @EnumSource(Normalization.class)
    void raggedBatchMatchesTheReference(Normalization normalization) {
        check(LogMelReference.spec(400, 160, 512, 64, normalization), new int[] {48_000, 16_000, 400, 401, 560, 12_345}, 1);
    }

    @Test
    void anotherGeometryMatchesTheReference() {
        check(LogMelReference.spec(200, 80, 256, 40, Normalization.UTTERANCE), new int[] {7_999, 200, 3_210}, 2);
    }

    @Test
    void oneInstanceRunsBatchAfterBatchOnItsOwnScratch() {
        MelSpec spec = LogMelReference.spec(400, 160, 512, 64, Normalization.PER_BIN);
        LogMelOp op = op(spec);
        for (int[] lengths : new int[][] {{16_000, 800}, {401, 9_000, 12_000}, {3_000}}) {
            long[] offsets = packed(lengths);
            float[] samples = speechLike((int) (offsets[lengths.length - 1] + lengths[lengths.length - 1]), lengths.length);
            LogMelPlan plan = op.plan(lengths);
            try (Memory memory = memory()) {
                Floats out = memory.out(plan.outputLength());
                op.run(plan, memory.in(samples), offsets, out);
                assertMatchesReference(spec, samples, offsets, lengths,
                        new LogMelBatch(plan.maxFrames(), plan.nMels(), plan.frames(), memory.read(out)));
            }
        }
    }

    @Test
    void emptyBatchGivesNoFrames() {
        LogMelBatch batch = run(LogMelReference.spec(400, 160, 512, 64, Normalization.UTTERANCE), new float[0], new long[0],
                new int[0]);
        assertEquals(0, batch.batch());
        assertEquals(0, batch.values().length);
    }

    @Test
    void clipsShorterThanOneWindowHaveNoFramesAndZeroRows() {
        MelSpec spec = LogMelReference.spec(400, 160, 512, 64, Normalization.UTTERANCE);
        int[] lengths = {1, 4_000, 399, 0, 400};
        check(spec, lengths, 3);
        long[] offsets = packed(lengths);
        float[] samples = speechLike(4_800, 3);
        LogMelBatch batch = run(spec, samples, offsets, lengths);
        assertArrayEquals(new int[] {0, 23, 0, 0, 1}, batch.frames());
    }

    @Test
    void onlySubWindowClipsGiveAnEmptyPaddedBatch() {
        MelSpec spec = LogMelReference.spec(400, 160, 512, 64, Normalization.UTTERANCE);
        LogMelBatch batch = run(spec, speechLike(500, 4), new long[] {0, 100}, new int[] {100, 399});
        assertArrayEquals(new int[] {0, 0}, batch.frames());
        assertEquals(0, batch.maxFrames());
    }

    @Test
    void moreUtterancesThanOneKernelLaunchTakes() {
        int[] lengths = new int[1_100];
        for (int b = 0; b < lengths.length; b++) {
            lengths[b] = 400 + (b * 37) % 700;
        }
        check(LogMelReference.spec(400, 160, 512, 64, Normalization.UTTERANCE), lengths, 6);
    }

    @Test
    void utterancesAnywhereInTheBufferInAnyOrder() {
        MelSpec spec = LogMelReference.spec(400, 160, 512, 64, Normalization.PER_BIN);
        float[] samples = speechLike(60_000, 5);
        long[] offsets = {41_000, 123, 20_000, 20_500};
        int[] lengths = {16_000, 9_000, 8_000, 1_000};
        assertMatchesReference(spec, samples, offsets, lengths, run(spec, samples, offsets, lengths));
    }
}
