package ser.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import ser.testing.TestData;

class VoiceActivityTest {
    private static final int RATE = AudioDecoder.SAMPLE_RATE;

    /**
     * Background noise at about -70 dBFS with a loud voice-like sound between {@code from} and {@code to} seconds:
     * its pitch moves (180 ± 40 Hz, three times a second) and its loudness with syllables (4 Hz), as a voice's do.
     */
    private static float[] burst(double total, double from, double to, long seed) {
        Random random = new Random(seed);
        float[] x = new float[(int) (total * RATE)];
        double phase = 0;
        for (int i = 0; i < x.length; i++) {
            double t = (double) i / RATE;
            phase += 2 * Math.PI * (180 + 40 * Math.sin(2 * Math.PI * 3 * t)) / RATE;
            double voice = t >= from && t < to ? 0.3 * Math.sin(phase) * (0.6 + 0.4 * Math.sin(2 * Math.PI * 4 * t)) : 0;
            x[i] = (float) (voice + 3e-4 * random.nextGaussian());
        }
        return x;
    }

    /** Sines of the given frequencies, amplitude 0.3 between them, from {@code from} to {@code to} seconds of {@code x}. */
    private static void addTone(float[] x, double from, double to, double... hz) {
        for (int i = (int) (from * RATE); i < (int) (to * RATE); i++) {
            for (double f : hz) {
                x[i] += (float) (0.3 / hz.length * Math.sin(2 * Math.PI * f * i / RATE));
            }
        }
    }

    @Test
    void spanLandsOnTheLoudRegionWithinTheDocumentedPadding() {
        SpeechSpan span = VoiceActivity.detect(burst(3.0, 0.8, 2.1, 1), VadConfig.DEFAULT).orElseThrow();
        assertEquals(0.8, span.startS(), 0.06);
        assertEquals(2.1, span.endS(), 0.06);
    }

    @Test
    void aShortClickBeforeSpeechDoesNotMoveTheStart() {
        float[] x = burst(3.0, 1.0, 2.0, 2);
        for (int i = (int) (0.3 * RATE); i < 0.3 * RATE + 80; i++) {
            x[i] = 0.9f; // 5 ms click, shorter than minSpeechMs
        }
        SpeechSpan span = VoiceActivity.detect(x, VadConfig.DEFAULT).orElseThrow();
        assertEquals(1.0, span.startS(), 0.06);
    }

    @Test
    void silenceAndSubFrameSignalsHoldNoSpeech() {
        assertTrue(VoiceActivity.detect(new float[RATE], VadConfig.DEFAULT).isEmpty());
        assertTrue(VoiceActivity.detect(new float[100], VadConfig.DEFAULT).isEmpty());
        float[] faint = new float[RATE];
        Arrays.fill(faint, 1e-4f);
        assertTrue(VoiceActivity.detect(faint, VadConfig.DEFAULT).isEmpty(), "-80 dBFS is under the silence level");
    }

    @Test
    void steadyNoiseWithoutContrastIsKeptWhole() {
        Random random = new Random(3);
        float[] x = new float[RATE];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (0.1 * random.nextGaussian());
        }
        SpeechSpan span = VoiceActivity.detect(x, VadConfig.DEFAULT).orElseThrow();
        assertEquals(0, span.startSample());
        assertEquals(x.length, span.endSample());
    }

    /** A test tone, DTMF digit 1 (697 + 1209 Hz) and ring-back (440 + 480 Hz): loud, and not a voice. */
    @Test
    void aSteadyToneAloneHoldsNoSpeech() {
        for (double[] hz : List.of(new double[] {440}, new double[] {697, 1209}, new double[] {440, 480})) {
            float[] x = burst(2.5, 0, 0, 5);
            addTone(x, 0.21, 2.21, hz); // off the 50 ms analysis grid
            var vad = new VoiceActivity(VadConfig.DEFAULT);
            vad.accept(x, x.length);
            AudioDecodeException e = assertThrows(AudioDecodeException.class, () -> vad.requireSpeech("tone.wav"),
                    Arrays.toString(hz) + " Hz");
            assertEquals(AudioDecodeException.Problem.NO_SPEECH, e.problem());
            assertTrue(e.getMessage().startsWith("tone.wav") && e.getMessage().contains("steady tone for "), e.getMessage());
            assertEquals(2.0, vad.steadyToneSeconds(), 0.1, e.getMessage());
        }
    }

    @Test
    void aToneBeforeSpeechNeitherOpensTheSpanNorCountsAsVoiced() {
        float[] x = burst(5.0, 2.5, 4.0, 6);
        addTone(x, 0.3, 2.1, 440);
        var vad = new VoiceActivity(VadConfig.DEFAULT);
        vad.accept(x, x.length);
        SpeechSpan span = vad.speechSpan().orElseThrow();
        assertEquals(2.5, span.startS(), 0.06);
        assertEquals(4.0, span.endS(), 0.06);
        assertEquals(0.0, vad.voicedShare((long) (0.4 * RATE), (long) (2.0 * RATE)), "the tone is not voiced");
        assertEquals(1.8, vad.steadyToneSeconds(), 0.1);
        assertTrue(vad.voicedShare((long) (2.6 * RATE), (long) (3.9 * RATE)) > 0.9);
    }

    /**
     * Mains hum 25 dB under the voice, throughout: alone (2 s before the voice, 1.7 s after) it is a tone, under the
     * voice it is not, and it stays the floor the voice is measured against.
     */
    @Test
    void humIsSilencedWhereItIsAloneAndTheVoiceOverItIsKept() {
        float[] x = burst(5.0, 2.0, 3.3, 7);
        for (int i = 0; i < x.length; i++) {
            x[i] += (float) (0.02 * Math.sin(2 * Math.PI * 50 * i / RATE));
        }
        var vad = new VoiceActivity(VadConfig.DEFAULT);
        vad.accept(x, x.length);
        SpeechSpan span = vad.speechSpan().orElseThrow();
        assertEquals(2.0, span.startS(), 0.06);
        assertEquals(3.3, span.endS(), 0.06);
        assertEquals(3.7, vad.steadyToneSeconds(), 0.2, "the hum alone");
        assertTrue(vad.voicedShare((long) (2.1 * RATE), (long) (3.2 * RATE)) > 0.9);
    }

    /** A tone over noise loud enough that, once the tone is silence, nothing is left to trim: the tone still does not vote. */
    @Test
    void aToneOverSteadyNoiseDoesNotVote() {
        Random random = new Random(8);
        float[] x = new float[4 * RATE];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (0.01 * random.nextGaussian());
        }
        addTone(x, 0, 2.0, 440);
        var vad = new VoiceActivity(VadConfig.DEFAULT);
        vad.accept(x, x.length);
        SpeechSpan span = vad.speechSpan().orElseThrow();
        assertEquals(2.0, span.startS(), 0.06, "the noise after the tone is what is left");
        assertEquals(x.length, span.endSample(), "to the end: no tone after it");
        assertEquals(0.0, vad.voicedShare(0, (long) (1.9 * RATE)), "the tone");
        assertEquals(1.0, vad.voicedShare((long) (2.1 * RATE), x.length));
    }

    /** The rule's length: a tone held 1.4 s is still sound, one held 1.6 s is not (VoiceActivity.MIN_TONE_MS, 1.5 s). */
    @Test
    void aToneCountsOnlyOnceItHoldsForTheMinimumLength() {
        for (double seconds : new double[] {1.4, 1.6}) {
            float[] x = burst(2.5, 0, 0, 9);
            addTone(x, 0.3, 0.3 + seconds, 440);
            assertEquals(seconds < VoiceActivity.MIN_TONE_MS / 1000.0, VoiceActivity.detect(x, VadConfig.DEFAULT).isPresent(),
                    seconds + " s");
        }
    }

    /** Every clip of the five corpora: real speech never holds its spectrum still long enough to count as a tone. */
    @Test
    void noClipOfTheCorporaHoldsASteadyTone() throws IOException {
        List<Path> clips = new ArrayList<>();
        for (String corpus : List.of("ravdess", "tess", "emodb", "nemo", "ased")) {
            try (Stream<Path> s = Files.walk(TestData.shared(corpus))) {
                s.filter(p -> p.getFileName().toString().matches(".*\\.(flac|opus|wav)")).forEach(clips::add);
            }
        }
        List<String> tones = clips.parallelStream().map(clip -> {
            var vad = new VoiceActivity(VadConfig.DEFAULT);
            try {
                AudioDecoder.stream(clip, vad);
            } catch (AudioDecodeException e) {
                return clip + ": " + e.getMessage();
            }
            vad.speechSpan();
            return vad.steadyToneSeconds() > 0 ? clip + ": " + vad.steadyToneSeconds() + " s of steady tone" : null;
        }).filter(Objects::nonNull).toList();
        assertTrue(clips.size() > 7000, clips.size() + " clips");
        assertEquals(List.of(), tones);
    }

    @Test
    void streamingInOddChunksGivesTheSameSpanAsOneBuffer() {
        float[] x = burst(4.5, 2.4, 3.7, 4);
        addTone(x, 0.1, 2.0, 697, 1209);
        var streamed = new VoiceActivity(VadConfig.DEFAULT);
        for (int i = 0; i < x.length; i += 333) {
            int n = Math.min(333, x.length - i);
            streamed.accept(Arrays.copyOfRange(x, i, i + n), n);
        }
        assertEquals(VoiceActivity.detect(x, VadConfig.DEFAULT), streamed.speechSpan());
        assertEquals(1.9, streamed.steadyToneSeconds(), 0.1, "the DTMF tone before the voice");
        assertEquals(x.length, streamed.samplesSeen());
    }

    /** RAVDESS clips carry about a second of silence at each end; the span must land on the speech. */
    @Test
    void ravdessSilenceIsTrimmedFromBothEnds() throws IOException {
        Path ravdess = TestData.shared("ravdess");
        List<Path> clips = new ArrayList<>();
        for (String actor : List.of("Actor_01", "Actor_02", "Actor_05", "Actor_10")) {
            try (Stream<Path> s = Files.list(ravdess.resolve(actor))) {
                s.sorted().forEach(clips::add);
            }
        }
        int leadTrimmed = 0;
        int tailTrimmed = 0;
        for (Path clip : clips) {
            var vad = new VoiceActivity(VadConfig.DEFAULT);
            AudioDecoder.stream(clip, vad);
            SpeechSpan span = vad.speechSpan().orElseThrow();
            double duration = vad.samplesSeen() / (double) RATE;
            assertTrue(span.endS() - span.startS() >= 1.0, clip + ": speech cut to " + span);
            leadTrimmed += span.startS() >= 0.3 ? 1 : 0;
            tailTrimmed += duration - span.endS() >= 0.3 ? 1 : 0;
        }
        assertEquals(240, clips.size());
        assertTrue(leadTrimmed >= 0.95 * clips.size(), "leading silence trimmed on " + leadTrimmed + " of 240");
        assertTrue(tailTrimmed >= 0.90 * clips.size(), "trailing silence trimmed on " + tailTrimmed + " of 240");
    }

    @Test
    void speechLoaderTrimsAndStandardizes() throws IOException {
        Utterance u = new SpeechLoader(VadConfig.DEFAULT).load(TestData.resource("clips/03-01-05-01-01-01-01.flac"));
        assertTrue(u.span().startS() > 0.3, "RAVDESS lead silence trimmed: " + u.span());
        assertEquals(u.span().length(), u.samples().length);
        double sum = 0;
        double squares = 0;
        for (float v : u.samples()) {
            sum += v;
            squares += v * v;
        }
        assertEquals(0, sum / u.samples().length, 1e-4);
        assertEquals(1, squares / u.samples().length, 1e-3);
    }
}
