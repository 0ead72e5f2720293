package ser.audio;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Energy-based trimming of leading and trailing silence, with hysteresis.
 *
 * <p>The rule: frame energies in dB are measured over the whole file. The noise floor is their
 * 10th percentile (ignoring digitally silent frames) and the peak their maximum. Speech starts at
 * the first run of at least {@code minSpeechMs} of frames that reach the onset level:
 * {@code onsetFraction} of the way from floor to peak, but never more than {@code onsetBelowPeakDb}
 * under the peak (so breaths and handling noise far below the voice do not count when the floor is
 * very low). The span is then extended backwards while the energy stays above the lower release
 * level (built the same way from {@code releaseFraction} and {@code releaseBelowPeakDb}), plus
 * {@code paddingMs}. The end is found the same way from the back. A file whose peak is under
 * {@code silenceDbfs} holds no speech; one whose peak is less than 6 dB above its floor has
 * nothing to trim and is kept whole.
 *
 * <p>Feed samples with {@link #accept}; only one energy value per hop is kept, so a multi-hour
 * file costs about 1.4 MB per hour.
 */
public final class VoiceActivity implements SampleSink {
    private static final double MIN_CONTRAST_DB = 6;
    private static final double DIGITAL_SILENCE_DB = -100;

    private final VadConfig config;
    private final int frame;
    private final int hop;
    /** Frames and hops are whole numbers of blocks: a sample is squared once, not once per frame it falls in. */
    private final int block;
    private final double[] recentBlocks;
    private long blocksDone;
    private double blockSum;
    private int blockFill;
    private long samplesSeen;
    private float[] energiesDb = new float[1024];
    private int frames;
    private double releaseDb = Double.NaN;

    public VoiceActivity(VadConfig config) {
        this.config = config;
        this.frame = (int) Math.round(config.frameMs() * AudioDecoder.SAMPLE_RATE / 1000);
        this.hop = (int) Math.round(config.hopMs() * AudioDecoder.SAMPLE_RATE / 1000);
        this.block = gcd(frame, hop);
        this.recentBlocks = new double[frame / block];
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    /** The speech span of a whole signal already in memory. */
    public static Optional<SpeechSpan> detect(float[] samples, VadConfig config) {
        var vad = new VoiceActivity(config);
        vad.accept(samples, samples.length);
        return vad.speechSpan();
    }

    @Override
    public void accept(float[] samples, int count) {
        int i = 0;
        while (i < count) {
            int take = Math.min(block - blockFill, count - i);
            blockSum += sumOfSquares(samples, i, take);
            blockFill += take;
            i += take;
            if (blockFill == block) {
                endBlock();
            }
        }
        samplesSeen += count;
    }

    /** Four partial sums: one running sum is a chain of dependent additions, three times slower. */
    private static double sumOfSquares(float[] x, int from, int count) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int k = from;
        int end = from + count;
        for (; k + 3 < end; k += 4) {
            s0 += x[k] * x[k];
            s1 += x[k + 1] * x[k + 1];
            s2 += x[k + 2] * x[k + 2];
            s3 += x[k + 3] * x[k + 3];
        }
        for (; k < end; k++) {
            s0 += x[k] * x[k];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** Files the finished block and, when it closes a frame (every hop once the first frame is full), that frame's energy. */
    private void endBlock() {
        recentBlocks[(int) (blocksDone % recentBlocks.length)] = blockSum;
        blocksDone++;
        blockSum = 0;
        blockFill = 0;
        long end = blocksDone * block;
        if (end < frame || (end - frame) % hop != 0) {
            return;
        }
        double sum = 0;
        for (double b : recentBlocks) {
            sum += b;
        }
        if (frames == energiesDb.length) {
            energiesDb = Arrays.copyOf(energiesDb, frames * 2);
        }
        energiesDb[frames++] = (float) (10 * Math.log10(sum / frame + 1e-12));
    }

    public long samplesSeen() {
        return samplesSeen;
    }

    /**
     * The speech span of what was fed, or why there is none: the reason a file cannot be scored or
     * trained on, named after {@code source}.
     */
    public SpeechSpan requireSpeech(String source) throws AudioDecodeException {
        double durationS = samplesSeen / (double) AudioDecoder.SAMPLE_RATE;
        if (durationS * 1000 < config.frameMs()) {
            throw new AudioDecodeException(source, String.format(Locale.ROOT,
                    "too short: %.3f s is less than one %.0f ms analysis frame", durationS, config.frameMs()),
                    AudioDecodeException.Problem.NO_SPEECH);
        }
        return speechSpan().orElseThrow(() -> new AudioDecodeException(source, "no speech: the file is silent",
                AudioDecodeException.Problem.NO_SPEECH));
    }

    /** Empty when the signal is silent or shorter than one frame. */
    public Optional<SpeechSpan> speechSpan() {
        if (frames == 0) {
            return Optional.empty();
        }
        float[] sorted = Arrays.copyOf(energiesDb, frames);
        Arrays.sort(sorted);
        double peak = sorted[frames - 1];
        double floor = noiseFloor(sorted);
        if (peak < config.silenceDbfs()) {
            return Optional.empty();
        }
        if (peak - floor < MIN_CONTRAST_DB) {
            releaseDb = Double.NEGATIVE_INFINITY;
            return Optional.of(new SpeechSpan(0, samplesSeen));
        }
        double onset = Math.max(floor + config.onsetFraction() * (peak - floor), peak - config.onsetBelowPeakDb());
        double release = Math.max(floor + config.releaseFraction() * (peak - floor), peak - config.releaseBelowPeakDb());
        releaseDb = release;
        int minRun = Math.max(1, (int) Math.round(config.minSpeechMs() / config.hopMs()));
        int first = firstRun(onset, minRun, 0, frames, 1);
        if (first < 0) {
            first = firstRun(onset, 1, 0, frames, 1); // only short bursts: keep the loudest region anyway
        }
        int last = firstRun(onset, minRun, frames - 1, -1, -1);
        if (last < 0) {
            last = firstRun(onset, 1, frames - 1, -1, -1);
        }
        while (first > 0 && energiesDb[first - 1] >= release) {
            first--;
        }
        while (last < frames - 1 && energiesDb[last + 1] >= release) {
            last++;
        }
        long pad = Math.round(config.paddingMs() * AudioDecoder.SAMPLE_RATE / 1000);
        long start = Math.max(0, (long) first * hop - pad);
        long end = Math.min(samplesSeen, (long) last * hop + frame + pad);
        return Optional.of(new SpeechSpan(start, end));
    }

    /**
     * The share of the analysis frames inside samples [{@code from}, {@code to}) whose energy reaches the
     * release level, the level that bounds the speech span: near 0 for a pause, near 1 for speech.
     * Valid after {@link #speechSpan()} found speech.
     */
    public double voicedShare(long from, long to) {
        if (Double.isNaN(releaseDb)) {
            throw new IllegalStateException("the speech span has not been measured yet");
        }
        int first = (int) Math.min(frames, Math.max(0, Math.floorDiv(from + hop - 1, hop)));
        int end = (int) Math.min(frames, Math.max(0, Math.floorDiv(to - frame, hop) + 1));
        if (end <= first) {
            return 1.0; // shorter than one frame: nothing to say against it
        }
        int voiced = 0;
        for (int i = first; i < end; i++) {
            voiced += energiesDb[i] >= releaseDb ? 1 : 0;
        }
        return voiced / (double) (end - first);
    }

    /**
     * The 10th percentile of frame energies, leaving out digitally silent frames: low-bit
     * encodings (8-bit, µ-law) alternate exact zeros with quantization noise, and the zeros alone
     * would put the floor far below the real background.
     */
    private static double noiseFloor(float[] sortedDb) {
        int firstAudible = 0;
        while (firstAudible < sortedDb.length && sortedDb[firstAudible] < DIGITAL_SILENCE_DB) {
            firstAudible++;
        }
        int from = firstAudible == sortedDb.length ? 0 : firstAudible;
        return sortedDb[from + (int) Math.floor(0.10 * (sortedDb.length - 1 - from))];
    }

    /** Index of the first frame, scanning from {@code from} in {@code step}, that starts a run of {@code run} loud frames. */
    private int firstRun(double level, int run, int from, int to, int step) {
        int length = 0;
        for (int i = from; i != to; i += step) {
            length = energiesDb[i] >= level ? length + 1 : 0;
            if (length == run) {
                return i - step * (run - 1);
            }
        }
        return -1;
    }
}
