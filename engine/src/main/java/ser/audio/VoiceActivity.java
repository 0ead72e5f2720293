package ser.audio;

import java.util.Arrays;
import java.util.BitSet;
import java.util.Locale;
import java.util.Optional;

/**
 * Trimming of leading and trailing silence by energy, with hysteresis; steady tones read as below every level.
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
 * <p>A steady tone is not speech, however loud: where the spectrum holds still ({@link SteadySpectrum}:
 * similarity at least {@value #STEADY_SIMILARITY} over 100 ms) for {@value #MIN_TONE_MS} ms or more, in
 * frames within {@value #TONE_BELOW_PEAK_DB} dB of the loudest, those frames are below every level: the
 * peak is that of the other frames, and so is the floor unless the tones' frames put it lower (hum alone
 * between words is the background). Test tones, ring-back and mains hum then neither open a span nor let
 * a window vote, and speech beside a louder tone is trimmed as it would be alone; a file of nothing else
 * holds no speech, and one whose only contrast was a tone is kept whole from the first frame after it to
 * the last before. Of the 8,083 clips of the five corpora in {@code ../shared/data}, the
 * stillest holds for 0.625 s (a sustained vowel) and five hold for more than 0.5 s (VoiceActivityTest reads
 * them all); a tone shorter than the threshold (a DTMF digit, a beep) is still taken for sound.
 *
 * <p>Feed samples with {@link #accept}; only one energy value per hop and one spectral similarity per
 * 50 ms are kept, so a multi-hour file costs about 1.7 MB per hour.
 */
public final class VoiceActivity implements SampleSink {
    private static final double MIN_CONTRAST_DB = 6;
    private static final double DIGITAL_SILENCE_DB = -100;
    static final double STEADY_SIMILARITY = 0.98;
    static final int MIN_TONE_MS = 1500;
    static final int TONE_BELOW_PEAK_DB = 30;
    /** What speech sees of a tone's frames: lower than any level, digital silence included. */
    private static final float TONE_DB = -200;

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
    private final SteadySpectrum steady = new SteadySpectrum();
    private final BitSet tones = new BitSet();
    private boolean tonesFound;
    private long toneSamples;

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
        steady.accept(samples, count);
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
        Optional<SpeechSpan> span = speechSpan();
        if (span.isEmpty() && toneSamples > 0) {
            throw new AudioDecodeException(source, String.format(Locale.ROOT,
                    "no speech: a steady tone for %.1f s and otherwise silence", steadyToneSeconds()),
                    AudioDecodeException.Problem.NO_SPEECH);
        }
        return span.orElseThrow(() -> new AudioDecodeException(source, "no speech: the file is silent",
                AudioDecodeException.Problem.NO_SPEECH));
    }

    /** Empty when the signal is silent (or only tones) or shorter than one frame; call it once everything is fed. */
    public Optional<SpeechSpan> speechSpan() {
        if (frames == 0) {
            return Optional.empty();
        }
        findSteadyTones();
        float[] sorted = new float[frames - tones.cardinality()];
        for (int i = tones.nextClearBit(0), n = 0; i < frames; i = tones.nextClearBit(i + 1)) {
            sorted[n++] = energiesDb[i];
        }
        if (sorted.length == 0) {
            return Optional.empty();
        }
        Arrays.sort(sorted);
        double peak = sorted[sorted.length - 1];
        double floor = noiseFloor(sorted);
        if (sorted.length < frames) { // a tone quieter than the rest (hum between words) is the background
            float[] all = Arrays.copyOf(energiesDb, frames);
            Arrays.sort(all);
            floor = Math.min(floor, noiseFloor(all));
        }
        if (peak < config.silenceDbfs()) {
            return Optional.empty();
        }
        if (peak - floor < MIN_CONTRAST_DB) {
            return Optional.of(keptWhole());
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
        while (first > 0 && speechDb(first - 1) >= release) {
            first--;
        }
        while (last < frames - 1 && speechDb(last + 1) >= release) {
            last++;
        }
        long pad = Math.round(config.paddingMs() * AudioDecoder.SAMPLE_RATE / 1000);
        long start = Math.max(0, (long) first * hop - pad);
        long end = Math.min(samplesSeen, (long) last * hop + frame + pad);
        return Optional.of(new SpeechSpan(start, end));
    }

    /** Nothing to trim: the whole signal but for the tones at its ends, and every frame but a tone's voiced. */
    private SpeechSpan keptWhole() {
        if (tones.isEmpty()) {
            releaseDb = Double.NEGATIVE_INFINITY;
            return new SpeechSpan(0, samplesSeen);
        }
        releaseDb = Math.nextUp(TONE_DB);
        int first = 0;
        while (tones.get(first)) {
            first++;
        }
        int last = frames - 1;
        while (tones.get(last)) {
            last--;
        }
        return new SpeechSpan((long) first * hop, last == frames - 1 ? samplesSeen : (long) last * hop + frame);
    }

    /** A frame's energy as speech sees it: a tone's is {@link #TONE_DB}, under every level. */
    private float speechDb(int frameIndex) {
        return tones.get(frameIndex) ? TONE_DB : energiesDb[frameIndex];
    }

    /** Once, when everything has been fed: the frames of each steady stretch long and loud enough to be a tone. */
    private void findSteadyTones() {
        if (tonesFound) {
            return;
        }
        tonesFound = true;
        double loud = max(energiesDb, frames) - TONE_BELOW_PEAK_DB;
        int lag = SteadySpectrum.LAG;
        int runStart = -1;
        for (int k = lag; k <= steady.steps(); k++) {
            boolean still = k < steady.steps() && steady.similarity(k) >= STEADY_SIMILARITY
                    && energyAt(k - lag) >= loud && energyAt(k) >= loud;
            if (still && runStart < 0) {
                runStart = k;
            } else if (!still && runStart >= 0) {
                markTone((long) (runStart - lag) * SteadySpectrum.STEP, (long) (k - 1) * SteadySpectrum.STEP + SteadySpectrum.FRAME);
                runStart = -1;
            }
        }
    }

    /** The energy of the detector's frame that starts nearest analysis frame {@code step}. */
    private float energyAt(int step) {
        return energiesDb[(int) Math.min(frames - 1, Math.round((double) step * SteadySpectrum.STEP / hop))];
    }

    private void markTone(long from, long to) {
        if ((to - from) * 1000 < (long) MIN_TONE_MS * AudioDecoder.SAMPLE_RATE) {
            return;
        }
        // the tone may go on for up to a step past the analysis frames that saw it: those frames go too
        long first = Math.max(0, Math.floorDiv(from - SteadySpectrum.STEP - frame / 2 + hop - 1, hop));
        long end = Math.min(frames, Math.floorDiv(to + SteadySpectrum.STEP - frame / 2 - 1, hop) + 1);
        if (end > first) {
            tones.set((int) first, (int) end);
            toneSamples += to - from;
        }
    }

    private static float max(float[] values, int count) {
        float m = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < count; i++) {
            m = Math.max(m, values[i]);
        }
        return m;
    }

    /** Seconds of the signal found to be a steady tone and counted as silence; valid after {@link #speechSpan()}. */
    double steadyToneSeconds() {
        return toneSamples / (double) AudioDecoder.SAMPLE_RATE;
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
            voiced += speechDb(i) >= releaseDb ? 1 : 0;
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
            length = speechDb(i) >= level ? length + 1 : 0;
            if (length == run) {
                return i - step * (run - 1);
            }
        }
        return -1;
    }
}
