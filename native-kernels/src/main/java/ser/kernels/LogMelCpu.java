package ser.kernels;

import java.util.Arrays;
import org.jtransforms.fft.FloatFFT_1D;

/**
 * The CPU log-Mel, twin of the {@code ser_logmel_*} kernels: Hamming-windowed frames → FFT → power →
 * Mel filters → log(x + eps) → optional normalization. The FFT runs in float, as the kernel's does (a
 * double FFT cost about 15 % more, and the float one still meets the golden tests' 1e-4 against
 * torchaudio); the Mel sums and the moments accumulate in double. One instance per thread: it owns
 * the FFT and its scratch.
 */
public final class LogMelCpu implements LogMelOp {
    private static final String OP = "log-Mel";
    private final MelSpec spec;
    private final FloatFFT_1D fft;
    private final float[] window;
    private final float[] frame;
    private final float[] power;

    public LogMelCpu(MelSpec spec) {
        this.spec = spec;
        this.fft = new FloatFFT_1D(spec.nFft());
        this.window = spec.windowFloats();
        this.frame = new float[spec.nFft()];
        this.power = new float[spec.nFft() / 2 + 1];
    }

    @Override
    public MelSpec spec() {
        return spec;
    }

    /** A batch of utterances {@code samples[offsets[b] … offsets[b] + lengths[b])}, normalized, in a new array. */
    public LogMelBatch compute(float[] samples, long[] offsets, int[] lengths) {
        LogMelPlan plan = plan(lengths);
        float[] values = new float[Math.toIntExact(plan.outputLength())];
        run(plan, Floats.host(samples), offsets, Floats.host(values));
        return new LogMelBatch(plan.maxFrames(), plan.nMels(), plan.frames(), values);
    }

    @Override
    public void run(LogMelPlan plan, Floats samplesIn, long[] offsets, Floats outTo) {
        float[] samples = Floats.hostArray(samplesIn, OP, "the samples");
        float[] values = Floats.hostArray(outTo, OP, "the output");
        int[] lengths = plan.lengths();
        if (offsets.length != lengths.length) {
            throw new IllegalArgumentException(OP + ": " + offsets.length + " offsets for " + lengths.length + " lengths");
        }
        if (values.length < plan.outputLength()) {
            throw new IllegalArgumentException(OP + ": an output of " + values.length + " floats for " + plan.outputLength());
        }
        int maxFrames = plan.maxFrames();
        int nMels = spec.nMels();
        for (int b = 0; b < lengths.length; b++) {
            if (offsets[b] < 0 || offsets[b] + lengths[b] > samples.length) {
                throw new IllegalArgumentException(OP + ": utterance " + b + " [" + offsets[b] + ", +" + lengths[b]
                        + ") outside " + samples.length + " samples");
            }
            int base = b * maxFrames * nMels;
            int frames = plan.frames()[b];
            logMelInto(samples, (int) offsets[b], frames, values, base);
            normalize(values, base, frames, nMels, spec.normalization());
            Arrays.fill(values, base + frames * nMels, base + maxFrames * nMels, 0f);
        }
    }

    /** log(Mel power + eps) of the {@code frames} frames starting at {@code offset}, before normalization. */
    public float[] logMel(float[] samples, int offset, int frames) {
        float[] out = new float[frames * spec.nMels()];
        logMelInto(samples, offset, frames, out, 0);
        return out;
    }

    private void logMelInto(float[] samples, int offset, int frames, float[] out, int outOffset) {
        int nMels = spec.nMels();
        int nFft = spec.nFft();
        for (int t = 0; t < frames; t++) {
            int start = offset + t * spec.hopLength();
            for (int i = 0; i < window.length; i++) {
                frame[i] = samples[start + i] * window[i];
            }
            Arrays.fill(frame, window.length, nFft, 0f);
            fft.realForward(frame);
            powerSpectrum(frame, power, nFft);
            projectAndLog(out, outOffset + t * nMels);
        }
    }

    /** Unpacks JTransforms' real-FFT layout: a[0]=Re0, a[1]=Re(n/2), a[2k]=Re k, a[2k+1]=Im k. */
    private static void powerSpectrum(float[] a, float[] power, int n) {
        power[0] = a[0] * a[0];
        power[n / 2] = a[1] * a[1];
        for (int k = 1; k < n / 2; k++) {
            power[k] = a[2 * k] * a[2 * k] + a[2 * k + 1] * a[2 * k + 1];
        }
    }

    private void projectAndLog(float[] out, int outOffset) {
        float[][] weights = spec.melWeights();
        for (int m = 0; m < weights.length; m++) {
            float[] w = weights[m];
            int k0 = spec.melFirst()[m];
            double sum = 0;
            for (int j = 0; j < w.length; j++) {
                sum += w[j] * power[k0 + j];
            }
            out[outOffset + m] = (float) Math.log((float) sum + spec.logEps());
        }
    }

    /** Normalizes the {@code frames × bins} matrix at {@code offset} in place. */
    public static void normalize(float[] data, int offset, int frames, int bins, Normalization mode) {
        if (frames == 0) {
            return;
        }
        switch (mode) {
            case NONE -> { }
            case UTTERANCE -> standardize(data, offset, 1, frames * bins);
            case PER_BIN -> {
                for (int b = 0; b < bins; b++) {
                    standardize(data, offset + b, bins, frames);
                }
            }
        }
    }

    /** Standardizes the {@code count} values at {@code offset, offset+stride, …}; the deviation is floored at 1e-5. */
    private static void standardize(float[] data, int offset, int stride, int count) {
        Moments moments = Moments.of(data, offset, stride, count);
        double mean = moments.mean();
        double scale = 1.0 / Math.max(moments.std(), 1e-5);
        for (int i = 0; i < count; i++) {
            int j = offset + i * stride;
            data[j] = (float) ((data[j] - mean) * scale);
        }
    }
}
