package ser.audio;

import java.util.Arrays;

/**
 * Decode → trim silence → standardize → cut into windows, in bounded memory. A recording of up to
 * {@code inMemorySamples} is decoded once and held; a longer one is decoded three times as a
 * stream (speech span, then mean and variance over it, then the windows), so a multi-hour file
 * costs the voice-activity energies and spectral similarities (about 1.7 MB per hour) and one window, never the recording.
 *
 * <p>Speech no longer than one window is one window of its own length (the model centres it).
 * Longer speech is cut every {@code hop} samples; the last window may be shorter, but never shorter
 * than a hop: a tail that would be gets a full window that ends with the speech instead (only
 * possible when the hop is more than half the window).
 */
public final class SpeechWindows {
    /** Where the decoded samples come from; called once per pass. */
    @FunctionalInterface
    public interface Source {
        SourceFormat stream(SampleSink sink) throws AudioDecodeException;
    }

    /**
     * Receives each window's standardized samples (a fresh array), its first sample in the file, and the
     * share of it that is voiced (see {@link VoiceActivity#voicedShare}): a pause inside the speech span
     * is cut like speech, and the share lets it not vote.
     */
    @FunctionalInterface
    public interface Sink {
        void window(float[] speech, long originSample, double voicedShare);
    }

    /**
     * @param windowed true when the speech was longer than one window and was cut
     */
    public record Cut(double durationS, SpeechSpan span, boolean windowed, int windows, SourceFormat format) {
    }

    private final VadConfig vad;
    private final int window;
    private final int hop;
    private final int inMemorySamples;

    public SpeechWindows(VadConfig vad, int windowSamples, int hopSamples, int inMemorySamples) {
        if (!(hopSamples > 0 && hopSamples <= windowSamples)) {
            throw new IllegalArgumentException("need 0 < hop <= window, got " + hopSamples + " and " + windowSamples + " samples");
        }
        this.vad = vad;
        this.window = windowSamples;
        this.hop = hopSamples;
        this.inMemorySamples = inMemorySamples;
    }

    public Cut cut(String name, Source source, Sink sink) throws AudioDecodeException {
        var activity = new VoiceActivity(vad);
        var held = new BoundedCollector(inMemorySamples);
        SourceFormat format = source.stream((x, n) -> {
            activity.accept(x, n);
            held.accept(x, n);
        });
        SpeechSpan span = activity.requireSpeech(name);
        var cutter = new Cutter(span, activity, sink);
        if (!held.overflowed()) {
            float[] speech = Waveforms.standardize(held.samples(), (int) span.startSample(), (int) span.endSample());
            cutter.accept(speech, speech.length);
        } else {
            var moments = new SpanMoments(span);
            source.stream(moments);
            source.stream(new SpanStandardizer(span, moments.mean(), moments.std(), cutter));
        }
        return new Cut(activity.samplesSeen() / (double) AudioDecoder.SAMPLE_RATE, span, span.length() > window, cutter.emitted,
                format);
    }

    /** Holds samples until a limit, then lets them go and only remembers that it overflowed. */
    private static final class BoundedCollector implements SampleSink {
        private final int limit;
        private float[] samples = new float[16_000];
        private int size;
        private boolean overflowed;

        BoundedCollector(int limit) {
            this.limit = limit;
        }

        @Override
        public void accept(float[] x, int count) {
            if (overflowed) {
                return;
            }
            if (size + count > limit) {
                overflowed = true;
                samples = null;
                return;
            }
            if (size + count > samples.length) {
                samples = Arrays.copyOf(samples, Math.min(limit, Math.max(size + count, samples.length * 2)));
            }
            System.arraycopy(x, 0, samples, size, count);
            size += count;
        }

        boolean overflowed() {
            return overflowed;
        }

        float[] samples() {
            return Arrays.copyOf(samples, size);
        }
    }

    /** Mean and standard deviation of the samples inside the span, as {@link Waveforms#standardize} defines them. */
    private static final class SpanMoments implements SampleSink {
        private final SpeechSpan span;
        private long position;
        private double sum;
        private double squares;

        SpanMoments(SpeechSpan span) {
            this.span = span;
        }

        @Override
        public void accept(float[] x, int count) {
            for (int i = 0; i < count; i++, position++) {
                if (position >= span.startSample() && position < span.endSample()) {
                    sum += x[i];
                    squares += (double) x[i] * x[i];
                }
            }
        }

        double mean() {
            return span.length() == 0 ? 0 : sum / span.length();
        }

        double std() {
            double n = span.length();
            return n == 0 ? 0 : Math.sqrt(Math.max(0, squares / n - mean() * mean()));
        }
    }

    private static final class SpanStandardizer implements SampleSink {
        private final SpeechSpan span;
        private final double mean;
        private final double std;
        private final Cutter cutter;
        private final float[] scaled = new float[4096];
        private long position;

        SpanStandardizer(SpeechSpan span, double mean, double std, Cutter cutter) {
            this.span = span;
            this.mean = mean;
            this.std = std;
            this.cutter = cutter;
        }

        @Override
        public void accept(float[] x, int count) {
            int n = 0;
            for (int i = 0; i < count; i++, position++) {
                if (position >= span.startSample() && position < span.endSample()) {
                    scaled[n++] = std < 1e-8 ? 0f : (float) ((x[i] - mean) / std);
                    if (n == scaled.length) {
                        cutter.accept(scaled, n);
                        n = 0;
                    }
                }
            }
            cutter.accept(scaled, n);
        }
    }

    /** Cuts the standardized speech of a span, fed in order, into windows. */
    private final class Cutter implements SampleSink {
        private final long length;
        private final long origin;
        private final VoiceActivity activity;
        private final Sink sink;
        private final float[] buffer;
        private long bufferStart;
        private int filled;
        private boolean done;
        int emitted;

        Cutter(SpeechSpan span, VoiceActivity activity, Sink sink) {
            this.length = span.length();
            this.origin = span.startSample();
            this.activity = activity;
            this.sink = sink;
            this.buffer = new float[(int) Math.min(window, length)];
            this.done = length == 0;
        }

        @Override
        public void accept(float[] x, int count) {
            int i = 0;
            while (i < count && !done) {
                int windowLength = (int) Math.min(window, length - bufferStart);
                int take = Math.min(windowLength - filled, count - i);
                System.arraycopy(x, i, buffer, filled, take);
                filled += take;
                i += take;
                if (filled == windowLength) {
                    long start = origin + bufferStart;
                    sink.window(Arrays.copyOf(buffer, windowLength), start, activity.voicedShare(start, start + windowLength));
                    emitted++;
                    advance(windowLength);
                }
            }
        }

        private void advance(int windowLength) {
            if (bufferStart + windowLength == length) {
                done = true;
                return;
            }
            long next = bufferStart + hop;
            if (length - next < hop) {
                next = length - window; // a short tail: the last window ends with the speech instead
            }
            int shift = (int) (next - bufferStart);
            System.arraycopy(buffer, shift, buffer, 0, windowLength - shift);
            filled = windowLength - shift;
            bufferStart = next;
        }
    }
}
