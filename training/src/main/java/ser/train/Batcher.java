package ser.train;

import java.util.List;
import java.util.Random;
import ser.features.FeatureMatrix;
import ser.features.LogMel;
import ser.features.LogMelConfig;

/**
 * Turns examples into batches: for training, speed perturbation, noise and channel effects on the waveform, log-Mel,
 * a random crop of the fixed length and SpecAugment masks, then mixup across the batch; for evaluation,
 * the centred crop and nothing else. Each clip draws from its own generator seeded by (batch seed,
 * position), and mixup from one seeded by the batch seed, so a batch is the same whichever thread builds it.
 */
public final class Batcher {
    private final LogMelConfig logMel;
    private final Augmentation augmentation;
    private final ThreadLocal<LogMel> features;

    public Batcher(LogMelConfig logMel, Augmentation augmentation) {
        this.logMel = logMel;
        this.augmentation = augmentation;
        this.features = ThreadLocal.withInitial(() -> new LogMel(logMel));
    }

    public Batch training(List<Example> examples, long seed) {
        return build(examples, seed, true);
    }

    public Batch evaluation(List<Example> examples) {
        return build(examples, 0, false);
    }

    /** Inputs and targets of the denoising autoencoder: the same crop, noisy and masked, and clean. */
    public record DenoisingBatch(Batch noisy, float[] clean) {
    }

    public DenoisingBatch denoising(List<Example> examples, long seed, double minSnrDb, double maxSnrDb) {
        int n = examples.size();
        int frames = logMel.fixedFrames();
        int mels = logMel.nMels();
        float[] noisy = new float[n * frames * mels];
        float[] clean = new float[n * frames * mels];
        int[] valid = new int[n];
        java.util.stream.IntStream.range(0, n).parallel().forEach(i -> {
            Random random = new Random(seed * 1_000_003L + i);
            float[] speech = pad(examples.get(i).speech());
            FeatureMatrix target = features.get().compute(speech);
            FeatureMatrix corrupted = features.get().compute(withNoise(speech, minSnrDb + random.nextDouble() * (maxSnrDb - minSnrDb), random));
            int offset = target.frames() > frames ? random.nextInt(target.frames() - frames + 1) : 0;
            valid[i] = Math.min(frames, target.frames() - offset);
            FeatureMatrix input = LogMel.cropOrPad(corrupted, frames, offset);
            specAugment(input.data(), valid[i], mels, random);
            System.arraycopy(input.data(), 0, noisy, i * frames * mels, frames * mels);
            System.arraycopy(LogMel.cropOrPad(target, frames, offset).data(), 0, clean, i * frames * mels, frames * mels);
        });
        return new DenoisingBatch(new Batch(noisy, frames, mels, valid, new long[n]), clean);
    }

    private Batch build(List<Example> examples, long seed, boolean augment) {
        int n = examples.size();
        int frames = logMel.fixedFrames();
        int mels = logMel.nMels();
        float[] data = new float[n * frames * mels];
        int[] valid = new int[n];
        long[] labels = new long[n];
        java.util.stream.IntStream.range(0, n).parallel().forEach(i -> {
            Random random = new Random(seed * 1_000_003L + i);
            Example example = examples.get(i);
            FeatureMatrix m = features.get().compute(augment ? perturb(example.speech(), random) : pad(example.speech()));
            int offset = augment
                    ? (m.frames() > frames ? random.nextInt(m.frames() - frames + 1) : 0)
                    : LogMel.centreOffset(m, frames);
            FeatureMatrix view = LogMel.cropOrPad(m, frames, offset);
            valid[i] = Math.min(frames, m.frames() - offset);
            if (augment) {
                specAugment(view.data(), valid[i], mels, random);
            }
            System.arraycopy(view.data(), 0, data, i * frames * mels, frames * mels);
            labels[i] = example.label();
        });
        Batch batch = new Batch(data, frames, mels, valid, labels);
        return augment && augmentation.mixupAlpha() > 0 && n > 1 ? mix(batch, augmentation.mixupAlpha(), seed) : batch;
    }

    /**
     * Mixup: clip i becomes λᵢ·xᵢ + (1 − λᵢ)·x_π(i) for a random permutation π, λᵢ ~ Beta(α, α) folded onto
     * [0.5, 1] so that each clip keeps its own label as the larger share (the region terms of the loss follow
     * that label); a mixture holds speech wherever either clip does.
     */
    static Batch mix(Batch batch, double alpha, long seed) {
        int n = batch.size();
        int size = batch.frames() * batch.mels();
        var random = new org.apache.commons.math3.random.Well19937c(seed);
        var beta = new org.apache.commons.math3.distribution.BetaDistribution(random, alpha, alpha);
        int[] partner = org.apache.commons.math3.util.MathArrays.natural(n);
        org.apache.commons.math3.util.MathArrays.shuffle(partner, random);
        float[] data = new float[batch.data().length];
        int[] valid = new int[n];
        long[] partnerLabels = new long[n];
        float[] own = new float[n];
        for (int i = 0; i < n; i++) {
            double draw = beta.sample();
            float lambda = (float) Math.max(draw, 1 - draw);
            int p = partner[i];
            for (int k = 0; k < size; k++) {
                data[i * size + k] = lambda * batch.data()[i * size + k] + (1 - lambda) * batch.data()[p * size + k];
            }
            valid[i] = Math.max(batch.validFrames()[i], batch.validFrames()[p]);
            partnerLabels[i] = batch.labels()[p];
            own[i] = lambda;
        }
        return new Batch(data, batch.frames(), batch.mels(), valid, batch.labels(), new Batch.Mixed(partner, partnerLabels, own));
    }

    /** Clips shorter than one analysis window are zero-padded to it, so every clip has a frame. */
    private float[] pad(float[] speech) {
        return speech.length >= logMel.winLength() ? speech : java.util.Arrays.copyOf(speech, logMel.winLength());
    }

    private float[] perturb(float[] speech, Random random) {
        List<Double> speeds = augmentation.speedFactors();
        float[] x = resample(speech, speeds.get(random.nextInt(speeds.size())));
        if (random.nextDouble() < augmentation.noiseProbability()) {
            double snr = augmentation.minSnrDb() + random.nextDouble() * (augmentation.maxSnrDb() - augmentation.minSnrDb());
            x = withNoise(x, snr, random);
        }
        if (augmentation.channelProbability() > 0 && random.nextDouble() < augmentation.channelProbability()) {
            x = ChannelEffects.any(x, logMel.sampleRate(), random);
        }
        return pad(x);
    }

    /** A copy of {@code x} with white noise at {@code snrDb} below its power. */
    private static float[] withNoise(float[] x, double snrDb, Random random) {
        double power = 0;
        for (float v : x) {
            power += v * v;
        }
        double noise = Math.sqrt(power / Math.max(1, x.length) / Math.pow(10, snrDb / 10));
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = (float) (x[i] + noise * random.nextGaussian());
        }
        return y;
    }

    /** Plays {@code x} {@code factor} times faster by linear interpolation (pitch moves with it, as in Kaldi's speed perturbation). */
    static float[] resample(float[] x, double factor) {
        if (factor == 1.0) {
            return x.clone();
        }
        int n = (int) Math.floor((x.length - 1) / factor) + 1;
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            double p = i * factor;
            int lo = (int) p;
            int hi = Math.min(lo + 1, x.length - 1);
            double w = p - lo;
            y[i] = (float) ((1 - w) * x[lo] + w * x[hi]);
        }
        return y;
    }

    private void specAugment(float[] m, int validFrames, int mels, Random random) {
        for (int k = 0; k < augmentation.timeMasks() && validFrames > 1; k++) {
            int width = random.nextInt(Math.min(augmentation.maxTimeMask(), validFrames / 4) + 1);
            int start = random.nextInt(Math.max(1, validFrames - width));
            java.util.Arrays.fill(m, start * mels, (start + width) * mels, 0f);
        }
        for (int k = 0; k < augmentation.freqMasks(); k++) {
            int width = random.nextInt(augmentation.maxFreqMask() + 1);
            int start = random.nextInt(Math.max(1, mels - width));
            for (int t = 0; t < validFrames; t++) {
                java.util.Arrays.fill(m, t * mels + start, t * mels + start + width, 0f);
            }
        }
    }
}
